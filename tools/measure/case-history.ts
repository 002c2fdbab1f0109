/**
 * Measures what one case costs Temporal's persistence: the history of a case after its creation and one wake-up,
 * as the bench's timer section samples it, without running the bench:
 *   node -r @swc-node/register tools/measure/case-history.ts [cases=5]
 * Runs the case workflow on the time-skipping test server (`scripts/ensure-tools.sh`) with the real engine and an
 * in-memory projection; each case is created as the API creates it (its realistic 3–8 month timeline in one update),
 * then the clock skips to the start of the next day, when one of its tasks turns overdue. Prints the protobuf size
 * and event count of each history and, for the first, the size of every event.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import {
  addDaysIso,
  applyEventsVerdictUpdate,
  CASE_WORKFLOW_TYPE,
  caseWorkflowId,
  copenhagenDate,
  copenhagenStartOfDay,
  type ProjectCaseInput,
} from '@frist/contracts';
import { evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { bundledWorkflows, createTimeSkippingEnv } from '@frist/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the same cases the bench's timer section creates
import { timerCase } from '../../bench/temporal/timer-cases';

const HistoryProto = temporal.api.history.v1.History;
const EventProto = temporal.api.history.v1.HistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5);
  const env = await createTimeSkippingEnv();
  const taskQueue = `measure-${randomUUID()}`;
  const projections: ProjectCaseInput[] = [];
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...(await bundledWorkflows()),
    activities: withEvaluateAndProject({
      evaluateCase,
      projectCase: (p) => {
        projections.push(p);
        return Promise.resolve();
      },
      reportCaseAttention: () => Promise.resolve(),
    }),
  });
  try {
    await worker.runUntil(async () => {
      const T = copenhagenDate(await env.currentTimeMs());
      const cases = Array.from({ length: n }, (_, i) => ({ caseId: randomUUID(), c: timerCase(i, T) }));
      for (const { caseId, c } of cases) {
        // The API's create: one update-with-start carrying CASE_OPENED today, then the case's timeline; it asks for
        // the verdict (the 201 body comes from the read model).
        const actor = 'measure-user';
        await env.client.workflow.executeUpdateWithStart(applyEventsVerdictUpdate, {
          args: [
            {
              events: [
                { eventId: 'case-opened', event: { type: 'CASE_OPENED', date: T }, actor },
                ...c.events.map(({ eventId, ...event }) => ({ eventId, event, actor })),
              ],
              answer: 'verdict',
            },
          ],
          startWorkflowOperation: new WithStartWorkflowOperation(CASE_WORKFLOW_TYPE, {
            workflowId: caseWorkflowId(caseId),
            taskQueue,
            args: [{ facts: { caseId, citizenRef: 'measure', team: 'team-a', birthDate: c.birthDate } }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
      }
      // The wake-up: the start of T+1 (Copenhagen), when each case's task due on T turns overdue.
      await env.sleep(copenhagenStartOfDay(addDaysIso(T, 1)) + 60_000 - (await env.currentTimeMs()));
      for (const { caseId, c } of cases) {
        for (let tries = 0; ; tries++) {
          const overdue = projections.some(
            (p) =>
              p.facts.caseId === caseId &&
              p.occurrences.some((o) => o.code === c.turnsOverdue && o.status === 'overdue'),
          );
          if (overdue) break;
          if (tries > 100) throw new Error(`case ${caseId} did not wake up`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      let bytes = 0;
      let events = 0;
      for (const [i, { caseId }] of cases.entries()) {
        const history = await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
        const size = HistoryProto.encode(history).finish().length;
        bytes += size;
        events += history.events?.length ?? 0;
        console.log(`case ${i}: ${size} bytes, ${history.events?.length} events`);
        if (i === 0)
          for (const e of history.events ?? [])
            console.log(`  ${EventProto.encode(e).finish().length}\t${EventType[e.eventType ?? 0]}`);
      }
      console.log(`mean: ${(bytes / n).toFixed(0)} bytes, ${(events / n).toFixed(1)} events over ${n} cases`);
    });
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
