import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { fristDataConverter } from '@frist/codec';
import type { AppConfig } from '@frist/config';
import {
  correlationActivityInterceptors,
  tracingActivityInterceptors,
  workflowSpanSinks,
  type Tracing,
} from '@frist/observability';
import type { WorkflowBundleSource } from '@frist/workflows/bundler';
import type { WorkerLifecycle } from './worker-lifecycle.service';

/** The SDK cancels activities at the end of its grace time; their cancellation gets this long to land. */
export const DRAIN_MARGIN_MS = 500;

/** What differs between this process's Temporal workers; the rest (codec, tracing, bundle, drain) is shared. */
export interface HostedWorkerSpec {
  /** The name the readiness probe and the fatal-exit log use. */
  name: string;
  taskQueue: string;
  activities: object;
  /**
   * Its workflows: the prebuilt bundle production passes (WORKFLOW_BUNDLE_PATH, WEBHOOK_WORKFLOW_BUNDLE_PATH), else
   * (development) what to bundle from source and, optionally, where the bundler's report goes.
   */
  workflows: {
    bundlePath?: string;
    source: WorkflowBundleSource;
    logger?: Parameters<typeof bundleWorkflowCode>[0]['logger'];
  };
  /** Run after the correlation and tracing interceptors, so their log lines carry both. */
  activityInterceptors?: ActivityInterceptorsFactory[];
  tuning?: Pick<
    WorkerOptions,
    'maxConcurrentActivityTaskExecutions' | 'maxConcurrentLocalActivityExecutions' | 'maxCachedWorkflows'
  >;
}

/**
 * One Temporal worker with its own native connection, as a Nest provider runs it: created on init, run on bootstrap
 * (registered with the lifecycle, whose fatal path takes over if run() fails), drained and disconnected on shutdown.
 * Production passes a prebuilt bundle; development bundles from source.
 */
export class HostedWorker {
  private running?: Promise<void>;

  private constructor(
    private readonly name: string,
    private readonly connection: NativeConnection,
    private readonly worker: Worker,
  ) {}

  static async create(config: AppConfig, tracing: Tracing | undefined, spec: HostedWorkerSpec): Promise<HostedWorker> {
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    try {
      const { bundlePath, source, logger = Runtime.instance().logger } = spec.workflows;
      const worker = await Worker.create({
        connection,
        dataConverter: fristDataConverter(config.temporal.encryption),
        namespace: config.temporal.namespace,
        taskQueue: spec.taskQueue,
        activities: spec.activities,
        workflowBundle: bundlePath ? { codePath: bundlePath } : await bundleWorkflowCode({ ...source, logger }),
        ...spec.tuning,
        shutdownGraceTime: config.worker.shutdownGraceMs,
        interceptors: {
          activity: [
            correlationActivityInterceptors,
            tracingActivityInterceptors,
            ...(spec.activityInterceptors ?? []),
          ],
        },
        // Workflow spans leave the sandbox through this sink (bundle-options.ts bundles the tracing interceptors).
        sinks: workflowSpanSinks(tracing),
      });
      return new HostedWorker(spec.name, connection, worker);
    } catch (err) {
      await connection.close();
      throw err;
    }
  }

  run(lifecycle: WorkerLifecycle): void {
    lifecycle.register(this.name, () => this.worker.getState());
    this.running = this.worker.run().catch((err: unknown) => lifecycle.workerDied(this.name, err));
  }

  /**
   * Stops polling and lets in-flight tasks finish for up to `drainMs`; true if they did (the connection is then
   * closed). False if they did not: a local activity retrying against a dead dependency never finishes, and the
   * caller says what it abandons (Temporal gives the workflow task to another worker once this process is gone).
   */
  async stop(drainMs: number): Promise<boolean> {
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      (this.running ?? Promise.resolve()).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), drainMs))),
    ]);
    clearTimeout(timer);
    if (drained) await this.connection.close();
    return drained;
  }

  state(): string {
    return this.worker.getState();
  }
}
