import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { RequestDrain } from '../temporal/request-drain.service';
import { DomainError, ErrorCode, httpStatusOf, retryAfterOf, type ErrorDetail } from './domain-error';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance: string;
  correlationId: string;
  errors?: ErrorDetail[];
}

/** Every error leaves as RFC 9457 problem details with a stable `code`; 500s hide their cause behind a correlation id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(@Optional() private readonly drain?: RequestDrain) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    // A wait on Temporal that the shutdown ended (RequestDrain.cutOff) is this instance going away, not Temporal.
    const shuttingDown =
      this.drain?.cutting === true &&
      exception instanceof DomainError &&
      exception.code === ErrorCode.TemporalUnavailable;
    const problem = this.toProblem(
      shuttingDown
        ? new DomainError(ErrorCode.ShuttingDown, 'this API instance is shutting down; retry (with the same eventId)')
        : exception,
      req,
    );
    if (problem.status >= 500)
      this.logger.error(
        `${problem.correlationId} ${req.method} ${req.url}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    const retryAfter = retryAfterOf(problem.code as ErrorCode);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request): Problem {
    const base = { instance: req.originalUrl ?? req.url, correlationId: randomUUID() };
    if (exception instanceof DomainError) {
      const [status, title] = httpStatusOf(exception.code);
      return {
        type: `urn:frist:problem:${exception.code.toLowerCase()}`,
        title,
        status,
        code: exception.code,
        detail: exception.message,
        ...base,
        ...(exception.errors.length ? { errors: exception.errors } : {}),
      };
    }
    // Nest's own exceptions (an unknown route, a malformed id) and body-parser's client errors (too large, bad
    // JSON, a charset) carry only a status: each known status has its code and title, never a class name.
    const httpStatus = exception instanceof HttpException ? exception.getStatus() : httpClientError(exception)?.status;
    if (httpStatus !== undefined) {
      const known = codeForStatus(httpStatus, (exception as { type?: unknown }).type);
      const title = known ? httpStatusOf(known)[1] : (STATUS_CODES[httpStatus] ?? 'Error');
      const code = known ?? `HTTP_${httpStatus}`;
      return {
        type: `urn:frist:problem:${code.toLowerCase()}`,
        title,
        status: httpStatus,
        code,
        detail: detailOf(exception),
        ...base,
      };
    }
    if (isConnectionError(exception)) {
      const [status, title] = httpStatusOf(ErrorCode.DatabaseUnavailable);
      return {
        type: 'urn:frist:problem:database_unavailable',
        title,
        status,
        code: ErrorCode.DatabaseUnavailable,
        ...base,
      };
    }
    const [status, title] = httpStatusOf(ErrorCode.Internal);
    return {
      type: 'urn:frist:problem:internal',
      title,
      status,
      code: ErrorCode.Internal,
      detail: 'An unexpected error occurred; quote the correlationId when reporting it.',
      ...base,
    };
  }
}

/** An http-errors style client error (`expose` true, 4xx status), as body-parser throws them. */
function httpClientError(e: unknown): { status: number } | undefined {
  const err = e as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const status = typeof err?.status === 'number' ? err.status : err?.statusCode;
  if (err?.expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return { status };
}

/** The stable code of a status-only error; body-parser's `type` tells a too-deep body from malformed JSON. */
function codeForStatus(status: number, type: unknown): ErrorCode | undefined {
  if (type === 'entity.too.deep') return ErrorCode.NestingTooDeep;
  const byStatus: Record<number, ErrorCode> = {
    400: ErrorCode.ValidationFailed,
    404: ErrorCode.NotFound,
    405: ErrorCode.MethodNotAllowed,
    413: ErrorCode.PayloadTooLarge,
    415: ErrorCode.UnsupportedMediaType,
  };
  return byStatus[status];
}

function detailOf(exception: unknown): string {
  const body = exception instanceof HttpException ? exception.getResponse() : undefined;
  if (typeof body === 'object' && body && 'message' in body) return String(body.message);
  return exception instanceof Error ? exception.message : String(exception);
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return (
    (!(e instanceof QueryFailedError) &&
      typeof code === 'string' &&
      ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', 'ETIMEDOUT'].includes(code)) ||
    (e instanceof Error &&
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(e.message))
  );
}
