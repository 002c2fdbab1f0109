/**
 * Measures the dashboard queries on a seeded read model:
 *   node -r @swc-node/register tools/measure/dashboard-queries.ts [--cases 20000] [--teams 10]
 * Starts a throwaway embedded Postgres (or uses DATABASE_URL, which it fills), seeds, then times each query.
 */
import { parseArgs } from 'node:util';
import { FixedClock } from '@frist/config';
import { copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
// The API app has no path alias; this tool measures its service directly.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { DashboardService } from '../../apps/api/src/dashboard/dashboard.service';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { seedReadModel } from '../../apps/api/src/dashboard/fixtures/read-model-seed';
import { openMeasureDatabase, printQueryTimes } from './measure-database';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string', default: '20000' }, teams: { type: 'string', default: '10' } },
  });
  const cases = Number(values.cases);
  const teamCount = Number(values.teams);
  const { ds, close } = await openMeasureDatabase('frist-dash-');
  try {
    const today = copenhagenDate(Date.now());
    const teams = Array.from({ length: teamCount }, (_, i) => `team-${i + 1}`);
    const t0 = performance.now();
    const seeded = await seedReadModel(ds, { cases, teams, today });
    console.log(`seeded ${JSON.stringify(seeded)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const svc = new DashboardService(ds, new FixedClock(new Date(copenhagenStartOfDay(today) + 12 * 3_600_000)));
    const one = { teams: teams.slice(0, 1) };
    const three = { teams: teams.slice(0, 3) };
    const runs: [string, () => Promise<unknown>][] = [
      ['overdue (1 team)', () => svc.overdue(one)],
      ['overdue (3 teams)', () => svc.overdue(three)],
      ['overdue drill-down', () => svc.overdueCases(one, { limit: 100 })],
      ['on-time 12 months', () => svc.onTime(one, {})],
      ['forecast', () => svc.forecast(one)],
      ['passivity watch list', () => svc.passivity(one, { minDays: 0, limit: 50 })],
    ];
    await printQueryTimes(runs);
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
