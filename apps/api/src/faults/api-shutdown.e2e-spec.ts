import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import {
  bearer,
  createLocalEnv,
  createTestDatabase,
  eventually,
  freePort,
  spawnApp,
  TEST_AUTH_ENV,
  type AppProcess,
} from '@frist/testing';

const GRACE_MS = 4_000;

/**
 * SIGTERM to the API while requests wait on Temporal for a worker that is not there (stopped, or dead): the API
 * must not cut them off with an empty reply. Each gets a problem answer a client can act on (503 SHUTTING_DOWN
 * with Retry-After: retry, with the same eventId, on another instance), and the process exits 0 within its grace.
 */
describe('API SIGTERM with requests waiting on a dead worker (real process)', () => {
  jest.setTimeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let api: AppProcess | undefined;

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 1);
    await ds.initialize();
  });
  afterAll(async () => {
    await api?.kill9();
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  it('answers every waiting request with 503 SHUTTING_DOWN and Retry-After, and exits 0 within its grace', async () => {
    const team = 'team-shutdown';
    await registerTeams(ds, [{ id: team, name: 'Team shutdown' }]);
    const port = await freePort();
    const appEnv = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      // No worker polls this queue: every update waits (as with a worker that died).
      TEMPORAL_TASK_QUEUE: `no-worker-${randomUUID()}`,
      API_PORT: String(port),
      API_SHUTDOWN_GRACE_MS: String(GRACE_MS),
    };
    const url = `http://127.0.0.1:${port}`;
    const auth = await bearer(loadConfig({ ...appEnv, NODE_ENV: 'test', ...TEST_AUTH_ENV }).auth, 'caseworker', [team]);
    api = spawnApp('api', appEnv);
    await eventually(async () => (await fetch(`${url}/health/live`)).ok, 'api live', {
      process: api,
      timeoutMs: 90_000,
    });

    const today = copenhagenDate(Date.now());
    const refs = ['drain-a', 'drain-b'];
    const settled = new Set<string>();
    const waiting = refs.map((ref) =>
      fetch(`${url}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          citizenRef: ref,
          team,
          birthDate: '1980-05-05',
          events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today, -3) }],
        }),
        signal: AbortSignal.timeout(60_000),
      })
        .then(async (res) => ({
          status: res.status,
          type: res.headers.get('content-type'),
          retryAfter: res.headers.get('retry-after'),
          body: (await res.json()) as { code?: string },
        }))
        .catch((err: unknown) => ({
          failed: err instanceof Error ? `${err.message} ${String(err.cause)}` : String(err),
        }))
        .finally(() => settled.add(ref)),
    );
    // In flight for certain: both cases' workflows were started and wait for a workflow task no worker takes, and
    // neither request has been answered.
    await eventually(
      async () => {
        if (settled.size) return true;
        const started: string[] = [];
        for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${appEnv.TEMPORAL_TASK_QUEUE}'` }))
          started.push(wf.workflowId);
        if (started.length < refs.length) return false;
        const described = await Promise.all(started.map((id) => env.client.workflow.getHandle(id).describe()));
        return described.every((d) => d.raw.pendingWorkflowTask != null);
      },
      'both updates waiting for a worker',
      { process: api, timeoutMs: 30_000 },
    );
    if (settled.size) throw new Error(`answered before the fault: ${JSON.stringify(await Promise.all(waiting))}`);

    const t0 = Date.now();
    api.child.kill('SIGTERM');
    const answers = await Promise.all(waiting);
    const exit = await api.exited;
    const elapsed = Date.now() - t0;

    expect(answers).toEqual(
      refs.map(() => ({
        status: 503,
        type: expect.stringMatching(/^application\/problem\+json/) as string,
        retryAfter: expect.stringMatching(/^\d+$/) as string,
        body: expect.objectContaining({ status: 503, code: 'SHUTTING_DOWN' }) as object,
      })),
    );
    expect({ exit, output: exit === 0 ? '' : api.output().slice(-2500) }).toEqual({ exit: 0, output: '' });
    expect(elapsed).toBeLessThan(GRACE_MS + 1_000);
    expect(api.output()).toMatch(/shut down cleanly/);
    expect(api.output()).not.toMatch(/exceeded the grace period/);
  });
});
