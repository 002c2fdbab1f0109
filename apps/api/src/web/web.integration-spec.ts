import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEV_JWT_SECRET, loadAuthConfig, loadConfig, type AppConfig } from '@frist/config';
import { bearer, createTestDatabase, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';
import { WEB_ASSETS } from './web.controller';

function assetFiles(dir = WEB_ASSETS): string[] {
  return readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? assetFiles(join(dir, f)) : [join(dir, f)],
  );
}

describe('web UI serving', () => {
  let db: { url: string; drop(): Promise<void> };
  let config: AppConfig;
  let app: INestApplication;
  let prod: INestApplication;
  let unset: INestApplication;
  /** Everything production needs, and no NODE_ENV at all. */
  const unsetEnv = (url: string) => ({
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    AUTH_JWT_SECRET: 'p'.repeat(40),
    AUTH_ISSUER: 'frist-dev',
    AUTH_AUDIENCE: 'frist-api',
    PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    WEBHOOK_ALLOWED_HOSTS: 'hooks.example.dk',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    // The dev-token helper exists only where NODE_ENV=development is set explicitly.
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'development', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config);
    await app.init();
    // Only the web module's decision matters here: it reads env and the signing secret.
    prod = await createApp({ ...config, env: 'production' });
    await prod.init();
    unset = await createApp(loadConfig(unsetEnv(db.url)));
    await unset.init();
  });
  afterAll(async () => {
    await app?.close();
    await prod?.close();
    await unset?.close();
    await db?.drop();
  });

  it('serves the page and its modules without a token, under a strict Content-Security-Policy', async () => {
    const page = await request(app.getHttpServer()).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.text).toContain('<html lang="da">');
    expect(page.text).toContain('<script type="module" src="/assets/app.js"></script>');

    const js = await request(app.getHttpServer()).get('/assets/app.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    await request(app.getHttpServer()).get('/assets/pages/inbox.js').expect(200);
    const css = await request(app.getHttpServer()).get('/assets/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('serves nothing outside the assets folder', async () => {
    for (const path of [
      '/assets/..%2Fweb.controller.ts',
      '/assets/%2E%2E%2F%2E%2E%2Fmain.ts',
      '/assets/web.controller.ts',
      '/assets/nope.js',
      '/assets/pages/..%2F..%2Fapp.module.ts',
    ]) {
      const res = await request(app.getHttpServer()).get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  // The budget grew from 120 kB when the UI took on the case work (case list, case actions, live inbox), and to
  // 220 kB with the managers' and jurists' pages (webhooks, job-talk quota, rule-change approval, ~35 kB): still
  // one uncompressed page load smaller than a typical framework runtime.
  it('stays small and local: no build step, no CDN, under 220 kB in all', () => {
    const files = assetFiles();
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThan(220_000);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // The only absolute URL allowed is the SVG namespace ("https://" alone, as a hint to the user, names no host).
      expect([f, text.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)[a-z0-9][^\s'"`)]*/gi)]).toEqual([f, null]);
    }
  });

  it('mints development tokens that the API accepts, and only outside production', async () => {
    const minted = await request(app.getHttpServer())
      .post('/web/dev-token')
      .send({ role: 'manager', teams: ['fleks-nord'], sub: 'leder-7' })
      .expect(200);
    const auth = `Bearer ${minted.body.token as string}`;
    await request(app.getHttpServer()).get('/api/v1/dashboard/overdue').set('authorization', auth).expect(200);
    const bad = await request(app.getHttpServer()).post('/web/dev-token').send({ role: 'root' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    await request(prod.getHttpServer()).get('/web/dev-token').expect(404);
    await request(prod.getHttpServer()).post('/web/dev-token').send({ role: 'manager' }).expect(404);
    await request(prod.getHttpServer()).get('/').expect(200);
  });

  it('with NODE_ENV unset applies production rules: no dev-token route, the dev secret refused (fails closed)', async () => {
    expect(loadConfig(unsetEnv(db.url)).env).toBe('production');
    // Unset NODE_ENV and no key material: the boot fails instead of trusting the committed dev secret.
    expect(() => loadConfig({ DATABASE_URL: db.url })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL is required/);
    expect(() => loadConfig({ ...unsetEnv(db.url), AUTH_JWT_SECRET: DEV_JWT_SECRET })).toThrow(
      /must not be the committed development secret/,
    );
    // Nor in test: tests bring their own secret.
    expect(() => loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test' })).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);

    await request(unset.getHttpServer()).get('/web/dev-token').expect(404);
    await request(unset.getHttpServer())
      .post('/web/dev-token')
      .send({ role: 'manager', teams: ['a'] })
      .expect(404);
    const devSigned = await bearer(loadAuthConfig({ NODE_ENV: 'development' }), 'manager', ['fleks-nord']);
    const refused = await request(unset.getHttpServer())
      .get('/api/v1/dashboard/overdue')
      .set('authorization', devSigned)
      .expect(401);
    expect(refused.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'the token signature does not verify' });
    // The test environment neither serves the helper.
    const test = await createApp(
      loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' }),
    );
    try {
      await test.init();
      await request(test.getHttpServer()).post('/web/dev-token').send({ role: 'manager' }).expect(404);
    } finally {
      await test.close();
    }
  });

  it('limits dev-token minting per client address: 429 RATE_LIMITED with Retry-After', async () => {
    const limited = await createApp(
      loadConfig({
        DATABASE_URL: db.url,
        NODE_ENV: 'development',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        RATE_LIMIT_DEV_TOKEN_PER_MIN: '2',
      }),
    );
    try {
      await limited.init();
      const mint = () => request(limited.getHttpServer()).post('/web/dev-token').send({ role: 'ops' });
      await mint().expect(200);
      await mint().expect(200);
      const res = await mint().expect(429);
      expect(res.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.token).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});
