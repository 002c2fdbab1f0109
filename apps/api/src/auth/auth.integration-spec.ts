import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import request from 'supertest';
import { FixedClock, loadAuthConfig, loadRulesConfig, type AppConfig, type AuthConfig } from '@frist/config';
import { bearer, TEST_AUTH_ENV } from '@frist/testing';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { ConfigModule } from '../config/config.module';
import { AuthModule } from './auth.module';
import { CurrentUser, Public, Roles } from './auth.decorators';
import type { AuthUser } from './auth-user';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

@Controller('t')
class ProbeController {
  @Public()
  @Get('public')
  open() {
    return { ok: true };
  }

  @Roles('caseworker', 'manager')
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return user;
  }

  @Roles('manager')
  @Get('managers')
  managers() {
    return { ok: true };
  }

  /** No @Roles: closed to everyone (secure by default). */
  @Get('forgotten')
  forgotten() {
    return { ok: true };
  }
}

const NOW = new Date('2031-05-01T10:00:00Z');

const RATE_LIMITS = { userPerMin: 3000, authFailuresPerMin: 60, devTokenPerMin: 20 };

async function appWith(
  auth: AuthConfig,
  clock = new FixedClock(NOW),
  rateLimits = RATE_LIMITS,
): Promise<INestApplication> {
  // No adopted rule sets or programmes: the config module builds the trial catalogue from them.
  const config = { env: 'test', auth, api: { rateLimits }, rules: loadRulesConfig({}) } as AppConfig;
  @Module({
    imports: [ConfigModule.forRoot(config, clock), AuthModule],
    controllers: [ProbeController],
    providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
  })
  class ProbeModule {}
  const app = await NestFactory.create(ProbeModule, { logger: ['error'] });
  await app.init();
  return app;
}

