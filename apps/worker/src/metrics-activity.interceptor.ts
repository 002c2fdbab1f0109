import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { WorkerMetrics } from './metrics.service';

/** Times every activity attempt and counts failures (the projection reports its task changes itself). */
export function metricsActivityInterceptor(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const activity = ctx.info.activityType;
        const workflowId = ctx.info.workflowExecution?.workflowId ?? ctx.info.activityId;
        const key = `${workflowId}:${activity}`;
        const end = metrics.activityDuration.startTimer({ activity });
        try {
          const result = await next(input);
          end({ outcome: 'completed' });
          metrics.attemptEnded(key);
          return result;
        } catch (err) {
          end({ outcome: 'failed' });
          metrics.activityFailures.inc({ activity });
          // A non-retryable failure ends the activity; anything else will be attempted again (a retry to watch).
          if (err instanceof ApplicationFailure && err.nonRetryable) metrics.attemptEnded(key);
          else metrics.attemptFailed(key, activity, errorCode(err), workflowId);
          throw err;
        }
      },
    },
  });
}

/** A short, non-personal error label: an ApplicationFailure's type, a Postgres SQLSTATE, or the error's class. */
function errorCode(err: unknown): string {
  if (err instanceof ApplicationFailure && err.type) return err.type;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'Error';
}
