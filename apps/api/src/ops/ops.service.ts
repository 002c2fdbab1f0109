import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@frist/config';
import { addDaysIso, CASE_WORKFLOW_TYPE, caseWorkflowId, copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
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
  /** Cases whose last change could not be projected or evaluated (they need attention); counted in lagSeconds. */
  stuckCases: number;
  /** Since when the oldest of them has been stuck. */
  oldestStuckSince: string | null;
}

/**
 * One case or workflow that is failing, for the ops page's list: which case, which error code, since when, how many
 * attempts so far, and where to look in the Temporal UI (null when TEMPORAL_UI_URL is not configured).
 */
export interface FailingWorkflow {
  workflowId: string;
  /** null for a workflow that is not a case workflow. */
  caseId: string | null;
  /** ENGINE_FAILED, PROJECTION_REJECTED (needs attention), or Temporal's problem, e.g. WorkflowTaskFailed. */
  code: string;
  /** Non-personal detail: the stage and reason (a SQLSTATE, an error type), or Temporal's failure cause. */
  detail: string;
  since: string | null;
  /** Failed changes in a row (needs attention) or workflow task attempts (Temporal). */
  retries: number;
  source: 'needs-attention' | 'temporal';
  temporalUrl: string | null;
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
  /**
   * What is failing now: cases that need attention (the worker reported them) and running workflows whose
   * workflow task keeps failing (Temporal's own TemporalReportedProblems), oldest first, at most 100.
   */
  failing: {
    count: number;
    oldestSince: string | null;
    /** Error codes with how many cases or workflows fail with each. */
    codes: Record<string, number>;
    workflows: FailingWorkflow[];
    /** Set when Temporal's part could not be read (the attention list from the read model is still shown). */
    temporalError?: string;
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
    const [temporalStatus, projection, readModel, failing] = await Promise.all([
      this.temporalStatus(),
      this.projection(true),
      this.readModel(),
      this.failing(),
    ]);
    return { now: this.clock.now().toISOString(), temporal: temporalStatus, projection, readModel, failing };
  }

  /** The failing list: needs-attention cases from the read model, workflow-task problems from Temporal's visibility. */
  private async failing(): Promise<OpsStatus['failing']> {
    const attention = await this.dataSource.query<
      { case_id: string; code: string; stage: string; reason: string; since: Date; failures: number }[]
    >(`SELECT case_id, code, stage, reason, since, failures FROM case_attention ORDER BY since, case_id LIMIT 100`);
    const [{ n }] = await this.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM case_attention');
    const workflows: FailingWorkflow[] = attention.map((a) => ({
      workflowId: caseWorkflowId(a.case_id),
      caseId: a.case_id,
      code: a.code,
      detail: `${a.stage}: ${a.reason}`,
      since: a.since.toISOString(),
      retries: a.failures,
      source: 'needs-attention',
      temporalUrl: this.temporalUrl(caseWorkflowId(a.case_id)),
    }));
    let count = n ?? 0;
    let temporalError: string | undefined;
    try {
      const problems = await this.temporalProblems();
      count += problems.length;
      workflows.push(...problems.filter((p) => !workflows.some((w) => w.workflowId === p.workflowId)));
    } catch (err) {
      temporalError = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    workflows.sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
    const codes: Record<string, number> = {};
    for (const w of workflows) codes[w.code] = (codes[w.code] ?? 0) + 1;
    return {
      count,
      oldestSince: workflows.find((w) => w.since)?.since ?? null,
      codes,
      workflows: workflows.slice(0, 100),
      ...(temporalError ? { temporalError } : {}),
    };
  }

  /**
   * Running workflows whose workflow task keeps failing or timing out: the server marks them with the
   * TemporalReportedProblems search attribute after a few consecutive failures; describe tells since when.
   */
  private async temporalProblems(): Promise<FailingWorkflow[]> {
    const found: FailingWorkflow[] = [];
    const query = 'ExecutionStatus = "Running" AND TemporalReportedProblems IS NOT NULL';
    for await (const wf of this.temporal.client.workflow.list({ query, pageSize: 50 })) {
      const problems = (wf.searchAttributes?.TemporalReportedProblems as string[] | undefined) ?? [];
      const category = problems.find((p) => p.startsWith('category='))?.slice('category='.length);
      const cause = problems.find((p) => p.startsWith('cause='))?.slice('cause='.length);
      const described = await this.temporal.client.workflow
        .getHandle(wf.workflowId, wf.runId)
        .describe()
        .catch(() => undefined);
      const task = described?.raw.pendingWorkflowTask;
      found.push({
        workflowId: wf.workflowId,
        caseId: wf.type === CASE_WORKFLOW_TYPE ? wf.workflowId.replace(/^case-/, '') : null,
        code: category ?? 'WorkflowTaskFailed',
        detail: cause ?? problems.join(', '),
        since: task?.originalScheduledTime ? new Date(seconds(task.originalScheduledTime) * 1000).toISOString() : null,
        retries: task?.attempt ?? 0,
        source: 'temporal',
        temporalUrl: this.temporalUrl(wf.workflowId),
      });
      if (found.length >= 50) break;
    }
    return found;
  }

  private temporalUrl(workflowId: string): string | null {
    const { uiUrl, namespace } = this.temporal.config.temporal;
    return uiUrl
      ? `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`
      : null;
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
    const [stuck] = await this.dataSource.query<{ n: number; since: Date | null }[]>(
      'SELECT count(*)::int AS n, min(since) AS since FROM case_attention',
    );
    const oldest = pending?.oldest ?? null;
    const becameOverdueAt = oldest ? copenhagenStartOfDay(addDaysIso(oldest, 1)) : undefined;
    // A stuck case's read model is behind since its first failed change: that counts as lag too.
    const behindSince = Math.min(becameOverdueAt ?? Infinity, stuck?.since ? stuck.since.getTime() : Infinity);
    return {
      lagSeconds: Number.isFinite(behindSince) ? Math.max(0, Math.round((now.getTime() - behindSince) / 1000)) : 0,
      pendingOverdueTransitions: pending?.n ?? 0,
      oldestPendingDueOn: oldest,
      lastProjectedAt: last ? last.at.toISOString() : null,
      stuckCases: stuck?.n ?? 0,
      oldestStuckSince: stuck?.since ? stuck.since.toISOString() : null,
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
