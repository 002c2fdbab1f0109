import { ConfigError, DEV_JWT_SECRET, loadAuthConfig, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults and parses numbers', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/frist', API_PORT: '8080' });
    expect(c.api.port).toBe(8080);
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'frist-cases' });
    expect(c.database.poolSize).toBe(10);
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

  it('defaults to the dev secret outside production', () => {
    const c = loadConfig({ ...db, NODE_ENV: 'development' });
    expect(c.auth).toMatchObject({
      jwtSecret: DEV_JWT_SECRET,
      algorithms: ['HS256'],
      issuer: 'frist-dev',
      audience: 'frist-api',
    });
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
    });
    expect(c.auth).toEqual({
      jwksUrl: 'https://idp.example/jwks',
      algorithms: ['RS256', 'ES256'],
      issuer: 'https://idp.example',
      audience: 'frist',
      clockToleranceSec: 30,
    });
    expect(() =>
      loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWT_ALGORITHMS: 'RS256,HS256' }),
    ).toThrow(/asymmetric/);
    expect(() => loadAuthConfig({ AUTH_JWT_ALGORITHMS: 'RS256' })).toThrow(/HS256/);
  });
});
