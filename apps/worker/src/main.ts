import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '@frist/config';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // Nest owns the signals, so shutdown drains the worker through onModuleDestroy.
  Runtime.install({ shutdownSignals: [] });
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forConfig(config), { bufferLogs: false });
  app.enableShutdownHooks();
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