describe('bearer-token auth (HS256, shared secret)', () => {
  const auth = loadAuthConfig({ NODE_ENV: 'test', ...TEST_AUTH_ENV });
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith(auth);
  });
  afterAll(() => app.close());
  const token = (role: 'caseworker' | 'manager' | 'ops', opts: { now?: Date; ttlSeconds?: number } = {}) =>
    bearer(auth, role, ['fleks-nord', 'fleks-syd'], 'cw-17', { now: NOW, ...opts });

  it('lets public routes through without a token', async () => {
    await request(app.getHttpServer()).get('/t/public').expect(200, { ok: true });
  });

  it('answers 401 problem details with a Bearer challenge without or with a bad token', async () => {
    const none = await request(app.getHttpServer()).get('/t/me').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="frist"');
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    const good = await token('caseworker');
    const [h, p, s] = good.slice('Bearer '.length).split('.');
    const tampered = `Bearer ${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), role: 'manager' })).toString('base64url')}.${s}`;
    const unsigned = `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const otherSecret = await bearer({ ...auth, jwtSecret: 'x'.repeat(40) }, 'manager', ['fleks-nord'], 'x', {
      now: NOW,
    });
    const otherAudience = await bearer({ ...auth, audience: 'someone-else' }, 'manager', ['fleks-nord'], 'x', {
      now: NOW,
    });
    const expired = await token('caseworker', { now: new Date(NOW.getTime() - 3 * 3600_000), ttlSeconds: 3600 });
    for (const [value, detail] of [
      ['Basic Zm9vOmJhcg==', /Bearer/],
      ['Bearer not-a-jwt', /Bearer/],
      [tampered, /signature/],
      [unsigned, /algorithm|valid JWT/],
      [otherSecret, /signature/],
      [otherAudience, /aud/],
      [expired, /expired/],
    ] as const) {
      const res = await request(app.getHttpServer()).get('/t/me').set('authorization', value).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.detail).toMatch(detail);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('trusts a token it verified before only until the token expires (clock tolerance as jose applies it)', async () => {
    const clock = new FixedClock(NOW);
    const local = await appWith(auth, clock);
    try {
      const short = await token('caseworker', { ttlSeconds: 60 });
      const at = (seconds: number) => clock.set(new Date(NOW.getTime() + seconds * 1000));
      await request(local.getHttpServer()).get('/t/me').set('authorization', short).expect(200);
      at(60 + auth.clockToleranceSec - 1);
      await request(local.getHttpServer()).get('/t/me').set('authorization', short).expect(200);
      at(60 + auth.clockToleranceSec);
      const res = await request(local.getHttpServer()).get('/t/me').set('authorization', short).expect(401);
      expect(res.body.detail).toMatch(/expired/);
    } finally {
      await local.close();
    }
  });

  /** A token with exactly the given time claims (seconds relative to NOW; null leaves the claim out). */
  const timed = (t: { iat?: number | null; nbf?: number; exp?: number | null }) => {
    const at = (s: number) => Math.floor(NOW.getTime() / 1000) + s;
    const jwt = new jose.SignJWT({ role: 'caseworker', teams: ['fleks-nord'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cw-1')
      .setIssuer(auth.issuer)
      .setAudience(auth.audience);
    if (t.iat !== null) jwt.setIssuedAt(at(t.iat ?? 0));
    if (t.nbf !== undefined) jwt.setNotBefore(at(t.nbf));
    if (t.exp !== null) jwt.setExpirationTime(at(t.exp ?? 3600));
    return jwt.sign(new TextEncoder().encode(auth.jwtSecret)).then((v) => `Bearer ${v}`);
  };
  const refused = async (value: string, detail: RegExp) => {
    const res = await request(app.getHttpServer()).get('/t/me').set('authorization', value).expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(res.body.detail).toMatch(detail);
  };

  it('refuses a token without exp (it would never expire)', async () => {
    await refused(await timed({ exp: null }), /no exp/);
    await refused(await timed({ exp: null, iat: null }), /no exp/);
  });

  it('refuses tokens issued or valid only in the future beyond the clock tolerance', async () => {
    const tol = auth.clockToleranceSec;
    await refused(await timed({ iat: 3600, exp: 7200 }), /issued in the future/);
    await refused(await timed({ iat: tol + 1, exp: 3600 }), /issued in the future/);
    await refused(await timed({ nbf: 600, exp: 3600 }), /not valid yet/);
    // Within the tolerance a skewed issuer clock is fine.
    await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', await timed({ iat: tol, nbf: tol, exp: 3600 }))
      .expect(200);
  });

  it('refuses tokens that live longer than the configured maximum (default 12 h): a 10-year token', async () => {
    expect(auth.maxTokenLifetimeSec).toBe(12 * 3600);
    const tenYears = 10 * 365 * 24 * 3600;
    await refused(await timed({ exp: tenYears }), /longer than the accepted maximum of 43200 seconds/);
    // Without iat the lifetime counts from now: an old-looking token still may not reach far ahead.
    await refused(await timed({ iat: null, exp: 13 * 3600 }), /longer than the accepted maximum/);
    // Issued long ago with a short remaining life, but 13 h in all: refused too.
    await refused(await timed({ iat: -12 * 3600, exp: 3600 }), /longer than the accepted maximum/);
    await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', await timed({ exp: 12 * 3600 }))
      .expect(200);
    await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', await timed({ iat: null, exp: 12 * 3600 }))
      .expect(200);
    // The dev/test signer never mints one the API would refuse.
    await expect(bearer(auth, 'manager', ['a'], 'x', { now: NOW, ttlSeconds: 13 * 3600 })).rejects.toThrow(
      /at most 43200 s/,
    );
  });

  it('keeps the verified-token cache within these rules: a future nbf/iat is refused on every request', async () => {
    const clock = new FixedClock(NOW);
    const local = await appWith(auth, clock);
    try {
      const get = (value: string) => request(local.getHttpServer()).get('/t/me').set('authorization', value);
      const early = await timed({ iat: 20, nbf: 20, exp: 3600 }); // within the 30 s tolerance now
      await get(early).expect(200);
      // The clock steps back (NTP correction): the cached token is checked again, not trusted blindly.
      clock.set(new Date(NOW.getTime() - 60_000));
      expect((await get(early).expect(401)).body.detail).toMatch(/not valid yet|issued in the future/);
      clock.set(NOW);
      await get(early).expect(200);
      // A refused token is never cached as good.
      const future = await timed({ iat: 3600, exp: 7200 });
      await get(future).expect(401);
      await get(future).expect(401);
    } finally {
      await local.close();
    }
  });

  it('answers 429 with Retry-After to an address that keeps failing authentication; valid tokens still pass', async () => {
    const local = await appWith(auth, new FixedClock(NOW), { ...RATE_LIMITS, authFailuresPerMin: 3 });
    try {
      const get = (value: string) => request(local.getHttpServer()).get('/t/me').set('authorization', value);
      const wrong = await bearer({ ...auth, jwtSecret: 'w'.repeat(40) }, 'manager', ['fleks-nord'], 'x', { now: NOW });
      for (let i = 0; i < 3; i++) await get(wrong).expect(401);
      const limited = await get(wrong).expect(429);
      expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(limited.body.detail).toMatch(/failed authentications/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
      await get('Bearer not.a.jwt').expect(429); // malformed tokens count too
      // Only failures count: a caller with a good token is not locked out by a neighbour's guessing.
      await get(await token('caseworker')).expect(200);
    } finally {
      await local.close();
    }
  });

  it('limits requests per user and answers 429 with Retry-After beyond it; other users are not affected', async () => {
    const local = await appWith(auth, new FixedClock(NOW), { ...RATE_LIMITS, userPerMin: 5 });
    try {
      const get = (value: string) => request(local.getHttpServer()).get('/t/me').set('authorization', value);
      const busy = await bearer(auth, 'caseworker', ['fleks-nord'], 'busy', { now: NOW });
      for (let i = 0; i < 5; i++) await get(busy).expect(200);
      const limited = await get(busy).expect(429);
      expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await get(await bearer(auth, 'caseworker', ['fleks-nord'], 'calm', { now: NOW })).expect(200);
    } finally {
      await local.close();
    }
    // 0 turns the per-user limit off (the benchmark's setting).
    const unlimited = await appWith(auth, new FixedClock(NOW), { ...RATE_LIMITS, userPerMin: 0 });
    try {
      const busy = await bearer(auth, 'caseworker', ['fleks-nord'], 'busy', { now: NOW });
      for (let i = 0; i < 20; i++)
        await request(unlimited.getHttpServer()).get('/t/me').set('authorization', busy).expect(200);
    } finally {
      await unlimited.close();
    }
  });

  it('gives the handler the verified caller', async () => {
    const res = await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', await token('caseworker'))
      .expect(200);
    expect(res.body).toEqual({ sub: 'cw-17', role: 'caseworker', teams: ['fleks-nord', 'fleks-syd'] });
  });

  it('answers 403 outside the role, and for handlers that name no roles at all', async () => {
    const cw = await token('caseworker');
    expect((await request(app.getHttpServer()).get('/t/managers').set('authorization', cw).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    await request(app.getHttpServer())
      .get('/t/managers')
      .set('authorization', await token('manager'))
      .expect(200);
    await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', await token('ops'))
      .expect(403);
    await request(app.getHttpServer())
      .get('/t/forgotten')
      .set('authorization', await token('manager'))
      .expect(403);
  });

  it('rejects tokens without a known role or with malformed teams', async () => {
    const key = new TextEncoder().encode(auth.jwtSecret);
    const sign = (claims: Record<string, unknown>) =>
      new jose.SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('s')
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setIssuedAt(Math.floor(NOW.getTime() / 1000))
        .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60)
        .sign(key);
    for (const claims of [{ role: 'admin', teams: [] }, { teams: ['a'] }, { role: 'manager', teams: ['Not A Slug'] }]) {
      await request(app.getHttpServer())
        .get('/t/me')
        .set('authorization', `Bearer ${await sign(claims)}`)
        .expect(401);
    }
    // An identity provider's `roles` list: the broadest known role wins.
    const res = await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', `Bearer ${await sign({ roles: ['ops', 'caseworker', 'x'], teams: ['a', 'a'] })}`)
      .expect(200);
    expect(res.body).toEqual({ sub: 's', role: 'caseworker', teams: ['a'] });
  });
});

describe('bearer-token auth (RS256 through the identity provider JWKS)', () => {
  let idp: Server;
  let app: INestApplication;
  let privateKey: Jose.CryptoKey;
  let auth: AuthConfig;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await jose.generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = createServer((_req, res) => {
      jwksRequests++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    auth = loadAuthConfig({
      NODE_ENV: 'production',
      AUTH_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks.json`,
      AUTH_ISSUER: 'https://idp.kommune.example',
      AUTH_AUDIENCE: 'frist',
    });
    app = await appWith(auth);
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((r) => idp?.close(r));
  });

  const idpToken = (claims: Record<string, unknown>, issuer = 'https://idp.kommune.example') =>
    new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('ad-user-42')
      .setIssuer(issuer)
      .setAudience('frist')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000))
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 300)
      .sign(privateKey);

  it('accepts the identity provider token and fetches its keys once', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(app.getHttpServer())
        .get('/t/me')
        .set('authorization', `Bearer ${await idpToken({ role: 'manager', teams: ['fleks-nord'] })}`)
        .expect(200);
      expect(res.body).toEqual({ sub: 'ad-user-42', role: 'manager', teams: ['fleks-nord'] });
    }
    expect(jwksRequests).toBe(1);
  });

  it('rejects a foreign issuer and HMAC tokens (no algorithm confusion)', async () => {
    await request(app.getHttpServer())
      .get('/t/me')
      .set('authorization', `Bearer ${await idpToken({ role: 'manager', teams: [] }, 'https://evil.example')}`)
      .expect(401);
    const hmac = await bearer(
      { ...auth, jwtSecret: 'y'.repeat(40), algorithms: ['HS256'] },
      'manager',
      ['fleks-nord'],
      'x',
      { now: NOW },
    );
    const res = await request(app.getHttpServer()).get('/t/me').set('authorization', hmac).expect(401);
    expect(res.body.detail).toMatch(/algorithm/);
  });
});
