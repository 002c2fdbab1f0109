/**
 * Measures the trial KPI endpoint's queries on a large read model:
 *   node -r @swc-node/register tools/measure/trial-kpis.ts [--base-cases 8000] [--trial-copies 100] [--teams 10]
 * Seeds engine-computed fleksjob cases (the dashboard seed) plus `trialCopies` × 12 aht-2009 cases (the demo
 * timelines) projected by the real projection activity, spread over the teams, then times the KPIs for one team and
 * for all teams and prints the plan of the task join.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CaseProjectionActivities, programmeFromFile, TrialCatalogue } from '@frist/activities';
import { FixedClock } from '@frist/config';
import { copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import { DEMO_PROGRAMME_FILE, engineProjection } from '@frist/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { seedReadModel } from '../../apps/api/src/dashboard/fixtures/read-model-seed';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a measurement tool times the API's services directly
import { TrialKpiService } from '../../apps/api/src/dashboard/trial-kpis.service';
import { trialDemoCases } from '../dev/demo-cases';
import { openMeasureDatabase, printQueryTimes } from './measure-database';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'base-cases': { type: 'string', default: '8000' },
      'trial-copies': { type: 'string', default: '100' },
      teams: { type: 'string', default: '10' },
    },
  });
  const baseCases = Number(values['base-cases']);
  const copies = Number(values['trial-copies']);
  const teamCount = Number(values.teams);
  const { ds, close } = await openMeasureDatabase('frist-trial-');
  try {
    const today = copenhagenDate(Date.now());
    const clock = new FixedClock(new Date(copenhagenStartOfDay(today) + 12 * 3_600_000));
    const teams = Array.from({ length: teamCount }, (_, i) => `team-${i + 1}`);
    let t0 = performance.now();
    const seeded = await seedReadModel(ds, { cases: baseCases, teams, today });
    console.log(`base: ${JSON.stringify(seeded)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    t0 = performance.now();
    const projection = new CaseProjectionActivities(ds, clock);
    const templates = trialDemoCases();
    for (let k = 0; k < copies; k++)
      for (const tpl of templates) {
        const caseId = randomUUID();
        const { input } = engineProjection(
          { caseId, citizenRef: `m-${k}`, team: teams[k % teams.length] ?? 'team-1', caseType: 'sygedagpenge' },
          tpl.events,
          today,
          {
            newEvents: tpl.events.map(({ eventId, ...event }) => ({
              eventId,
              event,
              recordedAt: clock.now().toISOString(),
            })),
          },
        );
        await projection.projectCase(input);
      }
    const [counts] = await ds.query<{ tasks: number; enrolments: number; events: number }[]>(
      `SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM case_enrolments)::int AS enrolments,
              (SELECT count(*) FROM case_events)::int AS events`,
    );
    console.log(
      `trial cases projected in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${JSON.stringify(counts)}`,
    );
    await ds.query('ANALYZE');

    // The demo programme adopted, so the KPIs of a programme without enrolments are timed too.
    const svc = new TrialKpiService(ds, clock, new TrialCatalogue([programmeFromFile(DEMO_PROGRAMME_FILE)]));
    const runs: [string, () => Promise<unknown>][] = [
      ['trial KPIs (1 team)', () => svc.kpis({ teams: teams.slice(0, 1) }, { programme: 'aht-2009' })],
      [`trial KPIs (${teamCount} teams)`, () => svc.kpis({ teams }, { programme: 'aht-2009' })],
      ['unused programme', () => svc.kpis({ teams }, { programme: 'aht-demo' })],
    ];
    await printQueryTimes(runs);
    // The plan of the task join as the service runs it (its ENROLMENTS CTE and filter), for one team.
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
       WITH e AS (
         SELECT ce.case_id, ce.arm, c.case_type, ce.assigned_on AS t,
                LEAST(ce.last_day_on, coalesce(ce.ended_on - 1, ce.last_day_on), $3::date) AS w_end
         FROM case_enrolments ce JOIN cases c ON c.id = ce.case_id
         WHERE ce.program = $2 AND ce.team = ANY($1::text[]) AND ce.assigned_on <= $3::date)
       SELECT e.arm, t.obligation_code, count(*) FROM e JOIN tasks t ON t.case_id = e.case_id
       WHERE t.due_on BETWEEN e.t AND e.w_end AND (t.program = $2 OR (t.program IS NULL AND t.kind = 'legal'))
       GROUP BY 1, 2`,
      [teams.slice(0, 1), 'aht-2009', today],
    );
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
