import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import {
  createLocalEnv,
  eventually,
  freePort,
  spawnApp,
  startPostgresProcess,
  type AppProcess,
  type RunningPostgres,
} from '@frist/testing';

const GRACE_MS = 4_000;

/**
 * SIGTERM to the worker while a case's projection (a local activity) is retrying against a stopped Postgres. The
 * retry cannot finish, so the worker cannot drain it: it must say exactly what it abandons (the workflow id and the
 * activity; Temporal gives the workflow task to another worker) and exit within its own grace with a non-zero code,
 * not hang until the process's hard limit and exit 1 without a word.
 */
describe('worker SIGTERM while a projection retries against a down Postgres (real processes)', () => {
  jest.setTimeout(240_000);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'frist-worker-shutdown-')), 'data');
  let pg: RunningPostgres | undefined;
  let env: TestWorkflowEnvironment;
  let worker: AppProcess | undefined;
  const pendingUpdate = new AbortController();

  afterAll(async () => {
    pendingUpdate.abort(); // the update still waiting on the abandoned change, before its connection goes
    await worker?.kill9();
    await pg?.stop();
    await env?.teardown();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('logs the abandoned projection by workflow id and activity and exits 1 within its grace', async () => {
    const pgPort = await freePort();
    [pg, env] = await Promise.all([startPostgresProcess({ dataDir, port: pgPort }), createLocalEnv()]);
    const admin = new PgClient({ connectionString: pg.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE frist');
    await admin.end();
    const dbUrl = pg.adminUrl.replace(/\/[^/]*$/, '/frist');
    const ds = createDataSource(dbUrl, 1);
    await ds.initialize();
    await ds.runMigrations();
    await registerTeams(ds, [{ id: 'team-w', name: 'Team w' }]);
    await ds.destroy();

    const taskQueue = `worker-shutdown-${randomUUID()}`;
    const metricsPort = await freePort();
    worker = spawnApp('worker', {
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WEBHOOK_TASK_QUEUE: `${taskQueue}-webhooks`,
      WORKER_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
    });
    const w = worker;
    await eventually(() => w.output().includes('worker ready on'), 'worker ready', { process: w, timeoutMs: 90_000 });

    const caseId = randomUUID();
    const today = copenhagenDate(Date.now());
    const handle = await env.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue,
      args: [{ facts: { caseId, citizenRef: 'shutdown-ref', team: 'team-w', birthDate: '1980-01-01' } }],
    });
    await handle.executeUpdate(applyEventsUpdate, {
      args: [{ events: [{ eventId: 'v', event: { type: 'VISITATION_DECIDED', date: addDaysIso(today, -3) } }] }],
    });

    await pg.stop();
    pg = undefined;
    // A change whose projection now fails and is retried inside the worker (a local activity in backoff).
    void env.client.connection
      .withAbortSignal(pendingUpdate.signal, () =>
        handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'c', event: { type: 'CONTACT_HELD', date: today, form: 'phone' } }] }],
        }),
      )
      .catch(() => undefined);
    // The retrying state, observed from the worker's own readiness report, not assumed after a sleep.
    await eventually(
      async () => {
        const res = await fetch(`http://127.0.0.1:${metricsPort}/health/ready`);
        const body = (await res.json()) as { retrying: { activity: string; count: number }[] };
        return body.retrying.some((r) => r.activity === 'evaluateAndProjectCase' && r.count > 0);
      },
      'the projection retrying',
      { process: w, timeoutMs: 60_000 },
    );

    const t0 = Date.now();
    w.child.kill('SIGTERM');
    const exit = await w.exited;
    const elapsed = Date.now() - t0;
    const output = w.output();
    expect({ exit, elapsed }).toEqual({ exit: 1, elapsed: expect.any(Number) as number });
    expect(elapsed).toBeLessThan(GRACE_MS + 2_000);
    expect(output).toMatch(new RegExp(`abandon[^\\n]*evaluateAndProjectCase[^\\n]*${caseWorkflowId(caseId)}`));
    expect(output).not.toMatch(/exceeded the grace period/);
    expect(output).toMatch(/shutdown failed: did not drain; abandoned cases: evaluateAndProjectCase of /);
  });
});
