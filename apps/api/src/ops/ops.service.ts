import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { addDaysIso, CASE_WORKFLOW_TYPE, copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import { TemporalClientService } from '../temporal/temporal-client.service';

// temporal.api.enums.v1 values (the proto package is not a direct dependency of the API).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE = { workflow: 1, activity: 2 } as const;

type Long = { toString(): string } | number | null | undefined;
const num = (v: Long): number => (v === null || v === undefined ? 0 : Number(v.toString()));
const seconds = (d: { seconds?: Long; nanos?: number | null } | null | undefined): number =>
  d ? num(d.seconds) + (d.nanos ?? 0) / 1e9 : 0;

export interface QueueTypeStatus {
  pollers: { identity: string; lastAccessTime: string | null; ratePerSecond: number }[];
  /** From describeTaskQueue's stats; null where the server does not report them. */
  backlog: { approximateCount: number; approximateAgeSeconds: number; addRate: number; dispatchRate: number } | null;
}

export interface ProjectionStatus {
  /**
   * How far the read model is behind the clocks, in seconds: from the instant the oldest still-`open` past-due task
   * became overdue (the start of the Copenhagen day after its due date, when its workflow's timer fires) until now.
   */
  lagSeconds: number;
  pendingOverdueTransitions: number;
  oldestPendingDueOn: string | null;
  /** When a projection last wrote to the task_changes outbox. */
  lastProjectedAt: string | null;
}

export interface OpsStatus {
  now: string;
  temporal: {
    namespace: string;
    taskQueue: string;
    available: boolean;
    error?: string;
    workflow?: QueueTypeStatus;
    activity?: QueueTypeStatus;
    /** Case workflows by execution status (visibility count query). */
    workflows?: Record<string, number>;
  };
  projection: ProjectionStatus;
  readModel: { cases: number; closedCases: number; openTasks: number };
}

const CACHE_MS = 5_000;

/**
 * The ops view: counts and timings only, no personal data. Temporal answers for workers, backlog and workflow
 * counts; Postgres for projection lag. DB gauges are cached briefly so scrapes from Prometheus and the ops page
 * do not multiply queries.
 */
@Injectable()
export class OpsService {
  private readonly logger = new Logger(OpsService.name);
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly clock: Clock,
  ) {}

  /** Memoises a probe for a few seconds of monotonic time (the injected clock may stand still in tests). */
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && performance.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { at: performance.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  async status(): Promise<OpsStatus> {
    const [temporalStatus, projection, readModel] = await Promise.all([
      this.temporalStatus(),
      this.projection(true),
      this.readModel(),
    ]);
    return { now: this.clock.now().toISOString(), temporal: temporalStatus, projection, readModel };
  }

  /** Cached for scrapes; `fresh` for the ops page, which must show what is true now. */
  projection(fresh = false): Promise<ProjectionStatus> {
    return fresh ? this.loadProjection() : this.cached('projection', () => this.loadProjection());
  }

  private async loadProjection(): Promise<ProjectionStatus> {
    const now = this.clock.now();
    const today = copenhagenDate(now.getTime());
    const [pending] = await this.dataSource.query<{ n: number; oldest: string | null }[]>(
      `SELECT count(*)::int AS n, to_char(min(due_on), 'YYYY-MM-DD') AS oldest
         FROM tasks WHERE status = 'open' AND due_on < $1::date`,
      [today],
    );
    const [last] = await this.dataSource.query<{ at: Date }[]>(
      'SELECT created_at AS at FROM task_changes ORDER BY id DESC LIMIT 1',
    );
    const oldest = pending?.oldest ?? null;
    const becameOverdueAt = oldest ? copenhagenStartOfDay(addDaysIso(oldest, 1)) : undefined;
    return {
      lagSeconds: becameOverdueAt === undefined ? 0 : Math.max(0, Math.round((now.getTime() - becameOverdueAt) / 1000)),
      pendingOverdueTransitions: pending?.n ?? 0,
      oldestPendingDueOn: oldest,
      lastProjectedAt: last ? last.at.toISOString() : null,
    };
  }

  overdueByTeam(): Promise<{ team: string; overdue: number }[]> {
    return this.cached('overdueByTeam', () =>
      this.dataSource.query<{ team: string; overdue: number }[]>(
        `SELECT team, count(*)::int AS overdue FROM tasks
         WHERE status IN ('open', 'overdue') AND due_on < $1::date GROUP BY team ORDER BY team`,
        [copenhagenDate(this.clock.now().getTime())],
      ),
    );
  }

  private async readModel(): Promise<OpsStatus['readModel']> {
    const [row] = await this.dataSource.query<OpsStatus['readModel'][]>(
      `SELECT (SELECT count(*)::int FROM cases) AS cases,
                (SELECT count(*)::int FROM cases WHERE phase = 'CLOSED') AS "closedCases",
                (SELECT count(*)::int FROM tasks WHERE status IN ('open', 'overdue')) AS "openTasks"`,
    );
    return row ?? { cases: 0, closedCases: 0, openTasks: 0 };
  }

  private async temporalStatus(): Promise<OpsStatus['temporal']> {
    const { namespace, taskQueue } = this.temporal.config.temporal;
    try {
      const [workflow, activity, workflows] = await Promise.all([
        this.queue(TASK_QUEUE_TYPE.workflow),
        this.queue(TASK_QUEUE_TYPE.activity),
        this.workflowCounts(),
      ]);
      return { namespace, taskQueue, available: true, workflow, activity, workflows };
    } catch (err) {
      const error = err instanceof Error ? err.message.split('\n')[0] : String(err);
      this.logger.warn(`temporal status unavailable: ${error}`);
      return { namespace, taskQueue, available: false, ...(error ? { error } : {}) };
    }
  }

  private async queue(type: (typeof TASK_QUEUE_TYPE)[keyof typeof TASK_QUEUE_TYPE]): Promise<QueueTypeStatus> {
    const { namespace, taskQueue } = this.temporal.config.temporal;
    const res = await this.temporal.client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: type,
      reportStats: true,
    });
    const stats = res.stats;
    return {
      pollers: (res.pollers ?? []).map((p) => ({
        identity: p.identity ?? '',
        lastAccessTime: p.lastAccessTime ? new Date(seconds(p.lastAccessTime) * 1000).toISOString() : null,
        ratePerSecond: p.ratePerSecond ?? 0,
      })),
      backlog: stats
        ? {
            approximateCount: num(stats.approximateBacklogCount),
            approximateAgeSeconds: seconds(stats.approximateBacklogAge),
            addRate: stats.tasksAddRate ?? 0,
            dispatchRate: stats.tasksDispatchRate ?? 0,
          }
        : null,
    };
  }

  /** Case workflows by execution status, from the visibility store (count with GROUP BY ExecutionStatus). */
  private async workflowCounts(): Promise<Record<string, number>> {
    const res = await this.temporal.client.workflow.count(
      `WorkflowType = "${CASE_WORKFLOW_TYPE}" GROUP BY ExecutionStatus`,
    );
    const counts: Record<string, number> = { Running: 0, Failed: 0, TimedOut: 0, Terminated: 0, Completed: 0 };
    for (const g of res.groups) counts[String(g.groupValues[0])] = g.count;
    return counts;
  }
}
