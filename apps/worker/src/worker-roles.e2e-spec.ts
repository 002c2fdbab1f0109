import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig } from '@frist/config';
import { WEBHOOK_DISPATCHER_WORKFLOW_ID } from '@frist/contracts';
import {
  createTestDatabase,
  eventually,
  freePort,
  startTemporalDevServer,
  temporalToolPaths,
  type RunningTemporal,
  TEST_AUTH_ENV,
} from '@frist/testing';
import { MetricsServerService } from './metrics-server.service';
import { WorkerModule } from './worker.module';

const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/**
 * The real WorkerModule with each WORKER_ROLES value against a dev server and Postgres: which task queues it polls,
 * whether it starts the webhook dispatcher, and what its readiness and metrics say. Each process gets task queues of
 * its own, so pollers of an earlier process (Temporal lists them for minutes) cannot answer for a later one.
 */
describe('a worker process runs the roles WORKER_ROLES names', () => {
  let temporal: RunningTemporal;
  let tmp: string;
  let db: { url: string; drop(): Promise<void> };
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'frist-worker-roles-'));
    const port = await freePort();
    [temporal, db] = await Promise.all([
      startTemporalDevServer({ cli: temporalToolPaths().cli, dbFile: join(tmp, 'temporal.sqlite'), port }),
      createTestDatabase(),
    ]);
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
    await db?.drop();
    await temporal?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const start = async (roles: string) => {
    const config = loadConfig({
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `cases-${randomUUID()}`,
      WEBHOOK_TASK_QUEUE: `webhooks-${randomUUID()}`,
      NODE_ENV: 'test',
      ...TEST_AUTH_ENV,
      WORKER_METRICS_PORT: '0',
      WORKER_ROLES: roles,
    });
    const worker = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { logger: ['error'] });
    return { config, worker, base: `http://127.0.0.1:${worker.get(MetricsServerService).port()}` };
  };
  const pollers = async (taskQueue: string) =>
    (
      await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
      })
    ).pollers?.length ?? 0;
  const probe = async (base: string) => {
    const ready = await fetch(`${base}/health/ready`);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    return {
      status: ready.status,
      body: (await ready.json()) as { roles: string[]; workers: Record<string, string> },
      roleSeries: metrics.match(/^frist_worker_role\{role="\w+"\} \d$/gm),
    };
  };
  const dispatcherQueue = async (): Promise<string | undefined> => {
    try {
      return (await client.workflow.getHandle(WEBHOOK_DISPATCHER_WORKFLOW_ID).describe()).taskQueue;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  };

  it('a case replica (cases) polls the case queue only and starts no webhook dispatcher', async () => {
    const { config, worker, base } = await start('cases');
    try {
      expect(await probe(base)).toEqual({
        status: 200,
        body: expect.objectContaining({ ready: true, roles: ['cases'], workers: { cases: 'RUNNING' } }),
        roleSeries: ['frist_worker_role{role="cases"} 1', 'frist_worker_role{role="webhooks"} 0'],
      });
      await eventually(async () => ((await pollers(config.temporal.taskQueue)) > 0 ? true : undefined), 'pollers');
      expect(await pollers(config.webhooks.taskQueue)).toBe(0);
      expect(await dispatcherQueue()).toBeUndefined();
    } finally {
      await worker.close();
    }
  });

  it('a webhook worker (webhooks) polls the webhook queue only and starts the dispatcher there', async () => {
    const { config, worker, base } = await start('webhooks');
    try {
      expect(await probe(base)).toEqual({
        status: 200,
        body: expect.objectContaining({ ready: true, roles: ['webhooks'], workers: { webhooks: 'RUNNING' } }),
        roleSeries: ['frist_worker_role{role="cases"} 0', 'frist_worker_role{role="webhooks"} 1'],
      });
      await eventually(async () => ((await pollers(config.webhooks.taskQueue)) > 0 ? true : undefined), 'pollers');
      expect(await pollers(config.temporal.taskQueue)).toBe(0);
      expect(await dispatcherQueue()).toBe(config.webhooks.taskQueue);
    } finally {
      await client.workflow.getHandle(WEBHOOK_DISPATCHER_WORKFLOW_ID).terminate('next test');
      await worker.close();
    }
  });

  it('one process with both roles (the default) polls both queues and is ready when both run', async () => {
    const { config, worker, base } = await start('cases,webhooks');
    try {
      expect(await probe(base)).toMatchObject({
        status: 200,
        body: { roles: ['cases', 'webhooks'], workers: { cases: 'RUNNING', webhooks: 'RUNNING' } },
        roleSeries: ['frist_worker_role{role="cases"} 1', 'frist_worker_role{role="webhooks"} 1'],
      });
      await eventually(
        async () =>
          (await pollers(config.temporal.taskQueue)) > 0 && (await pollers(config.webhooks.taskQueue)) > 0
            ? true
            : undefined,
        'pollers on both queues',
      );
      expect(await dispatcherQueue()).toBe(config.webhooks.taskQueue);
    } finally {
      await worker.close();
    }
  });
});
