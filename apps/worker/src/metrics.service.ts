import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectedTaskChange } from '@frist/activities';
import { WORKER_ROLES, type WorkerRole } from '@frist/config';
import type { ReportCaseAttentionInput } from '@frist/contracts';

/**
 * The worker's own Prometheus metrics (the Temporal SDK's core metrics come from its exporter, merged in by
 * MetricsServerService). Task counters count what projections wrote to the task_changes outbox, so they agree with
 * the read model: one increment per task row a projection created or changed.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly activityDuration = new Histogram({
    name: 'frist_activity_duration_seconds',
    help: 'Activity execution time by activity type and outcome (local activities included)',
    labelNames: ['activity', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly activityFailures = this.counter(
    'frist_activity_failures_total',
    'Activity attempts that threw (each retry attempt counts)',
    ['activity'],
  );
  readonly tasksRaised = this.counter(
    'frist_tasks_raised_total',
    'Task rows created by projections, by obligation code',
    ['code'],
  );
  readonly tasksMet = this.counter(
    'frist_tasks_met_total',
    'Task rows projected as met, by obligation code and timeliness (on-time = met, late = met-late)',
    ['code', 'timeliness'],
  );
  readonly tasksOverdue = this.counter(
    'frist_tasks_overdue_total',
    'Task rows projected as overdue (a deadline passed unmet), by obligation code',
    ['code'],
  );
  readonly tasksWaived = this.counter('frist_tasks_waived_total', 'Task rows projected as waived, by obligation code', [
    'code',
  ]);

  /** The ops alert: a case whose change the engine or the read model refused (it now waits for a correction). */
  readonly caseAttention = this.counter(
    'frist_case_attention_total',
    'Cases put in "needs attention" by a change that could not be evaluated or projected, by code and stage',
    ['code', 'stage'],
  );
  readonly caseAttentionRecovered = this.counter(
    'frist_case_attention_recovered_total',
    'Cases that left "needs attention" (a correction, retraction or new event was evaluated and projected)',
  );
  /** Activities (local ones included) whose last attempt failed and that will be retried, by workflow and type. */
  private readonly retrying = new Map<
    string,
    { workflowId: string; activity: string; since: number; attempts: number; error: string }
  >();
  readonly activitiesRetrying = new Gauge({
    name: 'frist_activities_retrying',
    help: 'Activities (local ones included) whose last attempt failed and have not succeeded since, by activity',
    labelNames: ['activity'] as const,
    registers: [this.registry],
    collect: () => this.collectRetrying(),
  });
  readonly oldestRetrySeconds = new Gauge({
    name: 'frist_activity_oldest_retry_seconds',
    help: 'Age of the oldest still-failing activity retry (first failed attempt until now), by activity',
    labelNames: ['activity'] as const,
    registers: [this.registry],
  });

  readonly workerRole = new Gauge({
    name: 'frist_worker_role',
    help: 'Whether this worker process runs a role (WORKER_ROLES): 1 for each it runs, 0 for the others',
    labelNames: ['role'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly webhooksEnabled = new Gauge({
    name: 'frist_webhooks_enabled',
    help: 'Whether this installation sends webhooks (WEBHOOKS_ENABLED): 1 means some worker must run the webhooks role',
    registers: [this.registry],
  });

  /**
   * The roles this process runs, so a dashboard can count the replicas that run each, and whether the installation
   * sends webhooks at all, so an alert can tell "no process runs webhooks" from "webhooks are off".
   */
  runsRoles(roles: readonly WorkerRole[], webhooksEnabled: boolean): void {
    for (const role of WORKER_ROLES) this.workerRole.set({ role }, roles.includes(role) ? 1 : 0);
    this.webhooksEnabled.set(webhooksEnabled ? 1 : 0);
  }

  /** A counter on this registry (class fields call it, so it reads only `registry`, declared first). */
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  attentionReported({ attention }: ReportCaseAttentionInput): void {
    if (attention && attention.failures === 1) this.caseAttention.inc({ code: attention.code, stage: attention.stage });
    if (!attention) this.caseAttentionRecovered.inc();
  }

  /** An attempt of `activity` for `key` (workflow id + activity type) failed (retryable) or succeeded. */
  attemptFailed(key: string, activity: string, error: string, workflowId = key): void {
    const prior = this.retrying.get(key);
    this.retrying.set(key, {
      workflowId,
      activity,
      since: prior?.since ?? performance.now(),
      attempts: (prior?.attempts ?? 0) + 1,
      error,
    });
  }

  attemptEnded(key: string): void {
    this.retrying.delete(key);
  }

  /** Each retrying activity with its workflow: what a shutdown that cannot drain abandons. */
  retryingWork(): { workflowId: string; activity: string; attempts: number; error: string }[] {
    return [...this.retrying.values()].map(({ workflowId, activity, attempts, error }) => ({
      workflowId,
      activity,
      attempts,
      error,
    }));
  }

  /** What is retrying now: the worker's readiness report shows it next to each Temporal worker's state. */
  retryingNow(): { activity: string; count: number; oldestSeconds: number; errors: string[] }[] {
    const by = new Map<string, { activity: string; count: number; oldestSeconds: number; errors: Set<string> }>();
    const now = performance.now();
    for (const r of this.retrying.values()) {
      const g = by.get(r.activity) ?? { activity: r.activity, count: 0, oldestSeconds: 0, errors: new Set<string>() };
      g.count++;
      g.oldestSeconds = Math.max(g.oldestSeconds, Math.round((now - r.since) / 1000));
      g.errors.add(r.error);
      by.set(r.activity, g);
    }
    return [...by.values()].map((g) => ({ ...g, errors: [...g.errors].sort() }));
  }

  private collectRetrying(): void {
    this.activitiesRetrying.reset();
    this.oldestRetrySeconds.reset();
    for (const g of this.retryingNow()) {
      this.activitiesRetrying.set({ activity: g.activity }, g.count);
      this.oldestRetrySeconds.set({ activity: g.activity }, g.oldestSeconds);
    }
  }

  /**
   * Counts the task rows one projection created or changed, as its upsert returned them from the task_changes
   * outbox insert. A retried projection that finds its work done writes nothing and counts nothing.
   */
  countTaskChanges(changes: readonly ProjectedTaskChange[]): void {
    for (const { code, change, status } of changes) {
      if (change === 'created') this.tasksRaised.inc({ code });
      if (status === 'met') this.tasksMet.inc({ code, timeliness: 'on-time' });
      else if (status === 'met-late') this.tasksMet.inc({ code, timeliness: 'late' });
      else if (status === 'overdue') this.tasksOverdue.inc({ code });
      else if (status === 'waived') this.tasksWaived.inc({ code });
    }
  }
}
