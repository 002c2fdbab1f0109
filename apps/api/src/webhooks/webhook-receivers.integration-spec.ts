import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@frist/config';
import { bearer, createTestDatabase } from '@frist/testing';
import { createApp } from '../create-app';

/**
 * Subscriptions never point inside: loopback, the metadata service, private and link-local networks are refused in
 * every environment (here development, which otherwise allows any host and plain http) unless
 * WEBHOOK_ALLOWED_NETWORKS names them.
 */
describe('webhook receivers at subscription', () => {
  let db: { url: string; drop(): Promise<void> };
  let open: INestApplication;
  let allowing: INestApplication;
  let httpsOnly: INestApplication;
  let disabled: INestApplication;
  let manager: string;
  const env = (url: string) => ({ DATABASE_URL: url, NODE_ENV: 'development', TEMPORAL_ADDRESS: '127.0.0.1:1' });

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig(env(db.url));
    open = await createApp(config);
    await open.init();
    allowing = await createApp(loadConfig({ ...env(db.url), WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' }));
    await allowing.init();
    httpsOnly = await createApp(loadConfig({ ...env(db.url), WEBHOOK_ALLOW_HTTP: 'false' }));
    await httpsOnly.init();
    disabled = await createApp(loadConfig({ ...env(db.url), WEBHOOKS_ENABLED: 'false' }));
    await disabled.init();
    manager = await bearer(config.auth, 'manager', ['team-w']);
  });
  afterAll(async () => {
    await open?.close();
    await allowing?.close();
    await httpsOnly?.close();
    await disabled?.close();
    await db?.drop();
  });

  const subscribe = (app: INestApplication, url: string) =>
    request(app.getHttpServer()).post('/api/v1/webhooks').set('authorization', manager).send({ team: 'team-w', url });

  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hooks',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://[fe80::1]/hooks',
    'http://10.0.0.8/hooks',
    'http://192.168.1.20/hooks',
    'http://0.0.0.0:3000/',
    'http://localhost:3000/', // a name, resolved: loopback
  ])('refuses %s', async (url) => {
    const res = await subscribe(open, url).expect(400);
    expect(res.body).toMatchObject({
      code: 'WEBHOOK_URL_INTERNAL',
      errors: [{ field: 'url', message: 'must not point to a loopback, link-local or private address' }],
    });
  });

  it('accepts an internal receiver only on an allowed network', async () => {
    await subscribe(allowing, 'http://127.0.0.1:8080/hooks').expect(201);
    for (const url of ['http://127.0.0.2:8080/hooks', 'http://169.254.169.254/'])
      expect((await subscribe(allowing, url).expect(400)).body.code).toBe('WEBHOOK_URL_INTERNAL');
  });

  it('answers each refusal with its own code', async () => {
    expect((await subscribe(httpsOnly, 'http://example.org/hooks').expect(400)).body).toMatchObject({
      code: 'WEBHOOK_URL_NOT_HTTPS',
      errors: [{ field: 'url' }],
    });
    expect((await subscribe(open, 'https://user:pw@example.org/hooks').expect(400)).body).toMatchObject({
      code: 'WEBHOOK_URL_CREDENTIALS',
      errors: [{ field: 'url' }],
    });
    expect((await subscribe(open, 'https://example.org/010190-1234').expect(400)).body.code).toBe('CPR_NOT_ALLOWED');
  });

  it('takes no subscription where the installation sends no webhooks (WEBHOOKS_ENABLED=false)', async () => {
    const url = 'https://example.org/hooks';
    expect((await subscribe(disabled, url).expect(409)).body).toMatchObject({ code: 'WEBHOOKS_DISABLED', status: 409 });
    const listed = await request(disabled.getHttpServer())
      .get('/api/v1/webhooks?team=team-w')
      .set('authorization', manager)
      .expect(200);
    expect(listed.body.items.map((w: { url: string }) => w.url)).not.toContain(url);
    // The same request where webhooks are on is taken: the refusal is the switch, not the URL.
    await subscribe(open, url).expect(201);
  });
});
