import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { CaseProjectionActivities, evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { loadConfig, SystemClock } from '@frist/config';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate, type ProjectCaseInput } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import {
  bearer,
  createLocalEnv,
  freePort,
  bundledWorkflows,
  startPostgresProcess,
  eventually,
  snapshotOccurrences,
  type RunningPostgres,
  TEST_AUTH_ENV,
} from '@frist/testing';
import { createApp } from '../create-app';

const OUTAGE_MS = 30_000;

/**
 * PostgreSQL stopped for 30 s while the workflow needs it: projections retry with backoff, readiness turns red and
 * writes answer 503 problem details, and once Postgres is back every task appears.
 */
describe('Postgres outage (real server stopped and restarted)', () => {
  jest.setTimeout(240_000);
  const dataDir = join(mkdtempSync(join(tmpdir(), 'frist-outage-')), 'data');
  let port: number;
  let pg: RunningPostgres;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let app: INestApplication;
  let url: string;
  let worker: Worker;
  let running: Promise<void>;
  let auth: string;
  // Projections run as local activities (not listed in describe()); the worker counts the failed attempts.
  let failedProjections = 0;

  beforeAll(async () => {
    port = await freePort();
    pg = await startPostgresProcess({ dataDir, port });
    const admin = new PgClient({ connectionString: pg.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE frist');
    await admin.end();
    const dbUrl = pg.adminUrl.replace(/\/[^/]*$/, '/frist');
    env = await createLocalEnv();
    ds = createDataSource(dbUrl, 4);
    await ds.initialize();
    await ds.runMigrations();
    const taskQueue = `outage-${randomUUID()}`;
    const projection = new CaseProjectionActivities(ds, new SystemClock());
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities: withEvaluateAndProject({
        projectCase: async (p: ProjectCaseInput) => {
          try {
            return await projection.projectCase(p);
          } catch (error) {
            failedProjections++;
            throw error;
          }
        },
        evaluateCase,
      }),
    });
    running = worker.run();
    const config = loadConfig({
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      NODE_ENV: 'test',
      ...TEST_AUTH_ENV,
    });
    auth = await bearer(config.auth, 'caseworker', ['team-o']);
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    await ds?.destroy();
    await pg?.stop();
    await env?.teardown();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });

  it('retries projections through the outage and loses nothing', async () => {
    const today = copenhagenDate(Date.now());
    const created = await call('POST', '/api/v1/cases', {
      citizenRef: 'outage-ref',
      team: 'team-o',
      birthDate: '1977-07-07',
      events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(today, -10) }],
    });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { caseId: string }).caseId;
    expect((await call('GET', '/health/ready')).status).toBe(200);

    await pg.stop();
    const outageStart = Date.now();

    // Work that needs the read model while it is down: a contact registered straight through Temporal.
    const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
    const contact = handle.executeUpdate(applyEventsUpdate, {
      args: [{ events: [{ eventId: 'contact', event: { type: 'CONTACT_HELD', date: today, form: 'phone' } }] }],
    });

    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'unavailable',
      checks: [
        { name: 'postgres', ok: false },
        { name: 'temporal', ok: true },
      ],
    });
    const write = await call('POST', `/api/v1/cases/${caseId}/events`, {
      eventId: 'c2',
      type: 'CONTACT_HELD',
      date: today,
      form: 'video',
    });
    expect(write.status).toBe(503);
    expect(write.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await write.json()).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });

    // The projection keeps failing and is retried with backoff, not dropped.
    const failedBefore = failedProjections;
    await eventually(() => Promise.resolve(failedProjections - failedBefore >= 3), 'projection retries', {
      timeoutMs: 25_000,
    });
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStart))));

    pg = await startPostgresProcess({ dataDir, port });
    const result = await contact; // completes once the retried projection has written the read model
    expect(result.accepted).toEqual([{ eventId: 'contact', duplicate: false }]);
    expect((await snapshotOccurrences(handle)).filter((o) => o.code === 'contact-14d').map((o) => o.status)).toEqual([
      'met',
      'open',
    ]);
    await eventually(async () => (await call('GET', '/health/ready')).status === 200, 'ready again', {
      timeoutMs: 30_000,
    });

    const tasks = await call('GET', `/api/v1/tasks?team=team-o&status=open,overdue,met`);
    expect(tasks.status).toBe(200);
    const items = ((await tasks.json()) as { items: { code: string; occurrence: number; status: string }[] }).items;
    expect(
      items
        .filter((t) => t.code === 'contact-14d')
        .map((t) => `${t.occurrence}:${t.status}`)
        .sort(),
    ).toEqual(['1:met', '2:open']);
    // The write refused during the outage can simply be retried.
    expect(
      (
        await call('POST', `/api/v1/cases/${caseId}/events`, {
          eventId: 'c2',
          type: 'CONTACT_HELD',
          date: today,
          form: 'video',
        })
      ).status,
    ).toBe(200);
  });
});
