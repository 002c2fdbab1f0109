import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { CaseProjectionActivities } from '@frist/activities';
import { FixedClock, loadConfig, signAccessToken, type AppConfig, type Role } from '@frist/config';
import { addDaysIso, copenhagenStartOfDay } from '@frist/contracts';
import { quotaForCases, type CaseEvent, type QuotaCase, type QuotaScope } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, engineProjection, rng, TEST_AUTH_ENV } from '@frist/testing';
import { createApp } from '../create-app';
import type { JobtalkQuotaReport } from './jobtalk-quota.service';

const MIG = [{ id: 'MIG-2026', publishedOn: '2026-12-07' }];
const NORD = 'fleks-nord';
const SYD = 'fleks-syd';
const VEST = 'fleks-vest';

interface Seeded extends QuotaCase {
  case: QuotaCase['case'] & { caseId: string; team: string };
}

/**
 * Random ledighedsydelse courses from spring 2026: a visitation, talks at uneven spacing (some caseworkers fall
 * behind), sometimes an exemption after the first talk, a fleksjob start or a closed case. Every event lies on or
 * before `until`.
 */
function generateCases(seed: number, n: number, teams: string[], until: string): Seeded[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const cases: Seeded[] = [];
  for (let i = 0; i < n; i++) {
    const events: CaseEvent[] = [];
    const visitation = addDaysIso('2026-03-02', int(0, 300));
    if (visitation > until) continue;
    events.push({ type: 'HEALTH_ADVICE_REQUESTED', date: addDaysIso(visitation, -7), provider: 'klinisk-funktion' });
    events.push({ type: 'VISITATION_DECIDED', date: visitation });
    const spacing = r() < 0.4 ? [35, 80] : [14, 45];
    const exemptAfter = r() < 0.2 ? int(1, 3) : undefined;
    const endAfter = r() < 0.15 ? int(30, 200) : undefined;
    let d = visitation;
    let talks = 0;
    for (;;) {
      d = addDaysIso(d, int(spacing[0], spacing[1]));
      if (d > until || (endAfter !== undefined && d >= addDaysIso(visitation, endAfter))) break;
      events.push({ type: 'CONTACT_HELD', date: d, form: r() < 0.5 ? 'phone' : 'in-person' });
      talks++;
      if (talks === exemptAfter) {
        const on = addDaysIso(d, int(0, 10));
        if (on <= until) events.push({ type: 'JOBTALKS_EXEMPTED', date: on, reason: 'selvhjulpen' });
        d = on;
      }
    }
    if (endAfter !== undefined) {
      const end = addDaysIso(visitation, endAfter);
      if (end <= until)
        events.push(
          r() < 0.5
            ? { type: 'FLEXJOB_STARTED', date: end, hoursPerWeek: 12, employer: 'Virksomhed' }
            : { type: 'CASE_CLOSED', date: end },
        );
    }
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    cases.push({
      case: { caseId: randomUUID(), caseType: 'fleksjob', birthDate: '1975-05-05', team: teams[i % teams.length] },
      events,
      migrations: MIG,
    });
  }
  return cases;
}

