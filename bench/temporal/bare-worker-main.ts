/**
 * The baseline worker: a plain Temporal worker (no Nest, no TypeORM) with the same task-slot settings as frist's
 * production worker, running the bare workflows and one raw `pg` INSERT activity.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import type { BareActivities } from './bare.workflows';

async function main(): Promise<void> {
  const env = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const metricsAddress = process.env.BENCH_METRICS_ADDRESS;
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    // The same exporter settings as frist's worker (apps/worker/src/metrics-runtime.ts), so metric names match.
    ...(metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true },
            },
          },
        }
      : {}),
  });
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 10 });
  const activities: BareActivities = {
    async record({ id, kind, dueAt }) {
      await pool.query(
        `INSERT INTO bench_bare_records (id, kind, due_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
        [id, kind, dueAt === undefined ? null : new Date(dueAt)],
      );
    },
  };
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('TEMPORAL_TASK_QUEUE'),
    workflowBundle: { codePath: env('WORKFLOW_BUNDLE_PATH') },
    activities,
    maxConcurrentActivityTaskExecutions: 20,
    // The same sticky-cache size as frist's worker (WORKER_MAX_CACHED_WORKFLOWS, passed by bench/main.ts).
    maxCachedWorkflows: Number(env('WORKER_MAX_CACHED_WORKFLOWS')),
  });
  const running = worker.run();
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'memory') process.send?.({ type: 'memory', memory: process.memoryUsage() });
  });
  process.send?.({ type: 'ready' });
  await running;
  await connection.close();
  await pool.end();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error('[bench bare worker]', err);
  process.exit(1);
});
