import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
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
};

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
  if (
    isGrpcServiceError(err) ||
    (err instanceof Error && /UNAVAILABLE|ECONNREFUSED|Failed to connect/i.test(err.message))
  ) {
    return new DomainError(
      ErrorCode.TemporalUnavailable,
      'the workflow service did not answer; retry with the same eventId',
    );
  }
  return undefined;
}
