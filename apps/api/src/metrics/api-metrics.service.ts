import { Injectable } from '@nestjs/common';
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

  constructor(ops: OpsService) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'frist_projection_lag_seconds',
      help: 'Age of the oldest deadline change not yet in the read model (an open task past its due date); 0 if none',
      registers: [this.registry],
      async collect() {
        this.set((await ops.projection()).lagSeconds);
      },
    });
    new Gauge({
      name: 'frist_projection_pending_transitions',
      help: 'Open tasks whose due date has passed but that the read model does not yet show as overdue',
      registers: [this.registry],
      async collect() {
        this.set((await ops.projection()).pendingOverdueTransitions);
      },
    });
    new Gauge({
      name: 'frist_tasks_overdue',
      help: 'Overdue tasks in the read model by team (open and past due by the clock)',
      labelNames: ['team'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { team, overdue } of await ops.overdueByTeam()) this.set({ team }, overdue);
      },
    });
  }
}
