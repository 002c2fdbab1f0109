import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '@frist/config';
import { CORRELATION_ID_LOG_KEY } from '@frist/contracts';
import { currentCorrelationId } from './correlation-id';
import { maskCprInLogLine, REDACTED_PATHS } from './log-masking';

export type FristService = 'api' | 'worker' | 'cli';

/**
 * One JSON object per line on stdout (level as a name, ISO time, the service, the correlation id of the request or
 * workflow being handled), secrets redacted and CPR-shaped text masked. Pretty lines only with
 * LOG_FORMAT=pretty, the default under NODE_ENV=development (pino-pretty is a dev dependency; the image never
 * loads it).
 */
export function loggerOptions(config: Pick<AppConfig, 'env' | 'observability'>, service: FristService): LoggerOptions {
  return {
    level: config.observability.logLevel,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // The API's lines carry the id as a binding of each request's child logger (nestjs-pino); the worker's take it
    // from the async context its activity interceptor opens (see temporal-correlation.ts).
    ...(service === 'api'
      ? {}
      : {
          mixin: (merge: object) => (CORRELATION_ID_LOG_KEY in merge ? {} : withCorrelationId(currentCorrelationId())),
        }),
    hooks: { streamWrite: maskCprInLogLine },
    ...(config.observability.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  };
}

function withCorrelationId(id: string | undefined): Record<string, string> {
  return id ? { [CORRELATION_ID_LOG_KEY]: id } : {};
}

/** The process's root logger; tests pass a destination to read the lines back. */
export function createLogger(
  config: Pick<AppConfig, 'env' | 'observability'>,
  service: FristService,
  destination?: DestinationStream,
): Logger {
  const options = loggerOptions(config, service);
  if (destination) delete options.transport;
  return destination ? pino(options, destination) : pino(options);
}
