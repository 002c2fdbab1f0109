import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection, WorkflowUpdateStage } from '@temporalio/client';
import { DefaultLogger } from '@temporalio/worker';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@frist/config';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import {
  bearer,
  createTestDatabase,
  eventually,
  freePort,
  startTemporalDevServer,
  temporalToolPaths,
  type RunningTemporal,
  TEST_AUTH_ENV,
} from '@frist/testing';
import { createApp } from '../../api/src/create-app';
import { MetricsServerService } from './metrics-server.service';
import { installRuntimeWithMetrics } from './metrics-runtime';
import { WorkerModule } from './worker.module';

/** The real WorkerModule (as main.ts runs it) against a dev server and Postgres; cases come in through the API. */
describe('worker /metrics', () => {
  let temporal: RunningTemporal;
  let tmp: string;
  let db: { url: string; drop(): Promise<void> };
  let config: AppConfig;
  let worker: INestApplicationContext;
  let api: INestApplication;
  let metricsUrl: string;
  const team = 'fleks-metrics';
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'frist-worker-metrics-'));
    const [port, sdkPort] = [await freePort(), await freePort()];
    [temporal, db] = await Promise.all([
      startTemporalDevServer({ cli: temporalToolPaths().cli, dbFile: join(tmp, 'temporal.sqlite'), port }),
      createTestDatabase(),
    ]);
    config = loadConfig({
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `metrics-${randomUUID()}`,
      NODE_ENV: 'test',
      ...TEST_AUTH_ENV,
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(sdkPort),
    });
    installRuntimeWithMetrics(config, { logger: new DefaultLogger('WARN') });
    worker = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { logger: ['error'] });
    metricsUrl = `http://127.0.0.1:${worker.get(MetricsServerService).port()}/metrics`;
    api = await createApp(config);
    await api.init();
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.drop();
    await temporal?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const scrape = async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    return res.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts tasks raised, overdue and met from what projections wrote, and times activities', async () => {
    const caseworker = await bearer(config.auth, 'caseworker', [team]);
    const created = await request(api.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', caseworker)
      .send({
        citizenRef: 'metrics-1',
        team,
        birthDate: '1980-01-01',
        events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -77) }],
      })
      .expect(201);
    const caseId = created.body.caseId as string;

    let text = await scrape();
    expect(value(text, 'frist_tasks_raised_total{code="phase1-target"}')).toBe(1);
    expect(value(text, 'frist_tasks_overdue_total{code="phase1-target"}')).toBe(1);
    // One local activity evaluates and projects each change (patch 'evaluate-and-project').
    expect(
      value(text, 'frist_activity_duration_seconds_count{activity="evaluateAndProjectCase",outcome="completed"}'),
    ).toBeGreaterThanOrEqual(1);

    await request(api.getHttpServer())
      .post(`/api/v1/cases/${caseId}/events`)
      .set('authorization', caseworker)
      .send({ eventId: 'visit', type: 'VISITATION_DECIDED', date: today() })
      .expect(200);
    text = await scrape();
    expect(value(text, 'frist_tasks_met_total{code="phase1-target",timeliness="late"}')).toBe(1);
    expect(value(text, 'frist_tasks_raised_total{code="contact-14d"}')).toBe(1);
    expect(value(text, 'frist_tasks_raised_total{code="phase1-target"}')).toBe(1);
    expect(value(text, 'frist_activity_failures_total{activity="evaluateAndProjectCase"}')).toBeUndefined();
  });

  it('counts failed activity attempts while the read model is unavailable, then recovers', async () => {
    const ds = createDataSource(db.url, 1);
    await ds.initialize();
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const [{ id: caseId }] = await ds.query<{ id: string }[]>('SELECT id FROM cases LIMIT 1');
      await ds.query('ALTER TABLE task_changes RENAME TO task_changes_away');
      const update = await new Client({ connection }).workflow
        .getHandle(caseWorkflowId(caseId ?? ''))
        .startUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'contact', event: { type: 'CONTACT_HELD', date: today(), form: 'phone' } }] }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
      await eventually(
        async () =>
          (value(await scrape(), 'frist_activity_failures_total{activity="evaluateAndProjectCase"}') ?? 0) >= 1
            ? true
            : undefined,
        'a failed projection attempt',
      );
      await ds.query('ALTER TABLE task_changes_away RENAME TO task_changes');
      await update.result();
      const text = await scrape();
      expect(
        value(text, 'frist_activity_duration_seconds_count{activity="evaluateAndProjectCase",outcome="failed"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(value(text, 'frist_tasks_met_total{code="contact-14d",timeliness="on-time"}')).toBe(1);
    } finally {
      await connection.close();
      await ds.destroy();
    }
  });

  it('serves the Temporal SDK core metrics and process metrics on the same endpoint', async () => {
    const text = await scrape();
    expect(value(text, 'frist_temporal_sdk_metrics_up')).toBe(1);
    expect(text).toMatch(/^temporal_\w+/m);
    // A core counter (the failed attempt of the previous test), in the same names and units as frist's. The
    // projection is a local activity (evaluateAndProjectCase), which core counts on its own.
    expect(text).toMatch(
      /^temporal_local_activity_execution_failed_total\{activity_type="evaluateAndProjectCase",.*\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^temporal_workflow_task_execution_latency_bucket\{.*workflow_type="caseWorkflow",le="0.01"\} /m,
    );
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  });
});
