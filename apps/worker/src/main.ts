import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '@frist/config';
import { sdkTelemetryOptions } from './metrics-runtime';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Nest owns the signals, so shutdown drains the worker through onModuleDestroy. The SDK core's Prometheus
  // exporter listens on loopback only; MetricsServerService merges it into the worker's /metrics.
  Runtime.install({ shutdownSignals: [], telemetryOptions: sdkTelemetryOptions(config) });
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { bufferLogs: false });
  app.enableShutdownHooks();
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
