import {
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CaseRejection } from '@frist/contracts';
import { DomainError, ErrorCode, type ErrorDetail } from '../common/domain-error';

const REJECTIONS: Record<CaseRejection, ErrorCode> = {
  [CaseRejection.InvalidEvent]: ErrorCode.InvalidEvent,
  [CaseRejection.EventIdConflict]: ErrorCode.EventIdConflict,
  [CaseRejection.EventInFuture]: ErrorCode.EventInFuture,
  [CaseRejection.EventNotAdmissible]: ErrorCode.EventNotAdmissible,
  [CaseRejection.TooManyEvents]: ErrorCode.ValidationFailed,
  [CaseRejection.EventNotFound]: ErrorCode.EventNotFound,
  [CaseRejection.ReasonRequired]: ErrorCode.ReasonRequired,
  [CaseRejection.InvalidTeam]: ErrorCode.ValidationFailed,
  [CaseRejection.NeedsAttention]: ErrorCode.CaseNeedsAttention,
  [CaseRejection.BudgetExceeded]: ErrorCode.CaseEventLimit,
};

const UNREACHABLE =
  /UNAVAILABLE|ECONNREFUSED|ECONNRESET|Failed to connect|DEADLINE_EXCEEDED|Deadline exceeded|No connection established/i;

/**
 * Whether Temporal did not answer: the raw gRPC error, or the client's wrappers around one (ServiceError "Workflow
 * Update failed" / "Update-With-Start failed" carry it as `cause`), or an update whose RPC timed out or was
 * cancelled. The whole cause chain is searched.
 */
function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcServiceError(e) || UNREACHABLE.test(e.message))
      return true;
  }
  return false;
}

/** Translates a Temporal client error into a coded domain error, or returns undefined if it is not one we know. */
export function fromTemporalError(err: unknown): DomainError | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = REJECTIONS[err.cause.type as CaseRejection];
    if (code) {
      const details = (err.cause.details?.[0] ?? {}) as { index?: number; field?: string; issues?: ErrorDetail[] };
      const errors: ErrorDetail[] = details.issues?.length
        ? details.issues
        : [
            {
              ...(details.index !== undefined ? { eventIndex: details.index } : {}),
              ...(details.field ? { field: details.field } : {}),
              message: err.cause.message,
            },
          ];
      return new DomainError(code, err.cause.message, errors);
    }
  }
  if (err instanceof WorkflowNotFoundError)
    return new DomainError(ErrorCode.CaseClosed, 'the case workflow has completed; the case is closed');
  if (isUnavailable(err)) {
    return new DomainError(
      ErrorCode.TemporalUnavailable,
      'the workflow service did not answer; retry with the same eventId',
    );
  }
  return undefined;
}
