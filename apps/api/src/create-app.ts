import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig, Clock } from '@frist/config';
import { AppModule } from './app.module';
import { setupOpenApi } from './openapi/openapi.document';

/** Builds the HTTP app; shared by main and the tests so both run the same pipeline. */
export async function createApp(config: AppConfig, clock?: Clock): Promise<NestExpressApplication> {
  const logger: LogLevel[] = config.env === 'test' ? ['error', 'warn'] : ['error', 'warn', 'log'];
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, clock), {
    logger,
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  setupOpenApi(app);
  return app;
}
