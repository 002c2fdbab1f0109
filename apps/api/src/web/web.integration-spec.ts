import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@frist/config';
import { createTestDatabase } from '@frist/testing';
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

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config);
    await app.init();
    // Only the web module's decision matters here: it reads env and the signing secret.
    prod = await createApp({ ...config, env: 'production' });
    await prod.init();
  });
  afterAll(async () => {
    await app?.close();
    await prod?.close();
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

  it('stays small and local: no build step, no CDN, under 120 kB in all', () => {
    const files = assetFiles();
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThan(120_000);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // The only absolute URL allowed is the SVG namespace.
      expect([f, text.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)[^\s'"`)]+/g)]).toEqual([f, null]);
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
});
