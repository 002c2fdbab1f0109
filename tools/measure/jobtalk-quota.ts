/**
 * Measures the job-talk quota (GET /api/v1/dashboard/jobtalk-quota and its drill-down and exemption share) on a
 * seeded read model:
 *   node -r @swc-node/register tools/measure/jobtalk-quota.ts [cases=100000] [teams=10] [extraPeriods=0] [runs=60]
 * Starts a throwaway embedded Postgres (or uses DATABASE_URL), seeds engine-computed cases that have taken MIG-2026
 * (their periods[] in case_jobtalk_periods), optionally adds `extraPeriods` synthetic periods spread over 2026–2030
 * (years of accumulated periods), then times each query through the service and the endpoint through HTTP: p50/p95.
 */
import { FixedClock, loadConfig, signAccessToken } from '@frist/config';
import { copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import { registerTeams } from '@frist/persistence';
import type { DataSource } from 'typeorm';
import { TEST_AUTH_ENV } from '@frist/testing';
// The API app has no path alias; this tool measures its service and app directly.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { JobtalkQuotaService } from '../../apps/api/src/dashboard/jobtalk-quota.service';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { seedReadModel } from '../../apps/api/src/dashboard/fixtures/read-model-seed';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { createApp } from '../../apps/api/src/create-app';
import { openMeasureDatabase } from './measure-database';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function time(name: string, runs: number, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await run(); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await run();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95)
      .toFixed(1)
      .padStart(6)} ms  max ${String(times[times.length - 1]?.toFixed(1)).padStart(6)} ms`,
  );
}

interface MeasureContext {
  base: string;
  config: ReturnType<typeof loadConfig>;
  now: Date;
  teams: string[];
  runs: number;
  today: string;
}

async function measure(ds: DataSource, { base, config, now, teams, runs, today }: MeasureContext): Promise<void> {
  const teamCount = teams.length;
  const [{ n }] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_jobtalk_periods');
  console.log(`case_jobtalk_periods: ${n} rows; today ${today}; ${runs} runs each`);

  const svc = new JobtalkQuotaService(ds, new FixedClock(now));
  const one = teams.slice(0, 1);
  await time('service: quota, 1 team, 3 quarters', runs, () => svc.report(one, {}, 200));
  await time(`service: quota, all ${teamCount} teams, 3 quarters`, runs, () => svc.report(teams, {}, 200));
  await time(`service: quota, all teams, 8 quarters`, runs, () =>
    svc.report(teams, { from: '2026-07-01', to: '2028-06-30' }, 200),
  );
  await time('service: drill-down at-risk, 1 team', runs, () =>
    svc.periods(one, { outcome: 'at-risk', limit: 100, offset: 0 }),
  );
  await time('service: exemption share (team + municipality)', runs, () => svc.exemptionShare('team-1'));

  // The endpoint through HTTP: auth, validation, the same SQL, JSON.
  {
    const header = (t: string[]) =>
      signAccessToken(config.auth, { sub: 'm', role: 'manager', teams: t }, { now }).then((x) => `Bearer ${x}`);
    const oneAuth = await header(one);
    const allAuth = await header(teams);
    const get = async (path: string, auth: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: auth } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    await time('HTTP GET jobtalk-quota?team=team-1', runs, () =>
      get('/api/v1/dashboard/jobtalk-quota?team=team-1', oneAuth),
    );
    await time(`HTTP GET jobtalk-quota (all ${teamCount} teams)`, runs, () =>
      get('/api/v1/dashboard/jobtalk-quota', allAuth),
    );
    await time('HTTP GET jobtalk-quota?format=csv (all teams)', runs, () =>
      get('/api/v1/dashboard/jobtalk-quota?format=csv', allAuth),
    );
  }
}

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 100_000);
  const teamCount = Number(process.argv[3] ?? 10);
  const extraPeriods = Number(process.argv[4] ?? 0);
  const runs = Number(process.argv[5] ?? 60);
  const { ds, url, close } = await openMeasureDatabase('frist-quota-');
  try {
    const today = copenhagenDate(Date.now());
    const teams = Array.from({ length: teamCount }, (_, i) => `team-${i + 1}`);
    const t0 = performance.now();
    const seeded = await seedReadModel(ds, { cases, teams, today, migrated: true });
    console.log(`seeded ${JSON.stringify(seeded)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const now = new Date(copenhagenStartOfDay(today) + 12 * 3_600_000);
    const config = loadConfig({
      DATABASE_URL: url,
      NODE_ENV: 'test',
      ...TEST_AUTH_ENV,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    const app = await createApp(config, new FixedClock(now));
    await app.listen(0, '127.0.0.1');
    try {
      await registerTeams(
        ds,
        teams.map((id) => ({ id, name: id })),
      );
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      await measure(ds, { base, config, now, teams, runs, today });
      if (extraPeriods > 0) {
        // Synthetic periods of earlier and later spells of the seeded cases: L spread over 2026-07 … 2030-12.
        await ds.query(
          `WITH c AS (SELECT id, team, row_number() OVER (ORDER BY id) AS rn FROM cases)
         INSERT INTO case_jobtalk_periods (case_id, period_start, team, last_day, held_count, outcome, source, projection_seq)
         SELECT c.id, s.d - 182, c.team, s.d, (s.g % 6),
                (ARRAY['met','met','met','short','exempted','ended-early','open'])[1 + s.g % 7], 'synthetic', 1
         FROM (SELECT g, (date '2026-07-01' + (g * 7919 % 1645))::date AS d FROM generate_series(1, $1::int) g) s
         JOIN c ON c.rn = 1 + (s.g * 31 % $2::int)
         ON CONFLICT DO NOTHING`,
          [extraPeriods, cases],
        );
        await ds.query('ANALYZE case_jobtalk_periods');
      }
      if (extraPeriods > 0) await measure(ds, { base, config, now, teams, runs, today });
    } finally {
      await app.close();
    }
    const [plan] = await ds.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN (ANALYZE, FORMAT TEXT) SELECT to_char(date_trunc('quarter', p.last_day), 'YYYY-MM-DD'), count(*)
       FROM case_jobtalk_periods p WHERE p.team = ANY($1::text[]) AND p.last_day BETWEEN $2::date AND $3::date GROUP BY 1`,
      [teams, '2026-07-01', '2027-06-30'],
    );
    console.log(`plan (first line): ${plan?.['QUERY PLAN']}`);
  } finally {
    await close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
