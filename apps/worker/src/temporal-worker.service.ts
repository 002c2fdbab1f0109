import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { fristDataConverter } from '@frist/codec';
import type { AppConfig } from '@frist/config';
import {
  correlationActivityInterceptors,
  tracingActivityInterceptors,
  workflowSpanSinks,
  type Tracing,
} from '@frist/observability';
import {
  adoptedRuleSets,
  CaseAttentionActivities,
  CaseProjectionActivities,
  createEvaluateCase,
  listOpenCaseIds,
} from '@frist/activities';
import type { CaseActivities, RolloutActivities } from '@frist/contracts';
import { RuleChangeRegistry } from '@frist/persistence';
import { DataSource } from 'typeorm';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { metricsActivityInterceptor } from './metrics-activity.interceptor';
import { WorkerMetrics } from './metrics.service';
import { WorkerLifecycle } from './worker-lifecycle.service';
import { APP_CONFIG, TRACING } from './worker.tokens';

/**
 * The Temporal worker as a Nest provider: created on init, run on bootstrap, drained on shutdown.
 * Production passes a prebuilt bundle (WORKFLOW_BUNDLE_PATH); development bundles from source.
 */
@Injectable()
export class TemporalWorkerService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projection: CaseProjectionActivities,
    private readonly attention: CaseAttentionActivities,
    private readonly dataSource: DataSource,
    private readonly lifecycle: WorkerLifecycle,
    @Optional() private readonly metrics?: WorkerMetrics,
    @Optional() @Inject(TRACING) private readonly tracing?: Tracing,
  ) {}

  async onModuleInit(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    this.connection = await NativeConnection.connect({ address });
    const metrics = this.metrics;
    if (metrics) this.projection.observeTaskChanges((changes) => metrics.countTaskChanges(changes));
    const adopted = adoptedRuleSets(this.config.rules.adoptedFiles);
    if (adopted.length)
      this.logger.log(`adopted rule sets: ${adopted.map((r) => `${r.id} (from ${r.effectiveFrom})`).join(', ')}`);
    const activities: CaseActivities & RolloutActivities = {
      projectCase: this.projection.projectCase.bind(this.projection),
      evaluateCase: createEvaluateCase(adopted, (team) =>
        new RuleChangeRegistry(this.dataSource).publishedPolicyDecisions(team),
      ),
      reportCaseAttention: async (input) => {
        this.metrics?.attentionReported(input);
        if (input.attention)
          this.logger.warn(
            `case ${input.caseId} needs attention: ${input.attention.code} at ${input.attention.stage} (${input.attention.reason})`,
          );
        else this.logger.log(`case ${input.caseId} recovered`);
        await this.attention.reportCaseAttention(input);
      },
      listOpenCaseIds: (after, limit) => listOpenCaseIds(this.dataSource, after, limit),
    };
    const bundlePath = this.config.worker.workflowBundlePath;
    this.worker = await Worker.create({
      connection: this.connection,
      dataConverter: fristDataConverter(this.config.temporal.encryption),
      namespace,
      taskQueue,
      activities,
      // Development bundles from source; its webpack report goes to the runtime logger (JSON lines like the rest).
      workflowBundle: bundlePath
        ? { codePath: bundlePath }
        : await bundleWorkflowCode({ ...workflowBundleOptions(), logger: Runtime.instance().logger }),
      maxConcurrentActivityTaskExecutions: 20,
      // Each projection (a local activity) holds a pooled connection for its transaction: beyond the pool, a burst
      // of new cases (an import) only queued projections on the pool until they timed out and backed off.
      maxConcurrentLocalActivityExecutions: this.config.database.poolSize,
      // Bounds the worker's memory: cases beyond it are replayed on their next wake-up (docs/performance.md).
      maxCachedWorkflows: this.config.worker.maxCachedWorkflows,
      shutdownGraceTime: this.config.worker.shutdownGraceMs,
      interceptors: {
        // The correlation id and the trace first, so the metrics interceptor's failure lines carry them too.
        activity: [
          correlationActivityInterceptors,
          tracingActivityInterceptors,
          ...(this.metrics ? [metricsActivityInterceptor(this.metrics)] : []),
        ],
      },
      // Workflow spans leave the sandbox through this sink (bundle-options.ts bundles the tracing interceptors).
      sinks: workflowSpanSinks(this.tracing),
    });
    this.logger.log(`worker ready on ${address} namespace=${namespace} queue=${taskQueue}`);
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    if (!worker) throw new Error('worker not created');
    this.lifecycle.register('cases', () => worker.getState());
    this.running = worker.run().catch((err: unknown) => this.lifecycle.workerDied('cases', err));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
    this.logger.log('worker drained and stopped');
  }

  state(): string {
    return this.worker?.getState() ?? 'NOT_CREATED';
  }
}
