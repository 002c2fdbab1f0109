import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { CaseAttentionActivities, CaseProjectionActivities, createEvaluateCase } from '@frist/activities';
import { fristDataConverter } from '@frist/codec';
import { loadConfig, SystemClock, type AppConfig, type Role } from '@frist/config';
import type { CaseActivities, ProjectCaseInput } from '@frist/contracts';
import { createDataSource, registerTeams, RuleChangeRegistry } from '@frist/persistence';
import { correlationActivityInterceptors } from '@frist/observability';
import { bearer, TEST_AUTH_ENV } from './access-token';
import { createLocalEnv, sharedWorkflowBundle } from './temporal-test-env';
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
  close(): Promise<void>;
}

/** The case workflow's activities as the production worker registers them (shipped rule sets only). */
export function caseActivities(ds: DataSource): CaseActivities {
  return {
    projectCase: (p: ProjectCaseInput) => new CaseProjectionActivities(ds, new SystemClock()).projectCase(p),
    evaluateCase: createEvaluateCase([], (team) => new RuleChangeRegistry(ds).publishedPolicyDecisions(team)),
    reportCaseAttention: (r) => new CaseAttentionActivities(ds).reportCaseAttention(r),
  };
}

/**
 * API + worker + Temporal dev server + Postgres, all real processes, for one e2e test file: a fresh database, a
 * fresh task queue, the shared workflow bundle. The caller supplies the app factory and, when it needs more than
 * the case workflow's, the worker's activities.
 */
export async function startApiE2e<A extends HttpApp>(opts: {
  createApp(config: AppConfig): Promise<A>;
  activities?(ds: DataSource, config: AppConfig): object;
  env?: Record<string, string>;
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
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await sharedWorkflowBundle(),
    dataConverter: fristDataConverter(config.temporal.encryption),
    activities: opts.activities ? opts.activities(ds, config) : caseActivities(ds),
    // As the production worker: no more projections (local activities) in flight than pooled connections, and the
    // request's correlation id carried into the activities.
    maxConcurrentLocalActivityExecutions: 4,
    interceptors: { activity: [correlationActivityInterceptors] },
  });
  const running = worker.run();
  const stopWorker = async (): Promise<void> => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  const app = await opts.createApp(config);
  await app.listen(0, '127.0.0.1');
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
    async close() {
      await app.close();
      await stopWorker();
      await ds.destroy();
      await db.drop();
      await env.teardown();
    },
  };
}
