/**
 * The production worker (apps/worker's Nest WorkerModule, prebuilt workflow bundle from WORKFLOW_BUNDLE_PATH) in a
 * child process of the benchmark. The only difference from apps/worker/src/main.ts: the Temporal runtime also
 * exports its metrics (sticky cache size, task latencies) on a loopback Prometheus endpoint for the report.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '@frist/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const metricsAddress = process.env.BENCH_METRICS_ADDRESS;
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN'),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), {
    logger: ['error', 'warn'],
  });
  // The bench stops it with SIGTERM: close the Nest context (the worker drains in onModuleDestroy, as in
  // production) and exit normally, so `--cpu-prof` profiles get written.
  process.once('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'memory') process.send?.({ type: 'memory', memory: process.memoryUsage() });
  });
  process.send?.({ type: 'ready' });
}

main().catch((err: unknown) => {
  console.error('[bench worker]', err);
  process.exit(1);
});
