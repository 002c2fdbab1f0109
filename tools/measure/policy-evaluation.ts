/**
 * Measures what the evaluate activity costs a migrated case with local policy decisions, before and after they
 * travel with the workflow as data (issue 14):
 *   node -r @swc-node/register tools/measure/policy-evaluation.ts [runs=2000] [teams=10]
 * "before" reads the team's published decisions from the database on every evaluation, as the activity did;
 * "after" is the activity as it is now (decisions in its input, no I/O). Starts a throwaway embedded Postgres (or
 * uses DATABASE_URL), publishes one municipality decision and one per team, and times one evaluation of the
 * law-2026 FJ-4 case per run: p50/p95 and database queries per evaluation.
 */
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { createEvaluateCase } from '@frist/activities';
import type { AppliedPolicyDecision, EvaluateCaseInput } from '@frist/contracts';
import { computeObligations, FLEKSJOB_2026 } from '@frist/obligations';
import { policyDecisionsOf, RuleChangeEntity } from '@frist/persistence';
import { FJ_4_SPRING_2026 } from '@frist/testing';
import { openMeasureDatabase } from './measure-database';

const runs = Number(process.argv[2] ?? 2000);
const teams = Number(process.argv[3] ?? 10);
const MIG_2026 = { id: 'MIG-2026' as const, publishedOn: FLEKSJOB_2026.effectiveFrom };
const events = [...FJ_4_SPRING_2026];

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 50; i++) await run();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await run();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(t.length / 2)], p95: t[Math.ceil(t.length * 0.95) - 1] };
}

async function main(): Promise<void> {
  const { ds, close } = await openMeasureDatabase('frist-measure-policy-');
  try {
    const now = new Date();
    const rows = ['municipality', ...Array.from({ length: teams }, (_, i) => `team-${i}`)].map((target, i) =>
      ds.getRepository(RuleChangeEntity).create({
        id: randomUUID(),
        kind: 'policy',
        target,
        title: `Beslutning ${i}`,
        status: 'published',
        payload: {
          switches: { 'contactCadence.enabled': i % 2 === 0 },
          decisionDate: '2026-08-01',
          effectiveFrom: '2026-09-01',
        },
        impact: null,
        draftedBy: 'a',
        draftedAt: now,
        approvedBy: 'b',
        approvedAt: now,
        sourcesChecked: ['x'],
        publishedBy: 'c',
        publishedAt: new Date(now.getTime() + i),
      }),
    );
    await ds.getRepository(RuleChangeEntity).save(rows);
    const applied: AppliedPolicyDecision[] = rows.flatMap((r) => policyDecisionsOf(r));
    let queries = 0;
    // The activity as it was: the team's published decisions read from the database per evaluation.
    const before = async (input: EvaluateCaseInput) => {
      queries++;
      const found = await ds.getRepository(RuleChangeEntity).find({
        where: { kind: 'policy', status: 'published', target: In(['municipality', input.facts.team]) },
        order: { publishedAt: 'ASC', id: 'ASC' },
      });
      const policyDecisions = found.flatMap((r) => policyDecisionsOf(r)).map(({ target: _t, ...d }) => d);
      return computeObligations(
        { caseId: input.facts.caseId, birthDate: input.facts.birthDate, team: input.facts.team },
        input.events,
        input.asOf,
        { migrations: input.migrations, policyDecisions },
      );
    };
    const after = createEvaluateCase();
    const input: EvaluateCaseInput = {
      facts: { caseId: 'c1', citizenRef: 'r', team: 'team-3', birthDate: '1978-03-02' },
      events,
      asOf: '2026-12-07',
      migrations: [MIG_2026],
      policyDecisions: applied,
    };
    // Sanity: both answer the same.
    const a = JSON.stringify((await before(input)).occurrences);
    const b = JSON.stringify((await after(input)).result.occurrences);
    if (a !== b) throw new Error('before and after disagree');
    queries = 0;
    const tb = await time(() => before(input));
    const perBefore = queries / (runs + 50);
    const ta = await time(() => after(input));
    const line = (name: string, t: { p50: number; p95: number }, q: number) =>
      `${name.padEnd(46)} p50 ${t.p50.toFixed(3)} ms  p95 ${t.p95.toFixed(3)} ms  db queries/evaluation ${q}`;
    console.log(line('before: decisions read per evaluation', tb, perBefore));
    console.log(line('after: decisions carried in the workflow input', ta, 0));
  } finally {
    await close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
