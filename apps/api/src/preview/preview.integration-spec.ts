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

  it('takes migrations and ruleSetConfig (law-2026 O1) and returns legalBasis, k, backfilled and periods[]', async () => {
    const fj3 = {
      case: { birthDate: '1990-01-15' },
      events: [{ type: 'VISITATION_DECIDED', date: '2026-12-11' }],
      asOf: '2027-01-04',
      migrations: [{ id: 'MIG-2026', publishedOn: '2026-12-07' }],
      ruleSetConfig: { 'contactCadence.enabled': false, 'passivity.enabled': false, 'otherActor12m.enabled': false },
    };
    const res = await post(fj3).expect(200);
    expect(res.body).toMatchObject({ ruleSet: 'fleksjob-2026', migrations: ['MIG-2026'] });
    expect(res.body.obligations.map((o: { code: string }) => o.code)).toEqual(['ly-jobtalk', 'ly-reassessment']);
    expect(res.body.obligations[0]).toMatchObject({
      k: 1,
      kind: 'policy',
      dueOn: '2026-12-23',
      status: 'overdue',
      backfilled: false,
      legalBasis: {
        text: 'Lokal politik (standard 14 dage; ikke lovkrav) – første jobsamtale: LAB § 31, stk. 3',
        tag: 'P',
      },
    });
    expect(res.body.periods).toEqual([
      expect.objectContaining({ periodStart: '2026-12-11', lastDay: '2027-06-10', heldCount: 0, outcome: 'open' }),
    ]);
    expect(res.body.warnings).toEqual([
      expect.objectContaining({ eventIndex: 0, reason: expect.stringMatching(/^NO_HEALTH_ADVICE_RECORDED: /) }),
    ]);
    // Without MIG-2026 the same timeline is computed as before, without the new keys.
    const before = await post({ ...fj3, migrations: undefined, ruleSetConfig: undefined }).expect(200);
    expect(before.body.ruleSet).toBe('fleksjob-2024');
    expect(before.body).not.toHaveProperty('periods');
    expect(before.body.obligations[0]).not.toHaveProperty('legalBasis');
    // An unknown migration and a non-boolean switch are invalid input; a new event type before MIG-2026 too.
    const bad = await post({
      ...fj3,
      migrations: [{ id: 'MIG-2099', publishedOn: '2026-12-07' }],
      ruleSetConfig: { 'passivity.enabled': 'no' },
    }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'migrations[0].id',
      'ruleSetConfig.passivity.enabled',
    ]);
    const early = await post({
      ...fj3,
      migrations: undefined,
      events: [...fj3.events, { type: 'JOBTALK_REQUESTED', date: '2026-12-20' }],
    }).expect(400);
    expect(early.body.errors).toEqual([
      expect.objectContaining({ path: 'events[1].type', message: expect.stringContaining('MIG-2026') }),
    ]);
  });
});
