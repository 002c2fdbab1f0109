/**
 * Workflow interceptors (bundled through `workflowInterceptorModules`, see workflows/bundler/bundle-options.ts): the
 * correlation id of the request that started, signalled or updated the workflow goes onto its log lines and on to
 * the activities it schedules. A workflow serves many requests; it carries the latest one's id. Headers and log
 * attributes only: no command changes, so replay of existing histories is unaffected.
 */
import {
  defaultPayloadConverter,
  type ActivityInput,
  type GetLogAttributesInput,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { CORRELATION_ID_HEADER, CORRELATION_ID_LOG_KEY } from '@frist/contracts';

type Headers = ActivityInput['headers'];

export const interceptors = (): WorkflowInterceptors => {
  // Called once per workflow execution: the id lives in this closure, one per workflow.
  let correlationId: string | undefined;
  const remember = (headers: Headers): void => {
    const payload = headers[CORRELATION_ID_HEADER];
    if (!payload) return;
    const id: unknown = defaultPayloadConverter.fromPayload(payload);
    if (typeof id === 'string') correlationId = id;
  };
  const pass = (headers: Headers): Headers =>
    correlationId ? { ...headers, [CORRELATION_ID_HEADER]: defaultPayloadConverter.toPayload(correlationId) } : headers;

  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) => {
      remember(input.headers);
      return next(input);
    },
    handleSignal: (input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => {
      remember(input.headers);
      return next(input);
    },
    validateUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) => {
      remember(input.headers);
      next(input);
    },
    handleUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => {
      remember(input.headers);
      return next(input);
    },
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) =>
      next({ ...input, headers: pass(input.headers) }),
    scheduleLocalActivity: (
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) => next({ ...input, headers: pass(input.headers) }),
    startChildWorkflowExecution: (
      input: StartChildWorkflowExecutionInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
    ) => next({ ...input, headers: pass(input.headers) }),
    getLogAttributes: (
      input: GetLogAttributesInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
    ) => next(correlationId ? { ...input, [CORRELATION_ID_LOG_KEY]: correlationId } : input),
  };
  return { inbound: [inbound], outbound: [outbound] };
};
