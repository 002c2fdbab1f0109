import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@frist/config';
import { addDaysIso, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import {
  bearer,
  createLocalEnv,
  createTestDatabase,
  freePort,
  latchTable,
  openSse,
  startApp,
  eventually,
  snapshotOccurrences,
  type AppProcess,
  TEST_AUTH_ENV,
} from '@frist/testing';

const EVENTS = 40;

/** The API and worker as real processes, restarted and stopped for real, with clients that retry by eventId. */
describe('api and worker processes: crashes and graceful shutdown', () => {
  jest.setTimeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let baseEnv: Record<string, string>;
  let apiUrl: string;
  let auth: string;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    const apiPort = await freePort();
    baseEnv = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `restarts-${randomUUID()}`,
      API_PORT: String(apiPort),
      API_SHUTDOWN_GRACE_MS: '4000',
      WORKER_SHUTDOWN_GRACE_MS: '5000',
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
    };
    apiUrl = `http://127.0.0.1:${apiPort}`;
    auth = await bearer(loadConfig({ ...baseEnv, NODE_ENV: 'test', ...TEST_AUTH_ENV }).auth, 'caseworker', ['team-r']);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill9()));
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  const start = async (app: 'api' | 'worker') => {
    const p = await startApp(app, baseEnv);
    processes.push(p);
    return p;
  };
  // Every request has a deadline, so a request cut off by a crash is retried rather than awaited forever.
  const post = (path: string, body: unknown) =>
    fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });

  it('applies each event exactly once while the API is killed and restarted during a burst', async () => {
    await start('worker');
    const api = await start('api');
    const today = copenhagenDate(Date.now());
    const created = await post('/api/v1/cases', {
      citizenRef: 'burst-ref',
      team: 'team-r',
      birthDate: '1981-01-01',
      events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today, -EVENTS - 10) }],
    });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { caseId: string }).caseId;

    const events = Array.from({ length: EVENTS }, (_, i) => ({
      eventId: `contact-${i}`,
      type: 'CONTACT_HELD',
      date: addDaysIso(today, -EVENTS + i),
      form: 'phone',
    }));
    let sent = 0;
    let retries = 0;
    // A client that retries by eventId on any failure: refused connections, resets, 5xx.
    const send = async (e: (typeof events)[number]) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const res = await post(`/api/v1/cases/${caseId}/events`, e).catch(() => undefined);
        if (res?.ok) return (sent++, res.json());
        if (res && res.status < 500) throw new Error(`rejected ${res.status}: ${await res.text()}`);
        retries++;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`gave up on ${e.eventId}`);
    };
    const burst = (async () => {
      for (let i = 0; i < events.length; i += 4) await Promise.all(events.slice(i, i + 4).map(send));
    })();
    await eventually(async () => sent >= 8, 'part of the burst', 60_000);
    await api.kill9();
    await start('api'); // tracked in `processes`, stopped after the test
    await burst;

    expect(retries).toBeGreaterThan(0); // the crash was felt by the client
    const occurrences = await snapshotOccurrences(env.client.workflow.getHandle(caseWorkflowId(caseId)));
    expect(occurrences.filter((o) => o.code === 'contact-14d')).toHaveLength(EVENTS + 1);
    const rows: { event_id: string; n: number }[] = await ds.query(
      `SELECT event_id, count(*)::int AS n FROM case_events WHERE case_id = $1 GROUP BY 1`,
      [caseId],
    );
    expect(rows.filter((r) => r.event_id.startsWith('contact-'))).toHaveLength(EVENTS);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('drains on SIGTERM and exits 0 within the grace period, with an update in flight and a stream open', async () => {
    await Promise.all(processes.map((p) => p.kill9()));
    const worker = await start('worker');
    const api = await start('api');
    const stream = await openSse(`${apiUrl}/api/v1/tasks/stream`, { authorization: auth });

    // The latch holds the case's projection (its task rows), so the update is certainly in flight at SIGTERM.
    const latch = await latchTable(db.url, 'tasks');
    let answered = false;
    const today = copenhagenDate(Date.now());
    const inFlight = post('/api/v1/cases', {
      citizenRef: 'drain-ref',
      team: 'team-r',
      birthDate: '1982-02-02',
      events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: today }],
    }).finally(() => (answered = true));
    try {
      await eventually(async () => (await latch.waiting()) > 0, 'the projection waiting on the latch', 60_000);
      expect(answered).toBe(false);
      const t0 = Date.now();
      worker.child.kill('SIGTERM');
      await eventually(() => /SIGTERM received: draining/.test(worker.output()), 'the worker draining', {
        process: worker,
      });
      await latch.release();
      const workerExit = await worker.exited;
      expect({ workerExit, output: workerExit === 0 ? '' : worker.output().slice(-2500) }).toEqual({
        workerExit: 0,
        output: '',
      });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(worker.output()).toMatch(/worker drained and stopped/);
    } finally {
      await latch.release();
    }
    // The draining worker finished the update it held: answered without any worker running now.
    const res = await inFlight;
    expect(res.status).toBe(201);
    const { caseId } = (await res.json()) as { caseId: string };
    const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tasks WHERE case_id = $1`, [
      caseId,
    ]);
    expect(n).toBeGreaterThan(0);

    const t1 = Date.now();
    expect(await api.stop()).toBe(0);
    expect(Date.now() - t1).toBeLessThan(4_000 + 1_000);
    expect(api.output()).toMatch(/shut down cleanly/);
    stream.close();
  });
});
