import { Metadata, status } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CaseRejection } from '@frist/contracts';
import { ErrorCode } from '../common/domain-error';
import { fromTemporalError } from './temporal-errors';

/** A gRPC error as @grpc/grpc-js raises it (what the client's wrappers carry as `cause`). */
function grpcError(code: status, details: string): Error {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

describe('fromTemporalError: every shape of "Temporal did not answer" is TEMPORAL_UNAVAILABLE', () => {
  const unavailable = grpcError(status.UNAVAILABLE, 'No connection established');
  it.each([
    ['the raw gRPC error', unavailable],
    ['ServiceError "Workflow Update failed"', new ServiceError('Workflow Update failed', { cause: unavailable })],
    ['ServiceError "Update-With-Start failed"', new ServiceError('Update-With-Start failed', { cause: unavailable })],
    [
      'ServiceError around a deadline',
      new ServiceError('Unexpected error while making gRPC request', {
        cause: grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      }),
    ],
    [
      'WorkflowUpdateRPCTimeoutOrCancelledError',
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled', {
        cause: grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      }),
    ],
  ])('%s', (_name, err) => {
    expect(fromTemporalError(err)?.code).toBe(ErrorCode.TemporalUnavailable);
  });

  it('keeps coded rejections and leaves unknown errors alone', () => {
    const attention = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.nonRetryable('needs attention', CaseRejection.NeedsAttention, { code: 'ENGINE_FAILED' }),
    );
    expect(fromTemporalError(attention)?.code).toBe(ErrorCode.CaseNeedsAttention);
    expect(fromTemporalError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
