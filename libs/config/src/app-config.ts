import type { BlockList } from 'node:net';
import { z } from 'zod';
import { parseNetworks } from './webhook-receivers';

/**
 * What one worker process runs (`WORKER_ROLES`): `cases`, the case workflows and their activities on
 * TEMPORAL_TASK_QUEUE; `webhooks`, the webhook dispatcher and its deliveries on WEBHOOK_TASK_QUEUE. Each role is its
 * own Temporal SDK worker (a workflow thread with its own V8 isolate, ~70 MiB at rest), so case replicas run `cases`
 * and one or two replicas run `webhooks` (docs/operations.md).
 */
export const WORKER_ROLES = ['cases', 'webhooks'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

const isWorkerRole = (r: string): r is WorkerRole => (WORKER_ROLES as readonly string[]).includes(r);

/** Compose files pass unset variables as empty strings. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The one place that reads process.env. Everything else receives an AppConfig. */
const envSchema = z.object({
  /**
   * Unset means production rules (fail closed): the dev secret, the dev-token route and the relaxed webhook and
   * payload defaults exist only where NODE_ENV=development is set explicitly.
   */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('frist-cases'),
  /** The Temporal Web UI's base URL (e.g. http://127.0.0.1:8233): the ops view links each failing workflow there. */
  TEMPORAL_UI_URL: unsetIfEmpty(z.url()),
  /** `id:base64key[,id2:base64key]`: AES-256 keys for workflow payloads; required in production. */
  PAYLOAD_KEYS: z.string().optional(),
  PAYLOAD_ACTIVE_KEY: z.string().optional(),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Rate limits per minute (sliding window, per API process): API requests per user (0 = off; the benchmark turns
   * it off), failed authentications per client IP, dev tokens minted per client IP.
   */
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  RATE_LIMIT_AUTH_FAILURES_PER_MIN: z.coerce.number().int().min(1).max(100_000).default(60),
  RATE_LIMIT_DEV_TOKEN_PER_MIN: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Open change streams (SSE) one user may hold at once, per API process. */
  API_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(5),
  /**
   * Accept client-chosen case ids on creation (benchmarks, migrations from a single-team system). Off by default:
   * ids are global, so a taken one would reveal another team's case.
   */
  API_CLIENT_CASE_IDS: z.enum(['true', 'false']).default('false'),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /**
   * The webhook dispatcher's own bundle (`npm run build` writes dist/webhook-workflow-bundle.js). Unset with
   * WORKFLOW_BUNDLE_PATH set: the webhook worker loads the full bundle, as before (tens of MiB more per process).
   */
  WEBHOOK_WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /**
   * Case workflows the worker keeps in memory between wake-ups (Temporal's sticky cache, LRU). The SDK's default
   * grows with the heap limit (about 2,300 on a 4 GB heap, ~1 MB each); a case not in the cache is replayed from its
   * history on its next wake-up instead. See docs/performance.md for the measured trade.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
  /**
   * Largest semi-space (MiB) of the V8 young generation in the workflow thread (two semi-spaces; V8's default is 16
   * on 64 bit, 32 MiB of young generation). The thread's garbage is short-lived activation state: 2 MiB cut the peak
   * RSS of a replay-heavy wave by ~35 MiB at no CPU cost (docs/performance.md, "Worker memory"). 0 = V8's default.
   */
  WORKER_WORKFLOW_SEMI_SPACE_MIB: z.coerce.number().int().min(0).max(64).default(2),
  /** Comma-separated rule-set files (JSON) this installation adopts on top of the published rule sets. */
  ADOPTED_RULE_SETS: z.string().optional(),
  /**
   * Comma-separated trial programme files (JSON) this installation adopts on top of the published programmes; the
   * API, the workers and the CLI must list the same files. Unset in production unless a municipality runs a trial.
   */
  ADOPTED_PROGRAMMES: z.string().optional(),
  // The worker's Prometheus endpoint (/metrics; 0 = any free port) and the Temporal SDK core's own exporter, which
  // binds to loopback only and is merged into that endpoint, so one scrape target per worker carries both.
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  TEMPORAL_SDK_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9465),
  // Bearer JWTs: HS256 with a shared secret (dev, tests) or a municipality's identity provider through JWKS.
  AUTH_JWT_SECRET: unsetIfEmpty(z.string().min(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })),
  AUTH_JWKS_URL: unsetIfEmpty(z.url({ message: 'AUTH_JWKS_URL must be an https:// or http:// URL' })),
  AUTH_JWT_ALGORITHMS: unsetIfEmpty(z.string()),
  AUTH_ISSUER: unsetIfEmpty(z.string()),
  AUTH_AUDIENCE: unsetIfEmpty(z.string()),
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  /** Longest accepted token lifetime (exp − iat, or exp − now without iat); an idle session then logs in again. */
  AUTH_MAX_TOKEN_LIFETIME_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(12 * 3600),
  // Outgoing webhooks: their own task queue, so slow receivers never hold the case workers' activity slots.
  WEBHOOK_TASK_QUEUE: z.string().min(1).default('frist-webhooks'),
  /** Whether this installation sends webhooks at all; `false` forbids the `webhooks` worker role. */
  WEBHOOKS_ENABLED: z.enum(['true', 'false']).default('true'),
  /**
   * Comma-separated roles of this worker process (see WORKER_ROLES above). Unset: `cases,webhooks` (one process runs
   * everything, as `npm run dev` does), or `cases` with WEBHOOKS_ENABLED=false.
   */
  WORKER_ROLES: unsetIfEmpty(
    z.string().transform((value, ctx) => {
      const roles = value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const unknown = roles.filter((r) => !isWorkerRole(r));
      const problem = unknown.length
        ? `unknown role ${unknown.map((r) => `'${r}'`).join(', ')}`
        : roles.length === 0
          ? 'names no role'
          : new Set(roles).size < roles.length
            ? 'names a role twice'
            : undefined;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${problem}; expected one or both of ${WORKER_ROLES.join(', ')}` });
        return z.NEVER;
      }
      return roles.filter(isWorkerRole);
    }),
  ),
  /**
   * Per-case budget the API checks before a change reaches Temporal: events, and characters of event data. The case
   * workflow enforces its own ceiling (2,000 events, 512 KiB) in its validators; these may only lower it.
   */
  CASE_MAX_EVENTS: z.coerce.number().int().min(1).max(2_000).default(2_000),
  CASE_MAX_EVENT_BYTES: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(512 * 1024)
    .default(512 * 1024),
  /** Plain http:// receiver URLs; allowed by default outside production only. */
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).optional(),
  /** Comma-separated receiver hosts (`hooks.example.dk`, `*.kommune.dk`); unset = any host (not in production). */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(
      /^(\s*(\*\.)?[a-z0-9.-]+(:\d+)?\s*(,\s*(\*\.)?[a-z0-9.-]+(:\d+)?\s*)*)?$/i,
      'comma-separated host names, each optionally starting with *. (e.g. hooks.example.dk,*.kommune.dk)',
    )
    .optional(),
  /**
   * Internal networks (loopback, private, link-local …) receivers may nevertheless be on, as CIDRs
   * (`10.20.0.0/16,::1/128`); unset = none, in every environment.
   */
  WEBHOOK_ALLOWED_NETWORKS: unsetIfEmpty(z.string().max(2000)),
  /** pino level of the API's and the worker's JSON logs; unset = info (warn under NODE_ENV=test). */
  LOG_LEVEL: unsetIfEmpty(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  /**
   * `json` (one object per line) or `pretty` (pino-pretty, a dev dependency); unset = pretty under
   * NODE_ENV=development, json elsewhere. Measurements set json to pay what production pays.
   */
  LOG_FORMAT: unsetIfEmpty(z.enum(['json', 'pretty'])),
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); unset = no traces are exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetIfEmpty(z.url({ message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })),
});

/** Signs and verifies tokens only where NODE_ENV=development is set; `npm run frist -- token` uses it there. */
export const DEV_JWT_SECRET = 'frist-dev-secret-not-for-production-use-0123456789';
const DEV_ISSUER = 'frist-dev';
const DEV_AUDIENCE = 'frist-api';

export interface AuthConfig {
  /** HS256 shared secret; set unless a JWKS URL is configured. */
  jwtSecret?: string;
  /** The identity provider's key set (RS256/ES256 tokens); takes precedence over the secret. */
  jwksUrl?: string;
  algorithms: string[];
  issuer: string;
  audience: string;
  clockToleranceSec: number;
  /** Tokens living longer than this (exp − iat, or exp − now without iat) are refused. */
  maxTokenLifetimeSec: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  database: { url: string; poolSize: number };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    encryption?: { keys: string; activeKeyId: string };
    uiUrl?: string;
  };
  api: {
    host: string;
    port: number;
    shutdownGraceMs: number;
    clientCaseIds: boolean;
    maxStreamsPerUser: number;
    /** Per minute; userPerMin 0 = no per-user limit. */
    rateLimits: { userPerMin: number; authFailuresPerMin: number; devTokenPerMin: number };
  };
  rules: { adoptedFiles: string[]; adoptedProgrammeFiles: string[] };
  worker: {
    shutdownGraceMs: number;
    workflowBundlePath?: string;
    /** Prebuilt bundle of the webhook dispatcher alone; the webhook worker falls back to workflowBundlePath. */
    webhookWorkflowBundlePath?: string;
    /** What this process runs, each role its own Temporal SDK worker (cases before webhooks). */
    roles: readonly WorkerRole[];
    /** The workflow thread's largest V8 semi-space in MiB; 0 = V8's default. */
    workflowSemiSpaceMiB: number;
    /** Sticky cache size (0 disables the cache: every workflow task replays the history). */
    maxCachedWorkflows: number;
    metrics: { host: string; port: number; sdkPort: number };
  };
  auth: AuthConfig;
  observability: {
    logLevel: LogLevel;
    logFormat: 'json' | 'pretty';
    /** OTLP/HTTP collector base URL; traces are exported only when set. */
    otlpEndpoint?: string;
  };
  caseBudget: { maxEvents: number; maxEventBytes: number };
  webhooks: {
    /** WEBHOOKS_ENABLED: whether this installation sends webhooks (some worker process must then run `webhooks`). */
    enabled: boolean;
    taskQueue: string;
    allowHttp: boolean;
    /** Receiver host patterns; undefined = any host. */
    allowedHosts?: string[];
    /** Internal networks receivers may resolve to anyway; undefined = none. */
    allowedNetworks?: BlockList;
  };
}

export class ConfigError extends Error {}

/** Validates env against a schema, naming every invalid variable at once. */
function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Payload encryption is optional in development and test, mandatory in production (personal data at rest). */
function payloadEncryption(e: {
  NODE_ENV: string;
  PAYLOAD_KEYS?: string | undefined;
  PAYLOAD_ACTIVE_KEY?: string | undefined;
}) {
  if (!e.PAYLOAD_KEYS) {
    if (e.NODE_ENV === 'production')
      throw new ConfigError('Invalid configuration:\n  PAYLOAD_KEYS: required in production');
    return undefined;
  }
  const activeKeyId = e.PAYLOAD_ACTIVE_KEY ?? e.PAYLOAD_KEYS.split(',').at(-1)?.split(':')[0];
  if (!activeKeyId)
    throw new ConfigError('Invalid configuration:\n  PAYLOAD_ACTIVE_KEY: cannot be derived from PAYLOAD_KEYS');
  return { keys: e.PAYLOAD_KEYS, activeKeyId };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const e = parseEnv(envSchema, env);
  const auth = authConfig(e);
  const encryption = payloadEncryption(e);
  return {
    env: e.NODE_ENV,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      ...(encryption ? { encryption } : {}),
      ...(e.TEMPORAL_UI_URL ? { uiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, '') } : {}),
    },
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      shutdownGraceMs: e.API_SHUTDOWN_GRACE_MS,
      clientCaseIds: e.API_CLIENT_CASE_IDS === 'true',
      maxStreamsPerUser: e.API_MAX_STREAMS_PER_USER,
      rateLimits: {
        userPerMin: e.RATE_LIMIT_USER_PER_MIN,
        authFailuresPerMin: e.RATE_LIMIT_AUTH_FAILURES_PER_MIN,
        devTokenPerMin: e.RATE_LIMIT_DEV_TOKEN_PER_MIN,
      },
    },
    rules: { adoptedFiles: fileList(e.ADOPTED_RULE_SETS), adoptedProgrammeFiles: fileList(e.ADOPTED_PROGRAMMES) },
    worker: {
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
      ...(e.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: e.WORKFLOW_BUNDLE_PATH } : {}),
      ...(e.WEBHOOK_WORKFLOW_BUNDLE_PATH ? { webhookWorkflowBundlePath: e.WEBHOOK_WORKFLOW_BUNDLE_PATH } : {}),
      roles: workerRoles(e),
      workflowSemiSpaceMiB: e.WORKER_WORKFLOW_SEMI_SPACE_MIB,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      metrics: { host: e.WORKER_METRICS_HOST, port: e.WORKER_METRICS_PORT, sdkPort: e.TEMPORAL_SDK_METRICS_PORT },
    },
    auth,
    observability: {
      logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
      logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
      ...(e.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '') } : {}),
    },
    caseBudget: { maxEvents: e.CASE_MAX_EVENTS, maxEventBytes: e.CASE_MAX_EVENT_BYTES },
    webhooks: {
      enabled: e.WEBHOOKS_ENABLED === 'true',
      taskQueue: e.WEBHOOK_TASK_QUEUE,
      allowHttp: (e.WEBHOOK_ALLOW_HTTP ?? (e.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
      ...webhookAllowedHosts(e),
      ...webhookAllowedNetworks(e.WEBHOOK_ALLOWED_NETWORKS),
    },
  };
}

function fileList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

/** WORKER_ROLES, or what WEBHOOKS_ENABLED implied before it existed; a webhooks role in an installation without. */
function workerRoles(e: { WEBHOOKS_ENABLED: string; WORKER_ROLES?: WorkerRole[] | undefined }): WorkerRole[] {
  const webhooks = e.WEBHOOKS_ENABLED === 'true';
  if (!e.WORKER_ROLES) return webhooks ? ['cases', 'webhooks'] : ['cases'];
  if (!webhooks && e.WORKER_ROLES.includes('webhooks'))
    throw new ConfigError(
      'Invalid configuration:\n  WORKER_ROLES: names webhooks while WEBHOOKS_ENABLED=false; drop the role or enable webhooks',
    );
  return WORKER_ROLES.filter((r) => e.WORKER_ROLES?.includes(r));
}

/** Production names its receivers: an open webhook target list lets any manager send task data anywhere. */
function webhookAllowedHosts(e: {
  NODE_ENV: string;
  WEBHOOKS_ENABLED: string;
  WEBHOOK_ALLOWED_HOSTS?: string | undefined;
}) {
  const hosts = (e.WEBHOOK_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (hosts.length > 0) return { allowedHosts: hosts };
  if (e.NODE_ENV === 'production' && e.WEBHOOKS_ENABLED === 'true')
    throw new ConfigError(
      'Invalid configuration:\n  WEBHOOK_ALLOWED_HOSTS: required in production while webhooks are enabled (e.g. *.kommune.dk)',
    );
  return {};
}

function webhookAllowedNetworks(value: string | undefined): { allowedNetworks?: BlockList } {
  const parsed = parseNetworks(value);
  if (typeof parsed === 'string')
    throw new ConfigError(`Invalid configuration:\n  WEBHOOK_ALLOWED_NETWORKS: ${parsed}`);
  return parsed.networks.length ? { allowedNetworks: parsed.list } : {};
}

/** Whether a receiver URL's host (and port, if the pattern names one) matches the allow-list. */
export function isWebhookHostAllowed(url: URL, allowedHosts: readonly string[] | undefined): boolean {
  if (!allowedHosts) return true;
  const host = url.hostname.toLowerCase();
  return allowedHosts.some((pattern) => {
    const [name = '', port] = pattern.split(':');
    if (port !== undefined && port !== (url.port || (url.protocol === 'https:' ? '443' : '80'))) return false;
    return name.startsWith('*.') ? host.endsWith(name.slice(1)) && host.length > name.length - 1 : host === name;
  });
}

const databaseEnvSchema = envSchema.pick({ DATABASE_URL: true, DATABASE_POOL_SIZE: true });

/**
 * Only the database settings, for the migration job (`npm run db`): it touches no token, payload or webhook, so it
 * needs none of their production settings.
 */
export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): AppConfig['database'] {
  const e = parseEnv(databaseEnvSchema, env);
  return { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE };
}

const rulesEnvSchema = envSchema.pick({ ADOPTED_RULE_SETS: true, ADOPTED_PROGRAMMES: true });

/** Only the adopted rule-set and programme files, for tools that evaluate without a database (`frist preview`). */
export function loadRulesConfig(env: Record<string, string | undefined> = process.env): AppConfig['rules'] {
  const e = parseEnv(rulesEnvSchema, env);
  return { adoptedFiles: fileList(e.ADOPTED_RULE_SETS), adoptedProgrammeFiles: fileList(e.ADOPTED_PROGRAMMES) };
}

const authEnvSchema = envSchema.pick({
  NODE_ENV: true,
  AUTH_JWT_SECRET: true,
  AUTH_JWKS_URL: true,
  AUTH_JWT_ALGORITHMS: true,
  AUTH_ISSUER: true,
  AUTH_AUDIENCE: true,
  AUTH_CLOCK_TOLERANCE_S: true,
  AUTH_MAX_TOKEN_LIFETIME_S: true,
});

/** Only the auth settings, for tools that sign dev tokens without a database (`frist token`). */
export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  return authConfig(parseEnv(authEnvSchema, env));
}

/**
 * Production must name its key material, issuer and audience. The committed dev secret is used only where
 * NODE_ENV=development is set explicitly; tests bring their own secret, and no environment but development may
 * configure the dev secret as its key.
 */
function authConfig(e: z.infer<typeof authEnvSchema>): AuthConfig {
  const prod = e.NODE_ENV === 'production';
  const dev = e.NODE_ENV === 'development';
  const problems: string[] = [];
  if (!dev && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL)
    problems.push(
      `AUTH_JWT_SECRET or AUTH_JWKS_URL is required unless NODE_ENV=development (NODE_ENV is ${e.NODE_ENV})`,
    );
  if (!dev && e.AUTH_JWT_SECRET === DEV_JWT_SECRET)
    problems.push('AUTH_JWT_SECRET must not be the committed development secret unless NODE_ENV=development');
  if (prod && !e.AUTH_ISSUER) problems.push('AUTH_ISSUER is required in production');
  if (prod && !e.AUTH_AUDIENCE) problems.push('AUTH_AUDIENCE is required in production');
  const algorithms = (e.AUTH_JWT_ALGORITHMS ?? (e.AUTH_JWKS_URL ? 'RS256' : 'HS256'))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const symmetric = algorithms.filter((a) => a.startsWith('HS'));
  // Never let a JWKS deployment accept HMAC tokens (algorithm confusion), nor the secret verify asymmetric ones.
  if (e.AUTH_JWKS_URL && symmetric.length) problems.push('AUTH_JWT_ALGORITHMS must be asymmetric with AUTH_JWKS_URL');
  if (!e.AUTH_JWKS_URL && symmetric.length !== algorithms.length)
    problems.push('AUTH_JWT_ALGORITHMS must be HS256/HS384/HS512 with AUTH_JWT_SECRET');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const secret = e.AUTH_JWT_SECRET ?? (dev ? DEV_JWT_SECRET : undefined);
  return {
    ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : secret ? { jwtSecret: secret } : {}),
    algorithms,
    issuer: e.AUTH_ISSUER ?? DEV_ISSUER,
    audience: e.AUTH_AUDIENCE ?? DEV_AUDIENCE,
    clockToleranceSec: e.AUTH_CLOCK_TOLERANCE_S,
    maxTokenLifetimeSec: e.AUTH_MAX_TOKEN_LIFETIME_S,
  };
}

const apiClientEnvSchema = z.object({
  /** Where `frist changes` reaches the API; default the local API (API_HOST:API_PORT). */
  FRIST_API_URL: unsetIfEmpty(z.url()),
  /** The caller's bearer token: the API, not the CLI, knows who drafts and who approves. */
  FRIST_TOKEN: unsetIfEmpty(z.string().min(1)),
  API_HOST: envSchema.shape.API_HOST,
  API_PORT: envSchema.shape.API_PORT,
});

/** Only what an API client needs (`frist changes`): the API's base URL and the caller's token, if set. */
export function loadApiClientConfig(env: Record<string, string | undefined> = process.env): {
  url: string;
  token: string | undefined;
} {
  const e = parseEnv(apiClientEnvSchema, env);
  return { url: (e.FRIST_API_URL ?? `http://${e.API_HOST}:${e.API_PORT}`).replace(/\/+$/, ''), token: e.FRIST_TOKEN };
}
