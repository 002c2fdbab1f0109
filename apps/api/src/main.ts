import 'reflect-metadata';
// First: tracing's HTTP, Express, Nest and pg instrumentations hook `require` before those modules load.
import { instrumentation } from './instrumentation';
import { Logger } from 'nestjs-pino';
import { ConfigError, exitGracefullyOnSignals } from '@frist/config';
import { createApp } from './create-app';
import { RequestDrain } from './temporal/request-drain.service';

async function bootstrap(): Promise<void> {
  if (!instrumentation.config) throw instrumentation.configError;
  const { config, tracing } = instrumentation;
  const app = await createApp(config);
  await app.listen(config.api.port, config.api.host);
  const logger = app.get(Logger);
  logger.log(`frist api listening on http://${config.api.host}:${config.api.port}`);
  const server = app.getHttpServer();
  const closeAll = {
    close: async () => {
      await app.close();
      await tracing?.shutdown(); // flushes the spans still buffered
    },
  };
  exitGracefullyOnSignals(closeAll, {
    graceMs: config.api.shutdownGraceMs,
    log: (m) => logger.log(m),
    // In-flight requests get half the grace period. Then those still waiting on Temporal are answered 503
    // SHUTTING_DOWN, anything else still unanswered is logged as abandoned, and the remaining connections (change
    // streams among them) are closed so the process can exit.
    onSlow: () =>
      void app
        .get(RequestDrain)
        .cutOff(Math.min(1_000, config.api.shutdownGraceMs / 4))
        .finally(() => server.closeAllConnections()),
  });
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
