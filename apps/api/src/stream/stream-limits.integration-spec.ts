import type { INestApplication } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@frist/config';
import { bearer, createTestDatabase, openSse, TEST_AUTH_ENV, type SseConnection } from '@frist/testing';
import { createApp } from '../create-app';

/** One user cannot hold the process's change-stream capacity: at most API_MAX_STREAMS_PER_USER open streams. */
describe('change streams per user', () => {
  let db: { url: string; drop(): Promise<void> };
  let config: AppConfig;
  let app: INestApplication;
  let url: string;
  const open: SseConnection[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/tasks/stream`;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await app?.close();
    await db?.drop();
  });

  it('accepts 5 streams of one token (the default), answers the other 55 of 60 with 429, and frees a slot on close', async () => {
    expect(config.api.maxStreamsPerUser).toBe(5);
    const authorization = await bearer(config.auth, 'caseworker', ['team-s'], 'cw-streams');
    const attempts = await Promise.all(Array.from({ length: 60 }, () => openSse(url, { authorization })));
    open.push(...attempts);
    const accepted = attempts.filter((c) => c.status === 200);
    const refused = attempts.filter((c) => c.status !== 200);
    expect([accepted.length, refused.length]).toEqual([5, 55]);
    expect(new Set(refused.map((c) => c.status))).toEqual(new Set([429]));
    expect(refused[0]?.headers['retry-after']).toBe('30');
    expect(refused[0]?.headers['content-type']).toMatch(/application\/problem\+json/);

    // Another user is not affected.
    const other = await openSse(url, { authorization: await bearer(config.auth, 'manager', ['team-s'], 'mgr-s') });
    open.push(other);
    expect(other.status).toBe(200);

    // Closing one stream lets the user open one again (the server notices the close).
    accepted[0]?.close();
    let again: SseConnection | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      again?.close();
      await new Promise((r) => setTimeout(r, 100));
      again = await openSse(url, { authorization });
    }
    if (again) open.push(again);
    expect(again?.status).toBe(200);
  });
});
