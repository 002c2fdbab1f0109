import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Options } from 'pino-http';
import { CORRELATION_ID_LOG_KEY } from '@frist/contracts';
import { correlationIdFromHeaders, runWithCorrelationId } from '@frist/observability';

type WithId = IncomingMessage & { id?: string };

/**
 * First middleware of every request: its correlation id (the caller's X-Request-Id or traceparent, else a new one),
 * echoed in the response so a caller can quote it. pino-http takes it as the request id (`req.id`).
 */
export function assignCorrelationId(req: Request, res: Response, next: NextFunction): void {
  const id = correlationIdFromHeaders(req.headers);
  (req as WithId).id = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/**
 * Opens the correlation id's async context for the route handler, so the Temporal client passes it on to workflows.
 * Mounted after the body parsers: their stream callbacks would lose an async context opened before them.
 */
export function bindCorrelationContext(req: Request, _res: Response, next: NextFunction): void {
  const id = (req as WithId).id;
  if (id) runWithCorrelationId(id, next);
  else next();
}

/** A calendar feed's URL is its credential; query strings may carry filters but never secrets we log. */
export function loggableUrl(url: string): string {
  return url.replace(/(\/api\/v1\/calendar\/)[^/?]+\.ics/, '$1[redacted].ics');
}

/** pino-http for nestjs-pino: one access line per request, the request logger bound to its correlation id. */
export function httpLoggerOptions(logger: Logger): Options {
  return {
    logger,
    customAttributeKeys: { reqId: CORRELATION_ID_LOG_KEY },
    // One child logger per request, binding only the id (pino-http's default adds a second, binding the serialized
    // request, for the access line alone); the access line names the request itself. Its CPU: docs/performance.md.
    quietReqLogger: true,
    quietResLogger: true,
    customSuccessObject: (req: IncomingMessage, _res: ServerResponse, val: object) => ({ req, ...val }),
    customErrorObject: (req: IncomingMessage, _res: ServerResponse, _err: Error, val: object) => ({ req, ...val }),
    autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|$)/.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : 'info',
    // Straight from the request and response: pino-std-serializers' wrappers would copy every header first.
    wrapSerializers: false,
    serializers: {
      req: (req: { method?: string; url?: string; originalUrl?: string }) => ({
        method: req.method,
        url: loggableUrl(req.originalUrl ?? req.url ?? ''),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
