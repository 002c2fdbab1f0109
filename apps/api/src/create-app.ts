import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AppConfig, Clock } from '@frist/config';
import { AppModule } from './app.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import type { OpenAPIObject } from '@nestjs/swagger';
import { applyHttpEdge } from './common/http-edge';
import { assignCorrelationId, bindCorrelationContext } from './observability/request-logging';
import { buildOpenApiDocument, setupOpenApi } from './openapi/openapi.document';
import { RequestDrain } from './temporal/request-drain.service';

export const API_KEEP_ALIVE_MS = 65_000;

/** Builds the HTTP app; shared by main and the tests so both run the same pipeline. */
export async function createApp(config: AppConfig, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  // Idle keep-alive sockets outlive the clients' and load balancers' own idle timeouts (60 s is the usual default).
  // With Node's 5 s, a client reusing a socket the server has just closed gets ECONNRESET (seen seeding the demo).
  const server = app.getHttpServer();
  server.keepAliveTimeout = API_KEEP_ALIVE_MS;
  server.headersTimeout = API_KEEP_ALIVE_MS + 1_000;
  // Mounted before everything else: every request is measured, including those the HTTP edge or the not-found
  // handler answer (route "unmatched"); a Nest module middleware does not see those.
  const httpMetrics = app.get(HttpMetricsMiddleware);
  app.use(httpMetrics.use.bind(httpMetrics));
  // JSON logs through pino (level from LOG_LEVEL); every response names its correlation id (X-Request-Id).
  app.useLogger(app.get(Logger));
  app.use(assignCorrelationId);
  // The document is built once, on the first request: the edge answers 405 from its paths and methods.
  let doc: OpenAPIObject | undefined;
  applyHttpEdge(app, () => (doc ??= buildOpenApiDocument(app)));
  // Import files (POST /api/v1/imports): JSON Lines or CSV as text; only that controller reads a text body.
  app.useBodyParser('text', { limit: '10mb', type: ['application/x-ndjson', 'text/csv'] });
  app.use(bindCorrelationContext);
  // Every request's Temporal calls under the shutdown's abort signal (see RequestDrain), after the body parsers too.
  app.use(app.get(RequestDrain).track);
  setupOpenApi(app);
  return app;
}
