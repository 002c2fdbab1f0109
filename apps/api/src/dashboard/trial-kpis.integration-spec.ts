import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { CaseProjectionActivities, TrialCatalogue } from '@frist/activities';
import { FixedClock, loadConfig, signAccessToken, type AppConfig, type Role } from '@frist/config';
import { copenhagenStartOfDay } from '@frist/contracts';
import { type CaseEvent } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, DEMO_PROGRAMME_ENV, engineProjection, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';
import { exemptionGap, type ArmKpis } from './trial-kpis.service';

// Fixed clock: every case below is evaluated by the engine at this date and projected as the workflow would.
const TODAY = '2027-10-20';
const NOW = new Date(copenhagenStartOfDay(TODAY) + 10 * 3_600_000);
const NORD = 'syg-nord';
const SYD = 'syg-syd';
const VEST = 'syg-vest';

const talk = { heldBy: 'jobcenter', form: 'in-person' };
const program = 'aht-demo';
const hours = (date: string, h: number, offerType = 'preventive'): CaseEvent => ({
  type: 'ACTIVE_OFFER_HOURS_REGISTERED',
  date,
  hours: h,
  offerType,
});

/** Worked example S4 (S4b for control): assigned 2027-07-27, exempted 2027-08-13 unless `reason` is null. */
const s4 = (arm: string, reason: string | null): CaseEvent[] => [
  { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', ...talk, cadenceWeeks: 8 },
  { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program, arm },
  { type: 'CONTACT_HELD', date: '2027-08-03', ...talk, heldBy: 'offer-provider' },
  { type: 'CONTACT_HELD', date: '2027-08-09', ...talk, form: 'phone' },
  ...(reason ? [{ type: 'TRIAL_EXEMPTED', date: '2027-08-13', program, reason }] : []),
  { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-09-20', ...talk },
  hours('2027-08-10', 5),
  hours('2027-08-12', 2),
];

/** Worked example S5: participant assigned 2027-06-15, partial return, individual cadence, period end 2027-10-15. */
const S5: CaseEvent[] = [
  { type: 'SICK_LEAVE_STARTED', date: '2027-04-26' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-06-15', ...talk, cadenceWeeks: 8 },
  { type: 'TRIAL_ASSIGNED', date: '2027-06-15', program, arm: 'participant' },
  { type: 'CONTACT_HELD', date: '2027-06-22', ...talk },
  { type: 'CONTACT_HELD', date: '2027-06-29', ...talk, heldBy: 'offer-provider' },
  { type: 'PARTIAL_RETURN_STARTED', date: '2027-07-05', hoursPerWeek: 15 },
  { type: 'TRIAL_CONTACT_CADENCE_SET', date: '2027-07-05', program, intervalDays: 28, reason: 'partial-return' },
  { type: 'CONTACT_HELD', date: '2027-07-06', ...talk, form: 'phone' },
  { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-08-03', ...talk },
  { type: 'CONTACT_HELD', date: '2027-08-31', ...talk },
  { type: 'PARTIAL_RETURN_ENDED', date: '2027-09-27' },
  { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-09-28', ...talk },
  { type: 'CONTACT_HELD', date: '2027-10-05', ...talk, heldBy: 'offer-provider' },
  hours('2027-06-29', 5),
  hours('2027-07-01', 5),
  hours('2027-09-28', 6, 'lab'),
  hours('2027-09-30', 5, 'lab'),
  hours('2027-10-06', 4, 'lab'),
];

/** Control arm, 4-week cadence: follow-up #1 (due 08-24) held late on 08-26, #2 (due 09-23) still overdue. */
const LATE_CONTROL: CaseEvent[] = [
  { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', ...talk, cadenceWeeks: 4 },
  { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program, arm: 'control' },
  hours('2027-08-05', 3, 'lab'),
  { type: 'SICKNESS_FOLLOWUP_HELD', date: '2027-08-26', ...talk },
];

describe('trial KPIs per arm (real Postgres, engine-computed cases, fixed clock)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let app: INestApplication;
  let config: AppConfig;
  let projection: CaseProjectionActivities;
  let catalogue: TrialCatalogue;

  const token = (role: Role, teams: string[]) =>
    signAccessToken(config.auth, { sub: `${role}-1`, role, teams }, { now: NOW }).then((t) => `Bearer ${t}`);
  const get = async (query: Record<string, string>, teams = [NORD, SYD], status = 200, role: Role = 'manager') =>
    request(app.getHttpServer())
      .get('/api/v1/dashboard/trials')
      .query(query)
      .set('authorization', await token(role, teams))
      .expect(status);

  /** A sygedagpenge case evaluated by the engine at TODAY and projected with its events, as the workflow does. */
  const seedCase = async (team: string, events: CaseEvent[]) => {
    const caseId = randomUUID();
    const { result, input } = engineProjection(
      { caseId, citizenRef: `ref-${caseId.slice(0, 8)}`, team, caseType: 'sygedagpenge' },
      events,
      TODAY,
      {
        newEvents: events.map((event, i) => ({ eventId: `e${i}`, event, recordedAt: NOW.toISOString() })),
        options: { programmes: catalogue.programmes },
      },
    );
    expect(result.warnings).toEqual([]);
    await projection.projectCase(input);
    return caseId;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    // The demo programme is adopted as an installation adopts one: its file in ADOPTED_PROGRAMMES (API and worker).
    config = loadConfig({
      DATABASE_URL: db.url,
      NODE_ENV: 'test',
      ...TEST_AUTH_ENV,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      ...DEMO_PROGRAMME_ENV,
    });
    catalogue = TrialCatalogue.fromFiles(config.rules.adoptedProgrammeFiles);
    projection = new CaseProjectionActivities(ds, new FixedClock(NOW), catalogue);
    app = await createApp(config, new FixedClock(NOW));
    await app.init();

    // syg-nord, participants: S4 exempted (health-treatment), S4 exempted (no-return-possible), S5 (period ended).
    await seedCase(NORD, s4('participant', 'health-treatment'));
    await seedCase(NORD, s4('participant', 'no-return-possible'));
    await seedCase(NORD, S5);
    // syg-nord, controls: S4b exempted (health-treatment), S4 without exemption, the late one.
    await seedCase(NORD, s4('control', 'health-treatment'));
    await seedCase(NORD, s4('control', null));
    await seedCase(NORD, LATE_CONTROL);
    // Another team of the manager, a team not theirs, and another programme in syg-nord.
    await seedCase(SYD, s4('participant', 'pregnancy-related'));
    await seedCase(VEST, s4('control', 'health-treatment'));
    const other = await seedCase(NORD, s4('control', null).slice(0, 2));
    await ds.query(
      `INSERT INTO case_enrolments (case_id, program, arm, team, version, assigned_on, last_day_on, status, projection_seq)
       VALUES ($1, 'aht-2009', 'participant', $2, 'aht-2009', '2009-02-02', '2009-06-01', 'exempted', 1)`,
      [other, NORD],
    );
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('computes K1–K8 per arm from the seeded timelines (one team)', async () => {
    const { body } = await get({ programme: 'aht-demo', team: NORD });
    expect(body.today).toBe(TODAY);
    expect(body.programme).toMatchObject({ id: 'aht-demo', arms: ['participant', 'control'], periodMonths: 4 });
    const [participant, control] = body.arms as ArmKpis[];

    // Windows [T, min(L, endedOn − 1, today)]: S4 07-27..08-12 = 17 days (×2), S5 06-15..10-14 = 122 days.
    expect(participant).toEqual({
      arm: 'participant',
      caseType: null,
      enrolled: 3,
      active: 0,
      caseWeeks: 22.29, // 156 days
      outcomes: { exempted: 2, 'period-ended': 1 },
      exemptions: {
        exempted: 2,
        rate: 0.667,
        byReason: [
          { code: 'no-return-possible', count: 1, rate: 0.333 },
          { code: 'health-treatment', count: 1, rate: 0.333 },
        ],
        byVersion: [{ version: 'aht-demo-mj', count: 2 }],
      },
      // S4: #1, #2 met (#3 due after the exemption); S5: #1–#7 met, #8 cancelled at the period end after its due date.
      weeklyContacts: { planned: 12, held: 11, onTime: 11, waived: 0, heldRate: 0.917, onTimeRate: 0.917 },
      // The first follow-up (due 07-30 / 06-18) in every window; S5's sdp-followup #1 and #2, met on time.
      statutory: {
        planned: 5,
        held: 5,
        onTime: 5,
        waived: 0,
        heldRate: 1,
        onTimeRate: 1,
        byCode: [
          { code: 'sdp-first-followup', planned: 3, held: 3, onTime: 3, waived: 0, heldRate: 1, onTimeRate: 1 },
          { code: 'sdp-followup', planned: 2, held: 2, onTime: 2, waived: 0, heldRate: 1, onTimeRate: 1 },
        ],
      },
      // 2 + 2 contacts in the S4 windows, 5 contacts + 2 statutory talks in S5's.
      conversations: { held: 11, perCaseWeek: 0.49 },
      activity: {
        hours: 39, // 7 + 7 + 25
        labHours: 15,
        preventiveHours: 24,
        hoursPerCaseWeek: 1.75,
        casesWithHours: 3,
        shareWithHours: 1,
        // S5's windows: week 1 met (10 h), week 14 met (11 h), week 15 missed (4 h).
        windows: { met: 2, missed: 1, shareMet: 0.667, registeredHours: 25, avgHoursPerWindow: 8.33, targetHours: 10 },
      },
    });

    // S4b 07-27..08-12 (17 days); S4 without exemption and the late one 07-27..10-20 (86 days each).
    expect(control).toEqual({
      arm: 'control',
      caseType: null,
      enrolled: 3,
      active: 2,
      caseWeeks: 27,
      outcomes: { exempted: 1, active: 2 },
      exemptions: {
        exempted: 1,
        rate: 0.333,
        byReason: [{ code: 'health-treatment', count: 1, rate: 0.333 }],
        byVersion: [{ version: 'aht-demo-mj', count: 1 }],
      },
      weeklyContacts: null,
      statutory: {
        planned: 6,
        held: 5,
        onTime: 4,
        waived: 0,
        heldRate: 0.833,
        onTimeRate: 0.667,
        byCode: [
          { code: 'sdp-first-followup', planned: 3, held: 3, onTime: 3, waived: 0, heldRate: 1, onTimeRate: 1 },
          // S4: #1 met 09-20 (due 09-21); late one: #1 met late 08-26 (due 08-24), #2 overdue since 09-23.
          { code: 'sdp-followup', planned: 3, held: 2, onTime: 1, waived: 0, heldRate: 0.667, onTimeRate: 0.333 },
        ],
      },
      conversations: { held: 6, perCaseWeek: 0.22 },
      activity: {
        hours: 17,
        labHours: 3,
        preventiveHours: 14,
        hoursPerCaseWeek: 0.63,
        casesWithHours: 3,
        shareWithHours: 1,
        windows: null,
      },
    });

    // 2/3 exempted against 1/3: not significant with six citizens, but big enough to watch.
    expect(body.exemptionGap).toEqual({
      participantRate: 0.667,
      controlRate: 0.333,
      difference: 0.333,
      ratio: 2,
      z: 0.82,
      flag: 'watch',
    });
    const sdp = (body.byCaseType as ArmKpis[]).filter((r) => r.caseType === 'sygedagpenge');
    expect(sdp.map((r) => [r.arm, r.enrolled, r.exemptions.exempted])).toEqual([
      ['participant', 3, 2],
      ['control', 3, 1],
    ]);
    expect((body.byCaseType as ArmKpis[]).filter((r) => r.caseType === 'fleksjob').map((r) => r.enrolled)).toEqual([
      0, 0,
    ]);
  });

  it('is team-scoped: all the manager’s teams by default, never another team’s', async () => {
    const { body } = await get({ programme: 'aht-demo' });
    const [participant, control] = body.arms as ArmKpis[];
    expect([participant.enrolled, participant.exemptions.exempted, control.enrolled]).toEqual([4, 3, 3]);
    expect(participant.exemptions.byReason.map((r) => r.code)).toContain('pregnancy-related');
    const syd = await get({ programme: 'aht-demo', team: SYD });
    expect((syd.body.arms as ArmKpis[]).map((a) => a.enrolled)).toEqual([1, 0]);
    await get({ programme: 'aht-demo', team: VEST }, [NORD, SYD], 403);
    const vest = await get({ programme: 'aht-demo' }, [VEST]);
    expect((vest.body.arms as ArmKpis[]).map((a) => a.enrolled)).toEqual([0, 1]);
  });

  it('filters by programme and version', async () => {
    const old = await get({ programme: 'aht-2009', team: NORD });
    expect((old.body.arms as ArmKpis[]).map((a) => [a.enrolled, a.exemptions.exempted])).toEqual([
      [1, 1],
      [0, 0],
    ]);
    const v1 = await get({ programme: 'aht-demo', team: NORD, version: 'aht-demo' });
    expect((v1.body.arms as ArmKpis[]).map((a) => a.enrolled)).toEqual([0, 0]);
    expect(v1.body.exemptionGap).toMatchObject({ difference: null, flag: 'none' });
    const v2 = await get({ programme: 'aht-demo', team: NORD, version: 'aht-demo-mj' });
    expect((v2.body.arms as ArmKpis[]).map((a) => a.enrolled)).toEqual([3, 3]);
  });

  it('answers problem details for an unknown programme or version, and only to managers', async () => {
    const unknown = await get({ programme: 'no-such-trial' }, [NORD], 404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'PROGRAMME_NOT_FOUND', status: 404 });
    const version = await get({ programme: 'aht-demo', version: 'aht-2009-mj' }, [NORD], 400);
    expect(version.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await get({}, [NORD], 400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    await get({ programme: 'aht-demo' }, [NORD], 403, 'caseworker');
  });
});

describe('exemption gap flag', () => {
  const arm = (enrolled: number, exempted: number) => ({ enrolled, exemptions: { exempted } }) as unknown as ArmKpis;

  it('is significant at |z| ≥ 1.96, watch for a large ratio without significance, none otherwise', () => {
    // The 2009 pattern: far more exemptions among participants. 30/100 vs 10/100: z = 0.2 / √(0.2·0.8·0.02) = 3.54.
    expect(exemptionGap(arm(100, 30), arm(100, 10))).toEqual({
      participantRate: 0.3,
      controlRate: 0.1,
      difference: 0.2,
      ratio: 3,
      z: 3.54,
      flag: 'significant',
    });
    expect(exemptionGap(arm(10, 2), arm(10, 0))).toMatchObject({ ratio: null, flag: 'watch' });
    expect(exemptionGap(arm(100, 11), arm(100, 10))).toMatchObject({ flag: 'none' });
    expect(exemptionGap(arm(10, 0), arm(10, 0))).toMatchObject({ z: null, flag: 'none' });
    expect(exemptionGap(arm(0, 0), arm(10, 1))).toMatchObject({
      participantRate: null,
      controlRate: 0.1,
      flag: 'none',
    });
  });
});
