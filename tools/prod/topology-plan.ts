/**
 * What the production topology runs, as data: the loopback topology (tools/prod/prod-topology.ts) runs exactly this,
 * and a test compares it with docker-compose.yml and the Dockerfile so the three cannot drift apart.
 */
import { CASE_SEARCH_ATTRIBUTE_SPECS } from '@frist/contracts';

/** The Temporal server (and temporal-sql-tool, admin-tools) release; compose pins the same image tags. */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The Go toolchain that builds that release from the module proxy (its go.mod asks for a newer Go than Debian's). */
export const TEMPORAL_GO_TOOLCHAIN = 'go1.27.3';
/** Fixed when the cluster is created; cannot change later without a new cluster. */
export const TEMPORAL_HISTORY_SHARDS = 512;
/** The node image (current LTS, also scripts/test-node24.sh); development machines may still run Node 20.19+. */
export const NODE_VERSION = '24.22.3';

export const NAMESPACE = 'default';
export const NAMESPACE_RETENTION = '30d';

/** The two Temporal databases and their versioned schema folders (relative to the server's source tree). */
export const TEMPORAL_DATABASES = [
  { db: 'temporal', schemaDir: 'schema/postgresql/v12/temporal/versioned' },
  { db: 'temporal_visibility', schemaDir: 'schema/postgresql/v12/visibility/versioned' },
] as const;

/**
 * temporal-sql-tool's steps per database, in order; `create` and `setup-schema` may fail on a database that already
 * has them (a rerun), `update-schema` must succeed. Arguments after the connection flags.
 */
export function schemaSteps(schemaRoot: string): { args: string[]; mayFail: boolean }[] {
  return TEMPORAL_DATABASES.flatMap(({ db, schemaDir }) => [
    { args: ['--db', db, 'create'], mayFail: true },
    { args: ['--db', db, 'setup-schema', '-v', '0.0'], mayFail: true },
    { args: ['--db', db, 'update-schema', '-d', `${schemaRoot}/${schemaDir}`], mayFail: false },
  ]);
}

/** `Name=Type`: the search attributes the case workflow upserts, registered after the namespace. */
export const SEARCH_ATTRIBUTES = CASE_SEARCH_ATTRIBUTE_SPECS;

/** frist's processes: the command (after `node`) and how many replicas, relative to the image's /app. */
export const FRIST_ROLES = {
  migrate: { command: ['dist/apps/cli/src/main.js', 'db', 'migrate'], replicas: 1 },
  worker: { command: ['dist/apps/worker/src/main.js'], replicas: 2 },
  'webhook-worker': { command: ['dist/apps/worker/src/main.js'], replicas: 1 },
  api: { command: ['dist/apps/api/src/main.js'], replicas: 2 },
} as const;

/**
 * What each worker process runs (WORKER_ROLES): the case replicas only the case workflows, one process the webhook
 * dispatcher and its deliveries (its SDK worker would cost every case replica ~70 MiB; docs/operations.md).
 */
export const WORKER_ROLES_BY_PROCESS = { worker: 'cases', 'webhook-worker': 'webhooks' } as const;

/** The environment every frist process gets (names; values differ per deployment; compose's x-frist-env). */
export const FRIST_ENV = [
  'NODE_ENV',
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TASK_QUEUE',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'PAYLOAD_KEYS',
  'WEBHOOK_ALLOWED_HOSTS',
] as const;
export type FristEnv = Record<(typeof FRIST_ENV)[number], string>;
/** Set by the image itself. */
export const IMAGE_ENV = {
  NODE_ENV: 'production',
  WORKFLOW_BUNDLE_PATH: '/app/dist/workflow-bundle.js',
  WEBHOOK_WORKFLOW_BUNDLE_PATH: '/app/dist/webhook-workflow-bundle.js',
} as const;
/** Per role, on top of FRIST_ENV. */
export const ROLE_ENV = {
  worker: ['WORKER_ROLES', 'WORKER_METRICS_HOST', 'WORKER_METRICS_PORT'],
  'webhook-worker': ['WORKER_ROLES', 'WORKER_METRICS_HOST', 'WORKER_METRICS_PORT'],
  api: ['API_HOST', 'API_PORT'],
} as const;
