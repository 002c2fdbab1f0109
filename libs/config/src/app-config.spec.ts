import {
  ConfigError,
  DEV_JWT_SECRET,
  isWebhookHostAllowed,
  loadAuthConfig,
  loadConfig,
  loadRulesConfig,
} from './app-config';

describe('loadConfig', () => {
  it('applies defaults and parses numbers', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist',
      API_PORT: '8080',
      NODE_ENV: 'development',
    });
    expect(c.api.port).toBe(8080);
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'frist-cases' });
    expect(c.database.poolSize).toBe(10);
    expect(c.api).toMatchObject({
      clientCaseIds: false,
      maxStreamsPerUser: 5,
      rateLimits: { userPerMin: 3000, authFailuresPerMin: 60, devTokenPerMin: 20 },
    });
  });

  it('reads the log level and the OTLP endpoint; warn under test, info elsewhere, no export unless configured', () => {
    const dev = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist', NODE_ENV: 'development' };
    expect(loadConfig(dev).observability).toEqual({ logLevel: 'info', logFormat: 'pretty' });
    expect(loadConfig({ ...dev, LOG_FORMAT: 'json' }).observability.logFormat).toBe('json');
    expect(() => loadConfig({ ...dev, LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
    expect(loadConfig({ ...dev, NODE_ENV: 'test', AUTH_JWT_SECRET: 't'.repeat(32) }).observability.logLevel).toBe(
      'warn',
    );
    expect(
      loadConfig({ ...dev, LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).observability,
    ).toEqual({ logLevel: 'debug', logFormat: 'pretty', otlpEndpoint: 'http://collector:4318' });
    expect(() => loadConfig({ ...dev, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ...dev, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('adopts no rule set and no trial programme by default; lists the files of each, also without a database', () => {
    const dev = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist', NODE_ENV: 'development' };
    expect(loadConfig(dev).rules).toEqual({ adoptedFiles: [], adoptedProgrammeFiles: [] });
    const files = { ADOPTED_RULE_SETS: 'a.json', ADOPTED_PROGRAMMES: ' trial-1.json , ,trial-2.json ' };
    expect(loadConfig({ ...dev, ...files }).rules).toEqual({
      adoptedFiles: ['a.json'],
      adoptedProgrammeFiles: ['trial-1.json', 'trial-2.json'],
    });
    expect(loadRulesConfig(files)).toEqual(loadConfig({ ...dev, ...files }).rules);
    expect(loadRulesConfig({})).toEqual({ adoptedFiles: [], adoptedProgrammeFiles: [] });
  });

  it('fails at boot with every invalid variable named', () => {
    expect(() => loadConfig({ DATABASE_URL: 'nope', API_PORT: 'x' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'nope', API_PORT: 'x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/DATABASE_URL/);
      expect((e as Error).message).toMatch(/API_PORT/);
    }
  });
});

describe('auth config', () => {
  const db = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist' };

  it('uses the dev secret only where NODE_ENV=development is set explicitly', () => {
    const c = loadConfig({ ...db, NODE_ENV: 'development' });
    expect(c.auth).toMatchObject({
      jwtSecret: DEV_JWT_SECRET,
      algorithms: ['HS256'],
      issuer: 'frist-dev',
      audience: 'frist-api',
      maxTokenLifetimeSec: 12 * 3600,
    });
    expect(() => loadConfig({ ...db, NODE_ENV: 'test' })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL is required/);
    expect(loadConfig({ ...db, NODE_ENV: 'test', AUTH_JWT_SECRET: 't'.repeat(32) }).auth.jwtSecret).toBe(
      't'.repeat(32),
    );
    expect(() => loadAuthConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: DEV_JWT_SECRET })).toThrow(/development secret/);
  });

  it('treats an unset NODE_ENV as production (fails closed)', () => {
    expect(() => loadConfig(db)).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL[\s\S]*AUTH_ISSUER[\s\S]*AUTH_AUDIENCE/);
    const env = {
      ...db,
      AUTH_JWT_SECRET: 'x'.repeat(40),
      AUTH_ISSUER: 'frist',
      AUTH_AUDIENCE: 'frist-api',
      PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      WEBHOOK_ALLOWED_HOSTS: 'hooks.example.dk',
    };
    expect(loadConfig(env)).toMatchObject({ env: 'production', webhooks: { allowHttp: false } });
    expect(() => loadConfig({ ...env, AUTH_JWT_SECRET: DEV_JWT_SECRET })).toThrow(/development secret/);
  });

  it('configures the longest token lifetime within sane bounds', () => {
    expect(loadAuthConfig({ NODE_ENV: 'development', AUTH_MAX_TOKEN_LIFETIME_S: '3600' }).maxTokenLifetimeSec).toBe(
      3600,
    );
    expect(() => loadAuthConfig({ NODE_ENV: 'development', AUTH_MAX_TOKEN_LIFETIME_S: '10' })).toThrow(
      /AUTH_MAX_TOKEN_LIFETIME_S/,
    );
  });

  it('refuses to boot in production without key material, issuer and audience', () => {
    expect(() => loadConfig({ ...db, NODE_ENV: 'production' })).toThrow(
      /AUTH_JWT_SECRET or AUTH_JWKS_URL[\s\S]*AUTH_ISSUER[\s\S]*AUTH_AUDIENCE/,
    );
    expect(() => loadConfig({ ...db, NODE_ENV: 'production', AUTH_JWT_SECRET: 'short' })).toThrow(/32 characters/);
  });

  it('uses the JWKS with asymmetric algorithms only, never the dev secret', () => {
    const c = loadConfig({
      ...db,
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'frist',
      AUTH_JWT_ALGORITHMS: 'RS256,ES256',
      PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      WEBHOOK_ALLOWED_HOSTS: '*.kommune.dk',
    });
    expect(c.auth).toEqual({
      jwksUrl: 'https://idp.example/jwks',
      algorithms: ['RS256', 'ES256'],
      issuer: 'https://idp.example',
      audience: 'frist',
      clockToleranceSec: 30,
      maxTokenLifetimeSec: 43200,
    });
    expect(() =>
      loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_ALGORITHMS: 'RS256,HS256' }),
    ).toThrow(/asymmetric/);
    expect(() => loadAuthConfig({ AUTH_JWT_ALGORITHMS: 'RS256' })).toThrow(/HS256/);
  });
});

describe('worker roles', () => {
  const dev = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist', NODE_ENV: 'development' };
  const roles = (env: Record<string, string> = {}) => loadConfig({ ...dev, ...env }).worker.roles;

  it('runs both roles in one process by default, and only cases where webhooks are off (WEBHOOKS_ENABLED)', () => {
    expect(roles()).toEqual(['cases', 'webhooks']);
    expect(roles({ WORKER_ROLES: '' })).toEqual(['cases', 'webhooks']);
    expect(roles({ WEBHOOKS_ENABLED: 'false' })).toEqual(['cases']);
  });

  it('reads WORKER_ROLES: a case replica, a webhook worker, both in any order and spacing', () => {
    expect(roles({ WORKER_ROLES: 'cases' })).toEqual(['cases']);
    expect(roles({ WORKER_ROLES: 'webhooks' })).toEqual(['webhooks']);
    expect(roles({ WORKER_ROLES: ' webhooks , cases ' })).toEqual(['cases', 'webhooks']);
    expect(roles({ WORKER_ROLES: 'cases', WEBHOOKS_ENABLED: 'false' })).toEqual(['cases']);
  });

  it('refuses unknown, duplicate or no roles, naming the variable and the roles it accepts', () => {
    expect(() => roles({ WORKER_ROLES: 'cases,webhook' })).toThrow(
      new ConfigError(
        "Invalid configuration:\n  WORKER_ROLES: unknown role 'webhook'; expected one or both of cases, webhooks",
      ),
    );
    expect(() => roles({ WORKER_ROLES: 'cases,cases' })).toThrow(/WORKER_ROLES: names a role twice/);
    expect(() => roles({ WORKER_ROLES: ' , ' })).toThrow(/WORKER_ROLES: names no role/);
  });

  it("bounds the workflow thread's young generation by default (2 MiB semi-spaces), 0 leaving V8's", () => {
    expect(loadConfig(dev).worker.workflowSemiSpaceMiB).toBe(2);
    expect(loadConfig({ ...dev, WORKER_WORKFLOW_SEMI_SPACE_MIB: '0' }).worker.workflowSemiSpaceMiB).toBe(0);
    expect(loadConfig({ ...dev, WORKER_WORKFLOW_SEMI_SPACE_MIB: '4' }).worker.workflowSemiSpaceMiB).toBe(4);
    expect(() => loadConfig({ ...dev, WORKER_WORKFLOW_SEMI_SPACE_MIB: '65' })).toThrow(
      /WORKER_WORKFLOW_SEMI_SPACE_MIB/,
    );
    expect(() => loadConfig({ ...dev, WORKER_WORKFLOW_SEMI_SPACE_MIB: '1.5' })).toThrow(
      /WORKER_WORKFLOW_SEMI_SPACE_MIB/,
    );
  });

  it('refuses a webhooks role in an installation whose webhooks are off', () => {
    expect(() => roles({ WORKER_ROLES: 'cases,webhooks', WEBHOOKS_ENABLED: 'false' })).toThrow(
      /WORKER_ROLES: names webhooks while WEBHOOKS_ENABLED=false/,
    );
    expect(() => roles({ WORKER_ROLES: 'webhooks', WEBHOOKS_ENABLED: 'false' })).toThrow(ConfigError);
  });
});

describe('webhook receivers', () => {
  const prod = {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist',
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: 'x'.repeat(40),
    AUTH_ISSUER: 'frist',
    AUTH_AUDIENCE: 'frist-api',
    PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
  };

  it('production names its receivers while webhooks are on; development allows any host', () => {
    expect(() => loadConfig(prod)).toThrow(/WEBHOOK_ALLOWED_HOSTS: required in production/);
    expect(() => loadConfig({ ...prod, WEBHOOK_ALLOWED_HOSTS: '' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    expect(loadConfig({ ...prod, WEBHOOKS_ENABLED: 'false' }).webhooks.allowedHosts).toBeUndefined();
    expect(
      loadConfig({ ...prod, WEBHOOK_ALLOWED_HOSTS: ' Hooks.Example.dk, *.kommune.dk:8443 ' }).webhooks,
    ).toMatchObject({
      allowHttp: false,
      allowedHosts: ['hooks.example.dk', '*.kommune.dk:8443'],
    });
    expect(
      loadConfig({ DATABASE_URL: prod.DATABASE_URL, NODE_ENV: 'development' }).webhooks.allowedHosts,
    ).toBeUndefined();
    expect(() => loadConfig({ ...prod, WEBHOOK_ALLOWED_HOSTS: 'http://x.dk/path' })).toThrow(
      /comma-separated host names/,
    );
  });

  it.each([
    ['https://hooks.example.dk/in', true],
    ['https://HOOKS.example.dk/in', true],
    ['https://evil.example.dk/in', false],
    ['https://hooks.example.dk.evil.com/in', false],
    ['https://sag.aarhus.kommune.dk/in', true],
    ['https://kommune.dk/in', false],
    ['https://xkommune.dk/in', false],
    ['https://intern.kommune.dk:8443/in', true],
    ['https://intern.kommune.dk:9443/in', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isWebhookHostAllowed(new URL(url), ['hooks.example.dk', '*.aarhus.kommune.dk', '*.kommune.dk:8443'])).toBe(
      allowed,
    );
  });

  it('names the internal networks receivers may be on; none by default, in every environment', () => {
    const dev = { DATABASE_URL: prod.DATABASE_URL, NODE_ENV: 'development' };
    expect(loadConfig(dev).webhooks.allowedNetworks).toBeUndefined();
    expect(loadConfig({ ...prod, WEBHOOK_ALLOWED_HOSTS: 'x.dk' }).webhooks.allowedNetworks).toBeUndefined();
    const allowed = loadConfig({ ...dev, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32, 10.20.0.0/16' }).webhooks
      .allowedNetworks;
    expect([allowed?.check('127.0.0.1'), allowed?.check('10.20.3.4'), allowed?.check('10.21.0.1')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(() => loadConfig({ ...dev, WEBHOOK_ALLOWED_NETWORKS: 'intranet' })).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
  });

  it('allows any host without a list', () => {
    expect(isWebhookHostAllowed(new URL('https://anything.example/x'), undefined)).toBe(true);
  });
});
