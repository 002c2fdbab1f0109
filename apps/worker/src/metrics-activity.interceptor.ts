import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { ProjectCaseInput } from '@frist/contracts';
import type { WorkerMetrics } from './metrics.service';

/** Times every activity attempt, counts failures, and counts the task changes each projection wrote. */
export function metricsActivityInterceptor(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const activity = ctx.info.activityType;
        const end = metrics.activityDuration.startTimer({ activity });
        const projection = activity === 'projectCase' ? (input.args[0] as ProjectCaseInput) : undefined;
        const highWater = projection ? await metrics.outboxHighWater() : undefined;
        try {
          const result = await next(input);
          end({ outcome: 'completed' });
          if (projection && highWater !== undefined) await metrics.countProjection(projection, highWater);
          return result;
        } catch (err) {
          end({ outcome: 'failed' });
          metrics.activityFailures.inc({ activity });
          throw err;
        }
      },
    },
  });
}
