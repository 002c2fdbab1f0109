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

/** Bytes of log lines gathered before one write, and the longest a line waits for a quiet process to flush it. */
export const LOG_BUFFER_BYTES = 4096;
export const LOG_FLUSH_MS = 250;

/**
 * stdout (or `fd`) written in batches: pino's default writes each line with a write call of its own, which at the
 * API's access line per request was ~5 % of the inbox's CPU (docs/performance.md). Lines wait at most
 * {@link LOG_FLUSH_MS}; pino flushes what is buffered when the process exits (a SIGKILL loses that much).
 */
export function bufferedLogDestination(fd = 1) {
  return pino.destination({ dest: fd, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS });
}

/** The process's root logger; tests pass a destination to read the lines back. */
export function createLogger(
  config: Pick<AppConfig, 'env' | 'observability'>,
  service: FristService,
  destination?: DestinationStream,
): Logger {
  const options = loggerOptions(config, service);
  if (options.transport && !destination) return pino(options);
  delete options.transport;
  return pino(options, destination ?? bufferedLogDestination());
}
