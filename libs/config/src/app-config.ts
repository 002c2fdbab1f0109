import { z } from 'zod';

/** The one place that reads process.env. Everything else receives an AppConfig. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('frist-cases'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
});

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  database: { url: string; poolSize: number };
  temporal: { address: string; namespace: string; taskQueue: string };
  api: { host: string; port: number };
  worker: { shutdownGraceMs: number; workflowBundlePath?: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE },
    api: { host: e.API_HOST, port: e.API_PORT },
    worker: {
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
      ...(e.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: e.WORKFLOW_BUNDLE_PATH } : {}),
    },
  };
}
