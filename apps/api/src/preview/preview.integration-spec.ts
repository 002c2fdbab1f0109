import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FixedClock, loadConfig, signAccessToken, type AppConfig } from '@frist/config';
import { copenhagenStartOfDay } from '@frist/contracts';
import { createTestDatabase, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';

const NOW = new Date(copenhagenStartOfDay('2026-10-01') + 9 * 3_600_000);

describe('POST /api/v1/preview', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let config: AppConfig;
  let auth: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config, new FixedClock(NOW));
    await app.init();
    auth = `Bearer ${await signAccessToken(config.auth, { sub: 'cw-1', role: 'caseworker', teams: ['fleks-nord'] }, { now: NOW })}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const post = (body: unknown, query: Record<string, string> = {}) =>
    request(app.getHttpServer())
      .post('/api/v1/preview')
      .query(query)
      .set('authorization', auth)
      .send(body as object);
  const visitation = {
    case: { birthDate: '1980-05-01' },
    events: [{ type: 'VISITATION_DECIDED', date: '2026-09-28' }],
  };

  it('computes a timeline and explains a holiday shift (påskedag → the Wednesday before)', async () => {
    const res = await post({ ...visitation, asOf: '2026-10-01' }).expect(200);
    expect(res.body).toMatchObject({ ruleSet: 'fleksjob-2024', asOf: '2026-10-01', warnings: [] });
    const rereview = res.body.obligations.find((o: { code: string }) => o.code === 'passivity-rereview');
    expect(rereview).toMatchObject({ nominalDueOn: '2027-03-28', dueOn: '2027-03-24', status: 'open' });
    expect(rereview.explanation).toContain('6 måneder uden praktik eller job fra visitation 2026-09-28 = 2027-03-28');
    expect(rereview.explanation).toContain('påskedag');
    expect(rereview.explanation).toContain('2027-03-24');
  });

  it('takes asOf from the query, else from the body, else today by the clock', async () => {
    const later = await post({ ...visitation, asOf: '2026-10-01' }, { asOf: '2026-10-20' }).expect(200);
    expect(later.body.asOf).toBe('2026-10-20');
    expect(later.body.obligations.find((o: { code: string }) => o.code === 'contact-14d').status).toBe('overdue');
    const today = await post(visitation).expect(200);
    expect(today.body.asOf).toBe('2026-10-01');
  });

  it('answers an invalid timeline with 400 problem details naming each issue', async () => {
    const res = await post({
      case: { birthDate: '1980-02-30' },
      events: [{ type: 'NOPE', date: '2026-09-28' }],
      asOf: '2026-10-01',
    }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_TIMELINE' });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['case.birthDate', 'events[0].type']),
    );
    const notObject = await post([1, 2]).expect(400);
    expect(notObject.body.code).toBe('INVALID_TIMELINE');
  });

  it('offers the engine catalog to forms, and needs a token', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/preview/catalog')
      .set('authorization', auth)
      .expect(200);
    expect(res.body.eventTypes.find((e: { type: string }) => e.type === 'CONTACT_HELD')).toMatchObject({
      meaning: 'samtale/kontakt med borger',
      fields: { form: { kind: 'enum', required: true } },
    });
    expect(res.body.obligations.find((o: { code: string }) => o.code === 'phase1-target')).toMatchObject({
      metBy: ['VISITATION_DECIDED'],
    });
    await request(app.getHttpServer()).post('/api/v1/preview').send(visitation).expect(401);
  });
});
