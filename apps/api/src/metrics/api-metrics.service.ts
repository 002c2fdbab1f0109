import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { OpsService } from '../ops/ops.service';

/**
 * The API's Prometheus registry (one per app instance, not prom-client's global, so several apps in one process
 * never collide). Gauges that describe the system rather than this process (projection lag, overdue tasks) are read
 * from Postgres at scrape time through OpsService's short cache; every API replica reports the same value, so
 * aggregate them with max(), not sum().
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'frist_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern (never the raw URL) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly logger = new Logger(ApiMetrics.name);

  constructor(ops: OpsService) {
    collectDefaultMetrics({ register: this.registry });
    // A database outage must not break the scrape: the gauges keep their last value and frist_read_model_up says 0.
    // prom-client collects all metrics concurrently; OpsService shares one in-flight query between them.
    const probe = async <T>(load: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await load();
      } catch (err) {
        this.logger.warn(`read-model gauges unavailable: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    };
    const lag: Gauge = new Gauge({
      name: 'frist_projection_lag_seconds',
      help: 'Age of the oldest deadline change not yet in the read model (an open task past its due date); 0 if none',
      registers: [this.registry],
      async collect() {
        const p = await probe(() => ops.projection());
        if (p) lag.set(p.lagSeconds);
      },
    });
    const pending: Gauge = new Gauge({
      name: 'frist_projection_pending_transitions',
      help: 'Open tasks whose due date has passed but that the read model does not yet show as overdue',
      registers: [this.registry],
      async collect() {
        const p = await probe(() => ops.projection());
        if (p) pending.set(p.pendingOverdueTransitions);
      },
    });
    const overdue: Gauge<'team'> = new Gauge({
      name: 'frist_tasks_overdue',
      help: 'Overdue tasks in the read model by team (open and past due by the clock)',
      labelNames: ['team'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await probe(() => ops.overdueByTeam());
        if (!rows) return;
        overdue.reset();
        for (const row of rows) overdue.set({ team: row.team }, row.overdue);
      },
    });
    const up: Gauge = new Gauge({
      name: 'frist_read_model_up',
      help: 'Whether the read-model gauges could be read from Postgres at this scrape',
      registers: [this.registry],
      async collect() {
        const [p, rows] = await Promise.all([probe(() => ops.projection()), probe(() => ops.overdueByTeam())]);
        up.set(p && rows ? 1 : 0);
      },
    });
  }
}
