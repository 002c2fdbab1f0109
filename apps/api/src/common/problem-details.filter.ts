import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
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

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception, req);
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
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404
          ? ErrorCode.NotFound
          : status === 400 || status === 413 || status === 415
            ? ErrorCode.ValidationFailed
            : `HTTP_${status}`;
      const body = exception.getResponse();
      const detail = typeof body === 'object' && body && 'message' in body ? String(body.message) : exception.message;
      return {
        type: `urn:frist:problem:${String(code).toLowerCase()}`,
        title: exception.name,
        status,
        code: String(code),
        detail,
        ...base,
      };
    }
    const clientError = httpClientError(exception);
    if (clientError) {
      // body-parser's http-errors (413 too large, 400 bad JSON, 415 charset) reach here before any Nest pipe.
      const code = [400, 413, 415].includes(clientError.status)
        ? ErrorCode.ValidationFailed
        : `HTTP_${clientError.status}`;
      return {
        type: `urn:frist:problem:${code.toLowerCase()}`,
        title: clientError.name,
        status: clientError.status,
        code,
        detail: clientError.message,
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
function httpClientError(e: unknown): { status: number; name: string; message: string } | undefined {
  const err = e as { status?: unknown; statusCode?: unknown; expose?: unknown; name?: unknown; message?: unknown };
  const status = typeof err?.status === 'number' ? err.status : err?.statusCode;
  if (err?.expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return { status, name: typeof err.name === 'string' ? err.name : 'Error', message: String(err.message) };
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
