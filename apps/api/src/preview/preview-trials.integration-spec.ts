import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FixedClock, loadConfig, signAccessToken, type AppConfig } from '@frist/config';
import { copenhagenStartOfDay } from '@frist/contracts';
import { createTestDatabase, DEMO_PROGRAMME_ENV, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';

const NOW = new Date(copenhagenStartOfDay('2027-10-01') + 9 * 3_600_000);

/** POST /api/v1/preview for sygedagpenge cases and trial programmes (trials-and-sygedagpenge.md §W S4). */
describe('POST /api/v1/preview (sygedagpenge, trials)', () => {
  let db: { url: string; drop(): Promise<void> };
  let app: INestApplication;
  let config: AppConfig;
  let env: Record<string, string>;
  let auth: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' };
    // The demo programme of the worked examples is adopted as an installation adopts one: ADOPTED_PROGRAMMES.
    config = loadConfig({ ...env, ...DEMO_PROGRAMME_ENV });
    app = await createApp(config, new FixedClock(NOW));
    await app.init();
    auth = `Bearer ${await signAccessToken(config.auth, { sub: 'cw-1', role: 'caseworker', teams: ['syg-nord'] }, { now: NOW })}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const post = (body: unknown) =>
    request(app.getHttpServer())
      .post('/api/v1/preview')
      .set('authorization', auth)
      .send(body as object);

  const s4 = (arm: string, reason = 'health-treatment') => ({
    case: { caseType: 'sygedagpenge' },
    asOf: '2027-10-01',
    events: [
      { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
      { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 8 },
      { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program: 'aht-demo', arm },
      { type: 'CONTACT_HELD', date: '2027-08-03', heldBy: 'offer-provider', form: 'in-person' },
      { type: 'CONTACT_HELD', date: '2027-08-09', heldBy: 'jobcenter', form: 'phone' },
      { type: 'TRIAL_EXEMPTED', date: '2027-08-13', program: 'aht-demo', reason },
      { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-09-20', heldBy: 'jobcenter', form: 'in-person' },
      { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-08-10', hours: 5, offerType: 'preventive' },
      { type: 'ACTIVE_OFFER_HOURS_REGISTERED', date: '2027-08-12', hours: 2, offerType: 'preventive' },
    ],
  });

  it('computes a sygedagpenge timeline with the trial overlay and enrolments (S4)', async () => {
    const res = await post(s4('participant')).expect(200);
    expect(res.body).toMatchObject({ ruleSet: 'sygedagpenge-2009', asOf: '2027-10-01', warnings: [] });
    expect(
      res.body.obligations.map(
        (o: { code: string; occurrence: number; status: string }) => `${o.code}#${o.occurrence} ${o.status}`,
      ),
    ).toEqual([
      'sdp-first-followup#1 met',
      'aht-weekly-contact#1 met',
      'aht-weekly-contact#2 met',
      'aht-activity-10h#1 cancelled',
      'aht-weekly-contact#3 cancelled',
      'sdp-followup#1 met',
      'sdp-followup#2 open',
    ]);
    expect(res.body.enrolments).toEqual([
      {
        program: 'aht-demo',
        arm: 'participant',
        assignedOn: '2027-07-27',
        lastDayOn: '2027-11-26',
        status: 'exempted',
        endedOn: '2027-08-13',
        outcome: 'exempted',
        exemptionReason: 'health-treatment',
      },
    ]);
  });

  it('answers an unknown arm, programme or reason code and a wrong event type with 400 naming each issue', async () => {
    const body = s4('treatment', 'bored');
    body.events.push({ type: 'VISITATION_DECIDED', date: '2027-07-01' });
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_TIMELINE' });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'events[2].arm',
      'events[5].reason',
      'events[9].type',
    ]);
  });

  it('answers a talk without heldBy, heldBy null and hours without offerType with 400 naming event and field (Z16)', async () => {
    const body = s4('participant');
    delete (body.events[1] as { heldBy?: string }).heldBy;
    (body.events[3] as { heldBy: string | null }).heldBy = null;
    delete (body.events[7] as { offerType?: string }).offerType;
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_TIMELINE' });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'events[1].heldBy', eventIndex: 1, field: 'heldBy' }),
      expect.objectContaining({ path: 'events[3].heldBy', eventIndex: 3, field: 'heldBy' }),
      expect.objectContaining({ path: 'events[7].offerType', eventIndex: 7, field: 'offerType' }),
    ]);
  });

  it('offers the sygedagpenge catalog with its programmes', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/preview/catalog')
      .query({ caseType: 'sygedagpenge' })
      .set('authorization', auth)
      .expect(200);
    expect(res.body.ruleSet).toBe('sygedagpenge-2009');
    expect(res.body.obligations.map((o: { code: string }) => o.code)).toEqual(['sdp-first-followup', 'sdp-followup']);
    expect(res.body.programmes.map((p: { id: string }) => p.id)).toEqual(['aht-2009', 'aht-demo']);
    expect(res.body.eventTypes.map((e: { type: string }) => e.type)).toContain('TRIAL_EXEMPTED');
    await request(app.getHttpServer())
      .get('/api/v1/preview/catalog')
      .query({ caseType: 'kontanthjaelp' })
      .set('authorization', auth)
      .expect(400);
  });

  it('without ADOPTED_PROGRAMMES the production catalogue has only the published programmes, and the demo is refused', async () => {
    const production = await createApp(loadConfig(env), new FixedClock(NOW));
    await production.init();
    try {
      const catalog = await request(production.getHttpServer())
        .get('/api/v1/preview/catalog')
        .query({ caseType: 'sygedagpenge' })
        .set('authorization', auth)
        .expect(200);
      expect(catalog.body.programmes.map((p: { id: string }) => p.id)).toEqual(['aht-2009']);
      const refused = await request(production.getHttpServer())
        .post('/api/v1/preview')
        .set('authorization', auth)
        .send(s4('participant'))
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'INVALID_TIMELINE' });
      expect(refused.body.errors).toContainEqual(
        expect.objectContaining({
          path: 'events[2].program',
          message: expect.stringContaining('"aht-demo" is not a trial programme (aht-2009)'),
        }),
      );
    } finally {
      await production.close();
    }
  });

  it('refuses to start with an invalid programme file, naming its code', async () => {
    await expect(
      createApp(loadConfig({ ...env, ADOPTED_PROGRAMMES: 'openapi.json' }), new FixedClock(NOW)),
    ).rejects.toMatchObject({ code: 'PROGRAMME_FILE_INVALID', message: expect.stringMatching(/^openapi\.json: /) });
  });
});
