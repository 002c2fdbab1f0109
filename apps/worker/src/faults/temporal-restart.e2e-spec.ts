import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import {
  freePort,
  bundledWorkflows,
  startTemporalDevServer,
  temporalToolPaths,
  eventually,
  snapshotOccurrences,
  type RunningTemporal,
} from '@frist/testing';

const CASES = 5;

/** Pending timers of a run: TimerStarted events with neither TimerFired nor TimerCanceled, and when they fire. */
async function pendingTimers(client: Client, workflowId: string): Promise<number[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const started = new Map<number, number>();
  for (const e of history.events ?? []) {
    if (e.timerStartedEventAttributes) {
      const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      const ms = Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0) * 1000;
      started.set(Number(e.eventId), at + ms);
    }
    const ended = e.timerFiredEventAttributes?.startedEventId ?? e.timerCanceledEventAttributes?.startedEventId;
    if (ended) started.delete(Number(ended));
  }
  return [...started.values()];
}

/**
 * The persisted dev server stopped and restarted while cases sleep: every case is still running with its one clock
 * set to the same instant, and the worker reconnects and carries on. (That a due clock fires and raises its task is
 * shown on the time-skipping server; this test is about the clocks surviving the server.)
 */
describe('Temporal server restart with sleeping cases (persisted dev server)', () => {
  jest.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'frist-temporal-'));
  let server: RunningTemporal;
  let port: number;

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every clock across a stop and start', async () => {
    port = await freePort();
    const start = () =>
      startTemporalDevServer({ cli: temporalToolPaths().cli, dbFile: join(dir, 'temporal.sqlite'), port });
    server = await start();
    const taskQueue = `restart-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities: withEvaluateAndProject({ projectCase: () => Promise.resolve(), evaluateCase }),
    });
    const today = copenhagenDate(Date.now());
    const ids = Array.from({ length: CASES }, () => randomUUID());

    await worker.runUntil(async () => {
      for (const [i, caseId] of ids.entries()) {
        const handle = await client.workflow.start('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue,
          args: [{ facts: { caseId, citizenRef: `r${i}`, team: 't', birthDate: '1980-01-01' } }],
        });
        await handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'v', event: { type: 'VISITATION_DECIDED', date: addDaysIso(today, -i) } }] }],
        });
      }
      const before = new Map<string, number[]>();
      for (const caseId of ids) {
        await eventually(
          async () => (await pendingTimers(client, caseWorkflowId(caseId))).length === 1,
          'timer set',
          60_000,
        );
        const timers = await pendingTimers(client, caseWorkflowId(caseId));
        // The one clock wakes the case at the start of the Copenhagen day its next obligation can change.
        const occurrences = await snapshotOccurrences(client.workflow.getHandle(caseWorkflowId(caseId)));
        const contact = occurrences.find((o) => o.code === 'contact-14d')!;
        // (within the workflow task's latency: the timer counts from the task's start, the event is stamped later)
        expect(Math.abs(timers[0] - copenhagenStartOfDay(addDaysIso(contact.dueOn, 1)))).toBeLessThan(2_000);
        before.set(caseId, timers);
      }

      await server.stop();
      server = await start(); // same port, same SQLite file

      for (const caseId of ids) {
        const handle = client.workflow.getHandle(caseWorkflowId(caseId));
        expect((await handle.describe()).status.name).toBe('RUNNING');
        expect(await pendingTimers(client, caseWorkflowId(caseId))).toEqual(before.get(caseId));
        // The worker reconnected: the case answers a new event and re-arms its clock for the new state.
        await handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'c', event: { type: 'CONTACT_HELD', date: today, form: 'phone' } }] }],
        });
        const next = (await snapshotOccurrences(handle)).filter((o) => o.code === 'contact-14d').at(-1)!;
        expect(next.status).toBe('open');
        await eventually(
          async () => {
            const t = await pendingTimers(client, caseWorkflowId(caseId));
            return t.length === 1 && t[0] <= copenhagenStartOfDay(addDaysIso(next.dueOn, 1)) + 2_000;
          },
          're-armed timer',
          60_000,
        );
      }
    });
    await connection.close();
    await nativeConnection.close();
  });
});
