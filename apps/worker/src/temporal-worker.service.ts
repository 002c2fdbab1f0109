import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { AppConfig } from '@frist/config';
import type { Tracing } from '@frist/observability';
import {
  adoptedRuleSets,
  CaseAttentionActivities,
  CaseProjectionActivities,
  createEvaluateCase,
  listOpenCaseIds,
  TrialCatalogue,
  withEvaluateAndProject,
} from '@frist/activities';
import type { CaseActivities, RolloutActivities } from '@frist/contracts';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { DataSource } from 'typeorm';
import { DRAIN_MARGIN_MS, HostedWorker } from './hosted-worker';
import { metricsActivityInterceptor } from './metrics-activity.interceptor';
import { WorkerMetrics } from './metrics.service';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { APP_CONFIG, TRACING } from './worker.tokens';

/** The case worker: case workflows, their projection and evaluation activities, and the rule-set rollout. */
@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private hosted?: HostedWorker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projection: CaseProjectionActivities,
    private readonly attention: CaseAttentionActivities,
    private readonly dataSource: DataSource,
    private readonly lifecycle: WorkerLifecycle,
    private readonly catalogue: TrialCatalogue,
    @Optional() private readonly metrics?: WorkerMetrics,
    @Optional() @Inject(TRACING) private readonly tracing?: Tracing,
  ) {}

  async onModuleInit(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    const metrics = this.metrics;
    if (metrics) this.projection.observeTaskChanges((changes) => metrics.countTaskChanges(changes));
    const adopted = adoptedRuleSets(this.config.rules.adoptedFiles);
    if (adopted.length)
      this.logger.log(`adopted rule sets: ${adopted.map((r) => `${r.id} (from ${r.effectiveFrom})`).join(', ')}`);
    const programmes = this.catalogue.adopted;
    if (programmes.length) this.logger.log(`adopted trial programmes: ${programmes.map((p) => p.id).join(', ')}`);
    const activities: CaseActivities & RolloutActivities = withEvaluateAndProject({
      projectCase: this.projection.projectCase.bind(this.projection),
      evaluateCase: createEvaluateCase(adopted, this.catalogue.engineProgrammes),
      reportCaseAttention: async (input) => {
        this.metrics?.attentionReported(input);
        if (input.attention)
          this.logger.warn(
            `case ${input.caseId} needs attention: ${input.attention.code} at ${input.attention.stage} (${input.attention.reason})`,
          );
        else this.logger.log(`case ${input.caseId} recovered`);
        await this.attention.reportCaseAttention(input);
      },
      listOpenCaseIds: (after: string, limit: number) => listOpenCaseIds(this.dataSource, after, limit),
    });
    this.hosted = await HostedWorker.create(this.config, this.tracing, {
      name: 'cases',
      taskQueue,
      activities,
      workflows: { bundlePath: this.config.worker.workflowBundlePath, source: workflowBundleOptions() },
      // The metrics interceptor's failure lines carry the correlation id and the trace (it runs after theirs).
      activityInterceptors: this.metrics ? [metricsActivityInterceptor(this.metrics)] : [],
      tuning: {
        maxConcurrentActivityTaskExecutions: 20,
        // Each projection (a local activity) holds a pooled connection for its transaction: beyond the pool, a burst
        // of new cases (an import) only queued projections on the pool until they timed out and backed off.
        maxConcurrentLocalActivityExecutions: this.config.database.poolSize,
        // Bounds the worker's memory: cases beyond it are replayed on their next wake-up (docs/performance.md).
        maxCachedWorkflows: this.config.worker.maxCachedWorkflows,
      },
    });
    this.logger.log(`worker ready on ${address} namespace=${namespace} queue=${taskQueue}`);
  }

  onApplicationBootstrap(): void {
    if (!this.hosted) throw new Error('worker not created');
    this.hosted.run(this.lifecycle);
  }

  async onModuleDestroy(): Promise<void> {
    const drainMs = this.config.worker.shutdownGraceMs + DRAIN_MARGIN_MS;
    if (!this.hosted || (await this.hosted.stop(drainMs))) {
      this.logger.log('worker drained and stopped');
      return;
    }
    // What cannot finish is what keeps failing: the retrying activities, by workflow (the metrics interceptor's).
    const retrying = this.metrics?.retryingWork() ?? [];
    const what = retrying.length
      ? retrying.map((r) => `${r.activity} of ${r.workflowId} (attempt ${r.attempts}, ${r.error})`).join('; ')
      : 'its in-flight workflow and activity tasks';
    this.logger.error(
      `the cases worker did not drain within ${drainMs} ms; abandoning ${what}; Temporal retries them on another worker`,
    );
    this.lifecycle.abandoned('cases', what);
  }

  state(): string {
    return this.hosted?.state() ?? 'NOT_CREATED';
  }
}
