import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FixedClock, loadConfig, signAccessToken, type AppConfig, type Role } from '@frist/config';
import { addDaysIso, copenhagenStartOfDay } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';
import { DashboardService } from './dashboard.service';
import { seedReadModel } from './fixtures/read-model-seed';

// The clock is fixed, so every date below is relative to this chosen "today" and nothing rots.
const TODAY = '2027-06-15';
const NOW = new Date(copenhagenStartOfDay(TODAY) + 10 * 3_600_000);
const d = (days: number) => addDaysIso(TODAY, days);
const NORD = 'fleks-nord';
const SYD = 'fleks-syd';
const VEST = 'fleks-vest';

/** Writes read-model rows the way the projection does, with only the columns the dashboard reads varying. */
class ReadModel {
  constructor(private readonly ds: DataSource) {}

  async case(team: string, phase: string, events: [type: string, date: string, retracted?: boolean][] = []) {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO cases (id, citizen_ref, team, birth_date, phase, projection_seq, version)
       VALUES ($1, $2, $3, '1980-01-01', $4, 1, 1)`,
      [id, `ref-${id.slice(0, 8)}`, team, phase],
    );
    let n = 0;
    for (const [type, date, retracted] of events)
      await this.ds.query(
        `INSERT INTO case_events (case_id, event_id, type, event_date, fields, recorded_at, retracted_at)
         VALUES ($1, $2, $3, $4, '{}', now(), $5)`,
        [id, `e${n++}`, type, date, retracted ? new Date() : null],
      );
    return id;
  }

  private occurrence = 0;
  async task(
    caseId: string,
    team: string,
    t: {
      code: string;
      status: string;
      due: string;
      started?: string;
      closed?: string;
      assignee?: string;
      backfilled?: boolean;
    },
  ) {
    await this.ds.query(
      `INSERT INTO tasks (case_id, team, obligation_code, occurrence, kind, status, title, rule_set, source, explanation,
         started_on, nominal_due_on, due_on, closed_on, assignee, projection_seq, version, backfilled)
       VALUES ($1, $2, $3, $4, 'target', $5, 'titel', 'fleksjob-2024', 'kilde', 'forklaring', $6, $7, $7, $8, $9, 1, 1,
         $10)`,
      [
        caseId,
        team,
        t.code,
        ++this.occurrence,
        t.status,
        t.started ?? addDaysIso(t.due, -14),
        t.due,
        t.closed ?? null,
        t.assignee ?? null,
        t.backfilled ?? false,
      ],
    );
  }
}

describe('managers’ dashboard (real Postgres, fixed clock)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let app: INestApplication;
  let config: AppConfig;
  let rm: ReadModel;
  const ids: Record<string, string> = {};

  const token = (role: Role, teams: string[]) =>
    signAccessToken(config.auth, { sub: `${role}-1`, role, teams }, { now: NOW }).then((t) => `Bearer ${t}`);
  /** GET as a manager of `teams`, expecting `status`. */
  const get = async (path: string, query: Record<string, string | number> = {}, teams = [NORD, SYD], status = 200) =>
    request(app.getHttpServer())
      .get(path)
      .query(query)
      .set('authorization', await token('manager', teams))
      .expect(status);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    rm = new ReadModel(ds);
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    app = await createApp(config, new FixedClock(NOW));
    await app.init();

    // Overdue: five in nord across the aging buckets, one in syd, one in vest (not the manager's).
    const nord = (ids.nordOverdue = await rm.case(NORD, 'LY'));
    await rm.task(nord, NORD, { code: 'contact-14d', status: 'overdue', due: d(-1), assignee: 'cw-anna' });
    // Still `open` in the read model (projection pending) but past due by the clock: counts as overdue.
    await rm.task(nord, NORD, { code: 'passivity-screening', status: 'open', due: d(-7), assignee: 'cw-anna' });
    await rm.task(nord, NORD, { code: 'other-actor-12m', status: 'overdue', due: d(-8) });
    const nord2 = (ids.nordOverdue2 = await rm.case(NORD, 'JOB'));
    await rm.task(nord2, NORD, { code: 'flexjob-agreement', status: 'overdue', due: d(-30), assignee: 'cw-bo' });
    await rm.task(nord2, NORD, { code: 'contact-14d', status: 'overdue', due: d(-31) });
    await rm.task(nord2, NORD, { code: 'contact-14d', status: 'open', due: TODAY }); // due today: not overdue
    await rm.task(nord2, NORD, { code: 'contact-14d', status: 'met-late', due: d(-40), closed: d(-35) });
    const syd = await rm.case(SYD, 'LY');
    await rm.task(syd, SYD, { code: 'contact-14d', status: 'overdue', due: d(-60) });
    const vest = await rm.case(VEST, 'LY');
    await rm.task(vest, VEST, { code: 'contact-14d', status: 'overdue', due: d(-2) });
  });

  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('counts overdue tasks per team, obligation and assignee with aging buckets, by the clock’s date', async () => {
    const res = await get('/api/v1/dashboard/overdue');
    expect(res.body).toMatchObject({
      today: TODAY,
      total: 6,
      review: 0,
      aging: { '1-7': 2, '8-30': 2, '31+': 2 },
      byTeam: [
        { key: NORD, overdue: 5, '1-7': 2, '8-30': 2, '31+': 1 },
        { key: SYD, overdue: 1, '1-7': 0, '8-30': 0, '31+': 1 },
      ],
    });
    expect(res.body.byCode).toEqual([
      { key: 'contact-14d', overdue: 3, '1-7': 1, '8-30': 0, '31+': 2 },
      { key: 'flexjob-agreement', overdue: 1, '1-7': 0, '8-30': 1, '31+': 0 },
      { key: 'other-actor-12m', overdue: 1, '1-7': 0, '8-30': 1, '31+': 0 },
      { key: 'passivity-screening', overdue: 1, '1-7': 1, '8-30': 0, '31+': 0 },
    ]);
    expect(res.body.byAssignee).toEqual([
      { key: null, overdue: 3, '1-7': 0, '8-30': 1, '31+': 2 },
      { key: 'cw-anna', overdue: 2, '1-7': 2, '8-30': 0, '31+': 0 },
      { key: 'cw-bo', overdue: 1, '1-7': 0, '8-30': 1, '31+': 0 },
    ]);

    const onlySyd = await get('/api/v1/dashboard/overdue', { team: SYD });
    expect(onlySyd.body.total).toBe(1);
  });

  it('drills down from a count to the cases behind it, worst first', async () => {
    const all = await get('/api/v1/dashboard/overdue/cases', { team: NORD });
    expect(all.body.items).toEqual([
      {
        caseId: ids.nordOverdue2,
        citizenRef: expect.stringMatching(/^ref-/),
        team: NORD,
        phase: 'JOB',
        overdueTasks: 2,
        oldestDueOn: d(-31),
        maxDaysOverdue: 31,
        codes: ['contact-14d', 'flexjob-agreement'],
      },
      expect.objectContaining({ caseId: ids.nordOverdue, overdueTasks: 3, oldestDueOn: d(-8), maxDaysOverdue: 8 }),
    ]);
    const bucket = await get('/api/v1/dashboard/overdue/cases', { bucket: '1-7' });
    expect(bucket.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([ids.nordOverdue]);
    const unassigned = await get('/api/v1/dashboard/overdue/cases', { assignee: 'unassigned', code: 'contact-14d' });
    expect(unassigned.body.items.map((c: { overdueTasks: number }) => c.overdueTasks)).toEqual([1, 1]);
  });

  it('keeps managers to their teams and everyone else out', async () => {
    const vest = await get('/api/v1/dashboard/overdue', { team: VEST }, undefined, 403);
    expect(vest.body.code).toBe('FORBIDDEN');
    const cw = await request(app.getHttpServer())
      .get('/api/v1/dashboard/overdue')
      .set('authorization', await token('caseworker', [NORD]))
      .expect(403);
    expect(cw.body.code).toBe('FORBIDDEN');
    await request(app.getHttpServer())
      .get('/api/v1/dashboard/forecast')
      .set('authorization', await token('ops', [NORD]))
      .expect(403);
    await request(app.getHttpServer()).get('/api/v1/dashboard/overdue').expect(401);
    const bad = await get('/api/v1/dashboard/on-time', { from: d(-1), to: d(-10) }, undefined, 400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('reports on-time rates per obligation for what fell due in the period, with the median time to meet', async () => {
    const team = 'ontime-a';
    const c = await rm.case(team, 'PRE');
    const start = d(-100);
    // Phase 1: one visitation within 10 weeks (60 days), one late (80 days), one still open past its due date.
    await rm.task(c, team, { code: 'phase1-target', status: 'met', started: start, due: d(-30), closed: d(-40) });
    await rm.task(c, team, { code: 'phase1-target', status: 'met-late', started: start, due: d(-30), closed: d(-20) });
    await rm.task(c, team, { code: 'phase1-target', status: 'overdue', started: start, due: d(-30) });
    await rm.task(c, team, { code: 'phase1-target', status: 'cancelled', started: start, due: d(-30) });
    await rm.task(c, team, { code: 'phase1-target', status: 'met', started: start, due: d(-200), closed: d(-210) });
    await rm.task(c, team, { code: 'statutory-followup-30m', status: 'met', due: d(-50), closed: d(-51) });
    await rm.task(c, team, { code: 'other-actor-12m', status: 'waived', due: d(-5), closed: d(-6) });
    await rm.task(c, team, { code: 'other-actor-12m', status: 'open', due: TODAY }); // not yet decided

    const res = await get('/api/v1/dashboard/on-time', { from: d(-90) }, [team]);
    expect(res.body).toMatchObject({ today: TODAY, from: d(-90), to: d(-1) });
    expect(res.body.byCode).toEqual([
      { code: 'other-actor-12m', met: 0, metLate: 0, overdue: 0, waived: 1, onTimeRate: null, medianDaysToMeet: null },
      { code: 'phase1-target', met: 1, metLate: 1, overdue: 1, waived: 0, onTimeRate: 0.333, medianDaysToMeet: 70 },
      {
        code: 'statutory-followup-30m',
        met: 1,
        metLate: 0,
        overdue: 0,
        waived: 0,
        onTimeRate: 1,
        medianDaysToMeet: 13,
      },
    ]);
  });

  it('reports the share of citizens on ledighedsydelse contacted within the last 14 days', async () => {
    const team = 'contact-a';
    await rm.case(team, 'LY', [['CONTACT_HELD', d(-14)]]); // on the edge: still within the duty
    await rm.case(team, 'LY', [['CONTACT_HELD', d(-15)]]);
    await rm.case(team, 'LY', [['CONTACT_HELD', d(-2), true]]); // retracted: does not count
    await rm.case(team, 'JOB', [['CONTACT_HELD', d(-1)]]); // not on ledighedsydelse
    const res = await get('/api/v1/dashboard/on-time', {}, [team]);
    expect(res.body.contact).toEqual({ lyCases: 3, contactedWithin14Days: 1, rate: 0.333 });
  });

  it('reports the share of fleksjob with 4 follow-ups within their first 6 months', async () => {
    const team = 'series-a';
    const s = '2026-10-31'; // + 6 months = 2027-04-30 (month-end clamped), inside the default period
    const cap = '2027-04-30';
    const fu = (caseId: string, n: number, status: string, closed?: string) =>
      rm
        .task(caseId, team, { code: 'flexjob-followups', status, started: s, due: cap, ...(closed ? { closed } : {}) })
        .then(() => n);
    const four = await rm.case(team, 'JOB', [['FLEXJOB_STARTED', s]]);
    for (let k = 1; k <= 4; k++) await fu(four, k, k === 4 ? 'met-late' : 'met', k === 4 ? cap : '2026-12-01');
    const three = await rm.case(team, 'JOB', [['FLEXJOB_STARTED', s]]);
    for (let k = 1; k <= 3; k++) await fu(three, k, 'met', '2026-12-01');
    await fu(three, 4, 'overdue');
    const late = await rm.case(team, 'JOB', [['FLEXJOB_STARTED', s]]);
    for (let k = 1; k <= 3; k++) await fu(late, k, 'met', '2026-12-01');
    await fu(late, 4, 'met-late', '2027-05-02'); // after the window: does not count
    const ended = await rm.case(team, 'LY', [
      ['FLEXJOB_STARTED', s],
      ['FLEXJOB_ENDED', '2027-01-10'],
    ]);
    await fu(ended, 1, 'met', '2026-12-01');
    await fu(ended, 2, 'cancelled', '2027-01-10');
    const waived = await rm.case(team, 'JOB', [['FLEXJOB_STARTED', s]]);
    await fu(waived, 1, 'waived', '2026-12-01');
    const recent = await rm.case(team, 'JOB', [['FLEXJOB_STARTED', d(-30)]]); // window still running
    await fu(recent, 1, 'met', d(-5));

    const res = await get('/api/v1/dashboard/on-time', {}, [team]);
    expect(res.body.followupSeries).toEqual({ windowsClosed: 3, withFourFollowups: 1, excused: 1, rate: 0.333 });
  });

  it('forecasts tasks due per week for 26 weeks and the multi-year cohorts per month for 24 months', async () => {
    const team = 'forecast-a';
    const c = await rm.case(team, 'JOB');
    // TODAY is a Tuesday; its ISO week starts Monday 2027-06-14.
    await rm.task(c, team, { code: 'contact-14d', status: 'open', due: TODAY });
    await rm.task(c, team, { code: 'flexjob-followups', status: 'open', due: '2027-06-20' }); // Sunday, same week
    await rm.task(c, team, { code: 'contact-14d', status: 'open', due: '2027-06-21' });
    await rm.task(c, team, { code: 'contact-14d', status: 'open', due: '2027-12-12' }); // last day of week 26
    await rm.task(c, team, { code: 'contact-14d', status: 'open', due: '2027-12-13' }); // beyond
    await rm.task(c, team, { code: 'contact-14d', status: 'overdue', due: d(-1) });
    await rm.task(c, team, { code: 'statutory-followup-30m', status: 'open', due: '2027-09-03' });
    await rm.task(c, team, { code: 'statutory-followup-30m', status: 'open', due: '2027-09-30' });
    await rm.task(c, team, { code: 'temporary-status-54m', status: 'open', due: '2029-05-31' }); // 24th month
    await rm.task(c, team, { code: 'temporary-status-54m', status: 'open', due: '2029-06-01' }); // beyond

    const res = await get('/api/v1/dashboard/forecast', {}, [team]);
    const weeks = res.body.weeks as { weekStart: string; total: number; byCode: Record<string, number> }[];
    expect(weeks).toHaveLength(26);
    expect(weeks[0]).toEqual({
      weekStart: '2027-06-14',
      total: 2,
      byCode: { 'contact-14d': 1, 'flexjob-followups': 1 },
    });
    expect(weeks[1]).toEqual({ weekStart: '2027-06-21', total: 1, byCode: { 'contact-14d': 1 } });
    expect(weeks[25]).toEqual({ weekStart: '2027-12-06', total: 1, byCode: { 'contact-14d': 1 } });
    expect(weeks.reduce((n, w) => n + w.total, 0)).toBe(6);
    const cohorts = res.body.cohorts as { month: string }[];
    expect(cohorts).toHaveLength(24);
    expect(cohorts[0]).toEqual({ month: '2027-06', 'statutory-followup-30m': 0, 'temporary-status-54m': 0 });
    expect(cohorts[3]).toEqual({ month: '2027-09', 'statutory-followup-30m': 2, 'temporary-status-54m': 0 });
    expect(cohorts[23]).toEqual({ month: '2029-05', 'statutory-followup-30m': 0, 'temporary-status-54m': 1 });
  });

  it('lists passive citizens on ledighedsydelse by days since their last internship or fleksjob', async () => {
    const team = 'passive-a';
    const visited = await rm.case(team, 'LY', [['VISITATION_DECIDED', d(-100)]]);
    await rm.task(visited, team, { code: 'passivity-rereview', status: 'open', due: d(80) });
    const afterInternship = await rm.case(team, 'LY', [
      ['VISITATION_DECIDED', d(-200)],
      ['INTERNSHIP_STARTED', d(-90)],
      ['INTERNSHIP_ENDED', d(-20)],
    ]);
    await rm.case(team, 'LY', [
      ['VISITATION_DECIDED', d(-200)],
      ['INTERNSHIP_ENDED', d(-10)],
      ['INTERNSHIP_STARTED', d(-10)], // a new internship the day the last one ended: not passive
    ]);
    const afterJob = await rm.case(team, 'LY', [
      ['VISITATION_DECIDED', d(-400)],
      ['FLEXJOB_STARTED', d(-300)],
      ['FLEXJOB_ENDED', d(-50)],
      ['INTERNSHIP_STARTED', d(-5), true], // retracted
    ]);
    await rm.case(team, 'JOB', [
      ['VISITATION_DECIDED', d(-400)],
      ['FLEXJOB_STARTED', d(-300)],
    ]);

    const res = await get('/api/v1/dashboard/passivity', {}, [team]);
    expect(res.body.items).toEqual([
      {
        caseId: visited,
        citizenRef: expect.any(String),
        team,
        basis: 'visitation',
        passiveSince: d(-100),
        daysPassive: 100,
        rereviewDueOn: d(80),
      },
      expect.objectContaining({ caseId: afterJob, basis: 'flexjob-ended', daysPassive: 50, rereviewDueOn: null }),
      expect.objectContaining({ caseId: afterInternship, basis: 'internship-ended', daysPassive: 20 }),
    ]);
    const long = await get('/api/v1/dashboard/passivity', { minDays: 30 }, [team]);
    expect(long.body.items).toHaveLength(2);
  });

  it('agrees with an independent count over an engine-seeded read model', async () => {
    const teams = ['seed-a', 'seed-b'];
    await seedReadModel(ds, { cases: 600, teams, today: TODAY, seed: 7 });
    const svc = new DashboardService(ds, new FixedClock(NOW));
    const rows: { team: string; code: string; status: string; due: string; assignee: string | null }[] = await ds.query(
      `SELECT team, obligation_code AS code, status, to_char(due_on, 'YYYY-MM-DD') AS due, assignee
         FROM tasks WHERE team = ANY($1)`,
      [teams],
    );
    const overdue = rows.filter((r) => (r.status === 'open' || r.status === 'overdue') && r.due < TODAY);
    const age = (r: { due: string }) => (Date.parse(TODAY) - Date.parse(r.due)) / 86_400_000;
    const summary = await svc.overdue({ teams });
    expect(overdue.length).toBeGreaterThan(50);
    expect(summary.total).toBe(overdue.length);
    expect(summary.aging).toEqual({
      '1-7': overdue.filter((r) => age(r) <= 7).length,
      '8-30': overdue.filter((r) => age(r) > 7 && age(r) <= 30).length,
      '31+': overdue.filter((r) => age(r) > 30).length,
    });
    expect(summary.byAssignee.find((g) => g.key === null)?.overdue).toBe(overdue.filter((r) => !r.assignee).length);

    const forecast = await svc.forecast({ teams });
    const horizon = '2027-12-13'; // Monday of the week after the 26th
    expect(forecast.weeks.reduce((n, w) => n + w.total, 0)).toBe(
      rows.filter((r) => r.status === 'open' && r.due >= TODAY && r.due < horizon).length,
    );

    const onTime = await svc.onTime({ teams }, {});
    const inPeriod = rows.filter((r) => r.due >= onTime.from && r.due <= onTime.to);
    for (const code of ['contact-14d', 'phase1-target']) {
      const mine = inPeriod.filter((r) => r.code === code);
      expect(onTime.byCode.find((r) => r.code === code)).toMatchObject({
        met: mine.filter((r) => r.status === 'met').length,
        metLate: mine.filter((r) => r.status === 'met-late').length,
        overdue: mine.filter((r) => r.status === 'open' || r.status === 'overdue').length,
      });
    }
  });

  it('counts backfilled overdue tasks in the review queue, never in the daily overdue count, and lists them', async () => {
    const before = (await get('/api/v1/dashboard/overdue', { team: SYD })).body;
    const syd = await rm.case(SYD, 'LY');
    await rm.task(syd, SYD, { code: 'ly-jobtalk', status: 'overdue', due: d(-65), backfilled: true });
    await rm.task(syd, SYD, { code: 'ly-jobtalk', status: 'met', due: d(-64), closed: d(-70), backfilled: true });
    const after = (await get('/api/v1/dashboard/overdue', { team: SYD })).body;
    expect(after).toMatchObject({ total: before.total, aging: before.aging, review: before.review + 1 });
    expect(after.byCode.some((g: { key: string }) => g.key === 'ly-jobtalk')).toBe(false);
    const drill = await get('/api/v1/dashboard/overdue/cases', { team: SYD });
    expect(drill.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(syd);

    const caseworker = await token('caseworker', [SYD]);
    const list = async (query: Record<string, string>): Promise<string[][]> => {
      const res = await request(app.getHttpServer())
        .get('/api/v1/tasks')
        .query({ team: SYD, ...query })
        .set('authorization', caseworker)
        .expect(200);
      return (res.body as { items: { caseId: string; code: string }[] }).items.map((t) => [t.caseId, t.code]);
    };
    // Never hidden: the inbox still lists it; the review queue lists only it; the daily queue leaves it out.
    expect(await list({})).toContainEqual([syd, 'ly-jobtalk']);
    expect(await list({ queue: 'review' })).toEqual([[syd, 'ly-jobtalk']]);
    expect(await list({ queue: 'daily' })).not.toContainEqual([syd, 'ly-jobtalk']);
    await request(app.getHttpServer())
      .get('/api/v1/tasks')
      .query({ queue: 'later' })
      .set('authorization', caseworker)
      .expect(400);
  });
});