describe('job-talk quota over the read model (real Postgres, engine-computed periods, fixed clock)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let config: AppConfig;
  const apps: INestApplication[] = [];

  const appAt = async (today: string) => {
    const now = new Date(copenhagenStartOfDay(today) + 10 * 3_600_000);
    const app = await createApp(config, new FixedClock(now));
    await app.init();
    apps.push(app);
    const token = (role: Role, teams: string[]) =>
      signAccessToken(config.auth, { sub: `${role}-1`, role, teams }, { now }).then((t) => `Bearer ${t}`);
    return {
      get: async (path: string, query: Record<string, string>, teams: string[], status = 200, role: Role = 'manager') =>
        request(app.getHttpServer())
          .get(`/api/v1/dashboard/${path}`)
          .query(query)
          .set('authorization', await token(role, teams))
          .expect(status),
    };
  };

  /** Projects each case as the workflow would at `asOf` (engine with MIG-2026), once. */
  const project = async (cases: Seeded[], asOf: string) => {
    const activities = new CaseProjectionActivities(ds, new FixedClock(new Date(`${asOf}T09:00:00Z`)));
    for (const c of cases) {
      const { input } = engineProjection(
        { ...c.case, citizenRef: `ref-${c.case.caseId.slice(0, 8)}` },
        c.events,
        asOf,
        { options: { migrations: MIG as never } },
      );
      await activities.projectCase(input);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', ...TEST_AUTH_ENV, TEMPORAL_ADDRESS: '127.0.0.1:1' });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('FJ-7: the team’s Q1 2027 is the O6 JSON; another team’s period counts only where that team is in scope', async () => {
    const fj7 = JSON.parse(readFileSync(join(__dirname, '../../../cli/src/fixtures/fj7-quota.json'), 'utf8')) as {
      cases: Seeded[];
      asOf: string;
    };
    const slug: Record<string, string> = { 'Fleksjob Nord': 'fj7-nord' };
    const cases = fj7.cases.map((c) => ({
      ...c,
      case: { ...c.case, caseId: randomUUID(), team: slug[c.case.team] ?? 'fj7-syd' },
    }));
    await project(cases, fj7.asOf);
    const api = await appAt(fj7.asOf);
    const { body } = await api.get('jobtalk-quota', { from: '2027-01-01', to: '2027-03-31', team: 'fj7-nord' }, [
      'fj7-nord',
    ]);
    expect(body).toMatchObject({ today: '2027-04-05', from: '2027-01-01', to: '2027-03-31', teams: ['fj7-nord'] });
    const o6 = {
      cohortSize: 13,
      met: 9,
      exempted: 2,
      short: 1,
      endedEarly: 1,
      open: 0,
      denominator: 12,
      metShare: 0.75,
      exemptedShare: 0.166667,
      metSharePercent: 75.0,
      exemptedSharePercent: 16.7,
      status: 'ok',
    };
    expect(body.total).toEqual(o6);
    expect(body.quarters).toEqual([{ quarter: '2027-Q1', from: '2027-01-01', to: '2027-03-31', ...o6 }]);
    expect(body.atRisk).toEqual([]);
    // Both teams: the other team's period joins (14 periods, 10 met of 13), like the municipality level.
    const both = await api.get('jobtalk-quota', { from: '2027-01-01', to: '2027-03-31' }, ['fj7-nord', 'fj7-syd']);
    expect(both.body.total).toMatchObject({ cohortSize: 14, met: 10, denominator: 13, metShare: 0.769231 });
    // The drill-down names the short period's case.
    const short = await api.get('jobtalk-quota/cases', { from: '2027-01-01', to: '2027-03-31', outcome: 'short' }, [
      'fj7-nord',
    ]);
    expect(short.body.items).toEqual([
      expect.objectContaining({ lastDay: '2027-02-27', heldCount: 3, outcome: 'short', team: 'fj7-nord' }),
    ]);
  }, 60_000);

  it('agrees with the pure quotaForCases on generated cases, per quarter, per team and for all teams', async () => {
    // Projected on 2027-01-20; measured on 2027-02-24: periods whose L passed in between are short only by the date.
    const projectedOn = '2027-01-20';
    const today = '2027-02-24';
    const cases = generateCases(7, 240, [NORD, SYD, VEST], projectedOn);
    await project(cases, projectedOn);
    const api = await appAt(today);
    const pure = (scope: QuotaScope, from: string, to: string) =>
      quotaForCases({ cases, scope, from, to, asOf: today });
    const strip = <T extends { scope: unknown; from: string; to: string; asOf: string; atRisk: unknown }>(q: T) => {
      const { scope: _s, from: _f, to: _t, asOf: _a, atRisk: _r, ...figures } = q;
      return figures;
    };
    const quarters = [
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
      ['2027-01-01', '2027-03-31'],
      ['2027-04-01', '2027-06-30'],
      ['2027-07-01', '2027-09-30'],
    ] as const;
    const from = '2026-07-01';
    const to = '2027-09-30';
    const covered = { met: 0, exempted: 0, short: 0, endedEarly: 0, open: 0, atRisk: 0 };
    for (const [teams, scope] of [
      [[NORD], { level: 'team', team: NORD }],
      [[SYD], { level: 'team', team: SYD }],
      [[NORD, SYD, VEST], { level: 'municipality' }],
    ] as const) {
      const query: Record<string, string> = {
        from,
        to,
        limit: '1000',
        ...(teams.length === 1 ? { team: teams[0] } : {}),
      };
      const { body } = (await api.get('jobtalk-quota', query, [...teams])) as { body: JobtalkQuotaReport };
      const whole = pure(scope, from, to);
      expect(body.total).toEqual(strip(whole));
      expect(body.quarters.map(({ quarter: _q, from: _f, to: _t, ...f }) => f)).toEqual(
        quarters.map(([f, t]) => strip(pure(scope, f, t))),
      );
      const key = (p: { caseId: string; periodStart: string }) => `${p.caseId}/${p.periodStart}`;
      expect(body.atRisk.map(key).sort()).toEqual(whole.atRisk.map(key).sort());
      expect(body.atRiskTotal).toBe(whole.atRisk.length);
      if (scope.level === 'municipality')
        Object.assign(covered, {
          met: whole.met,
          exempted: whole.exempted,
          short: whole.short,
          endedEarly: whole.endedEarly,
          open: whole.open,
          atRisk: whole.atRisk.length,
        });
    }
    // The generated cases reach every outcome and some at-risk periods, so the comparison is not vacuous.
    for (const [outcome, n] of Object.entries(covered)) expect([outcome, n > 0]).toEqual([outcome, true]);
  }, 120_000);
});
