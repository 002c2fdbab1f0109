import type { Context as ActivityContext } from '@temporalio/activity';
import type { Next, WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptors,
  ActivityOutboundCallsInterceptor,
  GetLogAttributesInput,
} from '@temporalio/worker';
import { CORRELATION_ID_HEADER, CORRELATION_ID_LOG_KEY } from '@frist/contracts';
import { currentCorrelationId, runWithCorrelationId } from './correlation-id';

/** The headers with the current correlation id added (unchanged outside a request). */
export function withCorrelationHeader(headers: Headers, id = currentCorrelationId()): Headers {
  return id ? { ...headers, [CORRELATION_ID_HEADER]: defaultPayloadConverter.toPayload(id) } : headers;
}

export function correlationIdFromTemporalHeaders(headers: Headers): string | undefined {
  const payload = headers[CORRELATION_ID_HEADER];
  if (!payload) return undefined;
  const id: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof id === 'string' ? id : undefined;
}

/**
 * The API's half: every start, update and signal it sends carries the request's correlation id as a Temporal header
 * (workflows/src/correlation.interceptors.ts reads it and passes it on to the activities).
 */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  start: NonNullable<WorkflowClientInterceptor['start']> = (input, next) =>
    next({ ...input, headers: withCorrelationHeader(input.headers) });
  startWithDetails: NonNullable<WorkflowClientInterceptor['startWithDetails']> = (input, next) =>
    next({ ...input, headers: withCorrelationHeader(input.headers) });
  signal: NonNullable<WorkflowClientInterceptor['signal']> = (input, next) =>
    next({ ...input, headers: withCorrelationHeader(input.headers) });
  signalWithStart: NonNullable<WorkflowClientInterceptor['signalWithStart']> = (input, next) =>
    next({ ...input, headers: withCorrelationHeader(input.headers) });
  startUpdate: NonNullable<WorkflowClientInterceptor['startUpdate']> = (input, next) =>
    next({ ...input, headers: withCorrelationHeader(input.headers) });
  startUpdateWithStart(
    input: Parameters<NonNullable<WorkflowClientInterceptor['startUpdateWithStart']>>[0],
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ) {
    return next({
      ...input,
      workflowStartHeaders: withCorrelationHeader(input.workflowStartHeaders),
      updateHeaders: withCorrelationHeader(input.updateHeaders),
    });
  }
}

/**
 * The worker's half: an activity runs in the async context of the correlation id its workflow passed on, so the
 * worker's own log lines (pino's mixin) and the SDK's activity lines (getLogAttributes) both carry it.
 */
export function correlationActivityInterceptors(_ctx: ActivityContext): ActivityInterceptors {
  let id: string | undefined;
  const inbound: ActivityInboundCallsInterceptor = {
    execute: (input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) => {
      id = correlationIdFromTemporalHeaders(input.headers);
      return id ? runWithCorrelationId(id, () => next(input)) : next(input);
    },
  };
  const outbound: ActivityOutboundCallsInterceptor = {
    getLogAttributes: (
      input: GetLogAttributesInput,
      next: Next<ActivityOutboundCallsInterceptor, 'getLogAttributes'>,
    ) => next(id ? { ...input, [CORRELATION_ID_LOG_KEY]: id } : input),
  };
  return { inbound, outbound };
}
