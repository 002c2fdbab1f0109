import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig, Clock } from '@frist/config';
import { AppModule } from './app.module';
import type { OpenAPIObject } from '@nestjs/swagger';
import { applyHttpEdge } from './common/http-edge';
import { buildOpenApiDocument, setupOpenApi } from './openapi/openapi.document';

/** Builds the HTTP app; shared by main and the tests so both run the same pipeline. */
export async function createApp(config: AppConfig, clock?: Clock): Promise<NestExpressApplication> {
  const logger: LogLevel[] = config.env === 'test' ? ['error', 'warn'] : ['error', 'warn', 'log'];
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, clock), {
    logger,
    bodyParser: false,
  });
  // The document is built once, on the first request: the edge answers 405 from its paths and methods.
  let doc: OpenAPIObject | undefined;
  applyHttpEdge(app, () => (doc ??= buildOpenApiDocument(app)));
  // Import files (POST /api/v1/imports): JSON Lines or CSV as text; only that controller reads a text body.
  app.useBodyParser('text', { limit: '10mb', type: ['application/x-ndjson', 'text/csv'] });
  setupOpenApi(app);
  return app;
}
