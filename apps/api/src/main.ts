import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigError, exitGracefullyOnSignals, loadConfig } from '@frist/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.api.port, config.api.host);
  const logger = app.get(Logger);
  logger.log(`frist api listening on http://${config.api.host}:${config.api.port}`);
  const server = app.getHttpServer();
  exitGracefullyOnSignals(app, {
    graceMs: config.api.shutdownGraceMs,
    log: (m) => logger.log(m),
    // In-flight requests get half the grace period; then long-lived streams (SSE) are cut so the process can exit.
    onSlow: () => server.closeAllConnections(),
  });
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
