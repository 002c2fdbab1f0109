import 'reflect-metadata';
// First: tracing's pg instrumentation hooks `require` before pg loads (activity spans get their queries).
import { instrumentation } from './instrumentation';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, exitGracefullyOnSignals } from '@frist/config';
import { createLogger, PinoTemporalLogger } from '@frist/observability';
import { installRuntimeWithMetrics } from './metrics-runtime';
import { boundWorkflowThreadYoungGeneration } from './workflow-thread-heap';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  if (!instrumentation.config) throw instrumentation.configError;
  const { config, tracing } = instrumentation;
  // Before the SDK creates its workflow thread (in WorkerModule's init, below).
  boundWorkflowThreadYoungGeneration(config);
  // One JSON log stream: Nest's lines, the Temporal SDK's workflow and activity lines (with their correlation id)
  // and the SDK core's forwarded warnings.
  const logger = createLogger(config, 'worker');
  // Nest owns the signals, so shutdown drains the worker through onModuleDestroy. The SDK core's Prometheus
  // exporter listens on loopback only; MetricsServerService merges it into the worker's /metrics.
  installRuntimeWithMetrics(config, { shutdownSignals: [], logger: new PinoTemporalLogger(logger) }, (m) =>
    logger.warn(m),
  );
  const app = NestFactory.createApplicationContext(WorkerModule.forConfig(config, logger, tracing), {
    bufferLogs: true,
  });
  // Closing drains the workers (their spans included), then flushes the spans still buffered. A worker that could not
  // drain within its grace has logged what it abandoned; the process then exits 1 instead of 0.
  const closeAll = {
    close: async () => {
      const ctx = await app;
      await ctx.close();
      await tracing?.shutdown();
      const abandoned = ctx.get(WorkerLifecycle).abandonedOnShutdown();
      if (abandoned.length) throw new Error(`did not drain; abandoned ${abandoned.join(' | ')}`);
    },
  };
  // Installed while the workers start (they poll before the context resolves): a SIGTERM then still drains.
  // The worker itself stops polling and drains within WORKER_SHUTDOWN_GRACE_MS; the process allows a little more.
  const stop = exitGracefullyOnSignals(closeAll, {
    graceMs: config.worker.shutdownGraceMs + 5_000,
    log: (m) => logger.info(m),
  });
  // A Temporal worker that dies drains the rest and exits 1 (an orchestrator restarts the process).
  const ctx = await app;
  ctx.useLogger(ctx.get(Logger));
  ctx.get(WorkerLifecycle).onFatal(stop);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
