import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import {
  CaseAttentionActivities,
  CaseProjectionActivities,
  createEvaluateCase,
  TrialCatalogue,
  withEvaluateAndProject,
} from '@frist/activities';
import { fristDataConverter } from '@frist/codec';
import { loadConfig, SystemClock, type AppConfig, type Role } from '@frist/config';
import type { CaseActivities, ProjectCaseInput } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import { correlationActivityInterceptors } from '@frist/observability';
import { bearer, TEST_AUTH_ENV } from './access-token';
import { startApp } from './app-process';
import { OpenApiContract } from './openapi-contract';
import { freePort } from './postgres-server';
import { createLocalEnv, bundledWorkflows } from './temporal-test-env';
import { createTestDatabase } from './test-database';

/** The slice of a Nest application the harness drives (libs/testing does not import the API). */
export interface HttpApp {
  init(): Promise<unknown>;
  listen(port: number, host: string): Promise<unknown>;
  getUrl(): Promise<string>;
  close(): Promise<void>;
  getHttpServer(): unknown;
}

export interface ApiE2e<A extends HttpApp> {
  env: TestWorkflowEnvironment;
  ds: DataSource;
  app: A;
  config: AppConfig;
  taskQueue: string;
  /** Base URL of the listening app (127.0.0.1, a free port), for clients other than supertest (SSE). */
  url: string;
  /** An Authorization header value for a role and teams; the teams are registered (as operators would). */
  token(role: Role, teams: string[], sub?: string): Promise<string>;
  /** Stops the worker (e.g. to leave a backlog); close() still tears everything else down. */
  stopWorker(): Promise<void>;
  /** Every 2xx response the app sent, checked against openapi.json; close() fails the file on a mismatch. */
  contract: OpenApiContract;
  close(): Promise<void>;
}

/**
 * The case workflow's activities as the production worker registers them: shipped rule sets, and the published
 * trial programmes plus those the config adopts (ADOPTED_PROGRAMMES), loaded from their files as the worker does.
 */
export function caseActivities(ds: DataSource, config?: AppConfig): CaseActivities {
  const catalogue = TrialCatalogue.fromFiles(config?.rules.adoptedProgrammeFiles ?? []);
  const programmes = catalogue.adopted.length ? catalogue.programmes : undefined;
  return withEvaluateAndProject({
    projectCase: (p: ProjectCaseInput) => new CaseProjectionActivities(ds, new SystemClock(), catalogue).projectCase(p),
    evaluateCase: createEvaluateCase([], programmes),
    reportCaseAttention: (r) => new CaseAttentionActivities(ds).reportCaseAttention(r),
  });
}

/**
 * The stack for one e2e test file: Postgres and the Temporal dev server run as real processes (a fresh database, a
 * fresh task queue); the API (the real Nest app, listening on a loopback port) and a Temporal worker on the shared
 * workflow bundle run inside this Jest process. The worker is assembled here with the production case activities
 * (or the caller's), not apps/worker's module: `worker-entry.e2e-spec.ts` drives that entry point as a process.
 * Every 2xx response is checked against openapi.json (see OpenApiContract).
 */
export async function startApiE2e<A extends HttpApp>(opts: {
  createApp(config: AppConfig): Promise<A>;
  activities?(ds: DataSource, config: AppConfig): object;
  env?: Record<string, string>;
  /** 'process': apps/worker's own entry point as a child process instead of the worker assembled here. */
  worker?: 'in-process' | 'process';
}): Promise<ApiE2e<A>> {
  const [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  const taskQueue = `e2e-${randomUUID()}`;
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    NODE_ENV: 'test',
    ...TEST_AUTH_ENV,
    ...opts.env,
  });
  const ds = createDataSource(db.url, 4);
  await ds.initialize();
  const stopWorker =
    opts.worker === 'process'
      ? await startWorkerProcess({
          DATABASE_URL: db.url,
          TEMPORAL_ADDRESS: env.address,
          TEMPORAL_TASK_QUEUE: taskQueue,
          WEBHOOK_TASK_QUEUE: `${taskQueue}-webhooks`,
          WORKER_METRICS_PORT: '0',
          TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
          ...opts.env,
        })
      : await startWorkerInProcess(
          env,
          taskQueue,
          config,
          opts.activities ? opts.activities(ds, config) : caseActivities(ds, config),
        );
  const app = await opts.createApp(config);
  await app.listen(0, '127.0.0.1');
  const contract = OpenApiContract.fromRepository();
  contract.observe(app.getHttpServer() as Server);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    env,
    ds,
    app,
    config,
    taskQueue,
    url,
    token: async (role, teams, sub) => {
      await registerTeams(
        ds,
        teams.map((id) => ({ id, name: `Team ${id}` })),
      );
      return bearer(config.auth, role, teams, sub);
    },
    stopWorker,
    contract,
    async close() {
      await app.close();
      await stopWorker();
      await ds.destroy();
      await db.drop();
      await env.teardown();
      contract.assertClean();
    },
  };
}

/** A Temporal worker in this process with the given activities, as the production worker registers them. */
async function startWorkerInProcess(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  config: AppConfig,
  activities: object,
): Promise<() => Promise<void>> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...(await bundledWorkflows()),
    dataConverter: fristDataConverter(config.temporal.encryption),
    activities,
    // As the production worker: no more projections (local activities) in flight than pooled connections, and the
    // request's correlation id carried into the activities.
    maxConcurrentLocalActivityExecutions: 4,
    interceptors: { activity: [correlationActivityInterceptors] },
  });
  const running = worker.run();
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
}

/** apps/worker's main as a child process (from source), ready once it polls; stopping it is a SIGTERM drain. */
async function startWorkerProcess(env: Record<string, string>): Promise<() => Promise<void>> {
  const p = await startApp('worker', env);
  return async () => {
    const code = await p.stop();
    if (code !== 0) throw new Error(`the worker process exited with ${code}:\n${p.output().slice(-3000)}`);
  };
}
