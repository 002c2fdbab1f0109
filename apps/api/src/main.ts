import 'reflect-metadata';
import { ConfigError, loadConfig } from '@frist/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.api.port, config.api.host);
  console.log(`frist api listening on http://${config.api.host}:${config.api.port}`);
}

bootstrap().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
