import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate, type SubmittedEvent } from '@frist/contracts';
import { computeObligations } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import {
  createLocalEnv,
  createTestDatabase,
  eventually,
  freePort,
  latchTable,
  spawnApp,
  startApp,
  type AppProcess,
} from '@frist/testing';

const CASES = 16;

/**
 * kill -9 of the worker process while it applies events and projects tasks: after a restart every task is
 * projected exactly once, none is missing, and every event is recorded once.
 */
describe('worker killed with SIGKILL mid-flight (real processes)', () => {
  jest.setTimeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let workerEnv: Record<string, string>;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    workerEnv = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `crash-${randomUUID()}`,
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill9()));
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  const startWorker = async () => {
    const w = await startApp('worker', workerEnv);
    workers.push(w);
    return w;
  };

  it('drains and exits 0 on a SIGTERM while it is still starting (the case worker polls, the rest is not up yet)', async () => {
    const w = spawnApp('worker', workerEnv);
    workers.push(w);
    await eventually(async () => w.output().includes('worker ready on'), 'case worker polling', {
      process: w,
      timeoutMs: 90_000,
    });
    expect(await w.stop()).toBe(0);
    expect(w.output()).toContain('shut down cleanly');
  });

  it('projects every task exactly once across two crashes', async () => {
    const today = copenhagenDate(Date.now());
    const d = (n: number) => addDaysIso(today, -n);
    const ids = Array.from({ length: CASES }, () => randomUUID());
    const wave1 = (i: number): SubmittedEvent[] => [
      { eventId: 'visit', event: { type: 'VISITATION_DECIDED', date: d(100 + i) } },
      { eventId: 'c1', event: { type: 'CONTACT_HELD', date: d(90 + i), form: 'phone' } },
    ];
    const wave2 = (i: number): SubmittedEvent[] => [
      { eventId: 'intern', event: { type: 'INTERNSHIP_STARTED', date: d(60) } },
      { eventId: 'c2', event: { type: 'CONTACT_HELD', date: d(50), form: 'video' } },
      {
        eventId: 'job',
        event: { type: 'FLEXJOB_STARTED', date: d(30 - (i % 5)), hoursPerWeek: 8, employer: 'Genbrug' },
      },
    ];
    // Callers retry with the same eventIds until they get an answer, as a caseworker tool would.
    const submit = async (caseId: string, events: SubmittedEvent[], start: boolean): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        try {
          if (start) {
            await env.client.workflow.executeUpdateWithStart(applyEventsUpdate, {
              args: [{ events }],
              startWorkflowOperation: new WithStartWorkflowOperation('caseWorkflow', {
                workflowId: caseWorkflowId(caseId),
                taskQueue: workerEnv.TEMPORAL_TASK_QUEUE,
                args: [
                  {
                    facts: {
                      caseId,
                      citizenRef: `ref-${caseId.slice(0, 6)}`,
                      team: 'team-crash',
                      birthDate: '1980-02-02',
                    },
                  },
                ],
                workflowIdConflictPolicy: 'USE_EXISTING',
              }),
            });
          } else {
            await env.client.workflow
              .getHandle(caseWorkflowId(caseId))
              .executeUpdate(applyEventsUpdate, { args: [{ events }] });
          }
          return;
        } catch (err) {
          if (attempt > 20) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };

    let worker = await startWorker();
    const first = Promise.all(ids.map((id, i) => submit(id, wave1(i), true)));
    await eventually(
      async () => ((await ds.query('SELECT count(*)::int AS n FROM tasks'))[0].n as number) > 0,
      'some projections',
      { timeoutMs: 60_000 },
    );
    expect(await worker.kill9()).toBe('SIGKILL');
    worker = await startWorker();
    await first;

    // The latch holds the second wave's projections: the kill lands while they are certainly in flight.
    const latch = await latchTable(db.url, 'tasks');
    const second = Promise.all(ids.map((id, i) => submit(id, wave2(i), false)));
    try {
      await eventually(async () => (await latch.waiting()) > 0, 'a projection waiting on the latch', 60_000);
      expect(await worker.kill9()).toBe('SIGKILL');
    } finally {
      await latch.release();
    }
    worker = await startWorker();
    await second;

    for (const [i, caseId] of ids.entries()) {
      const timeline = [...wave1(i), ...wave2(i)].map((e) => e.event);
      const expected = computeObligations({ birthDate: '1980-02-02' }, timeline, today)
        .occurrences.map((o) => `${o.code}#${o.occurrence} ${o.status} ${o.dueOn}`)
        .sort();
      const rows: { t: string }[] = await ds.query(
        `SELECT obligation_code || '#' || occurrence || ' ' || status || ' ' || to_char(due_on, 'YYYY-MM-DD') AS t FROM tasks WHERE case_id = $1 ORDER BY 1`,
        [caseId],
      );
      expect({ caseId, tasks: rows.map((r) => r.t) }).toEqual({ caseId, tasks: expected });
      const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM case_events WHERE case_id = $1`, [
        caseId,
      ]);
      expect(events).toBe(timeline.length);
    }
    // Exactly once: no task change was written twice for the same projection, no event audited twice.
    expect(
      await ds.query(
        `SELECT case_id, obligation_code, occurrence, projection_seq, change FROM task_changes GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    expect(
      await ds.query(
        `SELECT details->>'eventId' AS e, case_id FROM audit_entries WHERE action = 'EVENT_RECORDED' GROUP BY 1, 2 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    expect(await worker.stop()).toBe(0);
  });
});
