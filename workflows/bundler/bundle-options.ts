import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

const root = resolve(__dirname, '..', '..');

/** The workspace's `@frist/*` path aliases as webpack aliases, so the workflow bundle resolves them like tsc does. */
function workspaceAliases(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths)
      .filter(([alias]) => !alias.endsWith('/bundler'))
      .map(([alias, [target]]) => [`${alias}$`, join(root, target ?? '')]),
  );
}

export const workflowsPath = join(root, 'workflows', 'src', 'index.ts');

/**
 * Packages replaced in the workflow bundle by a smaller module of the same exports: OpenTelemetry's semantic
 * conventions are mostly constant tables the bundled tracing code never reads (see the shim).
 */
export const BUNDLE_SHIMS: Record<string, string> = {
  '@opentelemetry/semantic-conventions$': join(root, 'workflows', 'bundler', 'semantic-conventions.shim.ts'),
};

/**
 * Modules evaluated once per workflow thread and shared by every workflow in it, instead of once per workflow (the
 * reusable V8 context keeps a module cache per workflow, so a new or replayed case would otherwise re-run the whole
 * engine's module initialisation: rule sets, catalogs, text tables). Only pure code with no per-workflow state may be
 * listed: the engine (no imports, deterministic memo tables only) and the Copenhagen date helpers (two Intl
 * formatters). Never `@temporalio/workflow` or anything importing it (its module state is per workflow).
 */
export const PRELOADED_MODULES = ['@frist/obligations', join(root, 'libs', 'contracts', 'src', 'copenhagen-time.ts')];

/**
 * Interceptors bundled with every workflow: the correlation id of the requests a workflow serves (see the module),
 * and OpenTelemetry's workflow spans for workflows called with a trace context (see the module).
 */
export const workflowInterceptorModules = [
  join(root, 'workflows', 'src', 'correlation.interceptors.ts'),
  join(root, 'workflows', 'src', 'tracing.interceptors.ts'),
];

const webpackConfigHook: BundleOptions['webpackConfigHook'] = (config) => ({
  ...config,
  resolve: {
    ...config.resolve,
    alias: { ...(config.resolve?.alias as Record<string, string>), ...workspaceAliases(), ...BUNDLE_SHIMS },
  },
});

export type WorkflowBundleSource = Pick<
  BundleOptions,
  'workflowsPath' | 'webpackConfigHook' | 'preloadModules' | 'workflowInterceptorModules'
>;

/** The case worker's bundle: every workflow type, the shared engine, the correlation and tracing interceptors. */
export function workflowBundleOptions(): WorkflowBundleSource {
  return { workflowsPath, workflowInterceptorModules, preloadModules: PRELOADED_MODULES, webpackConfigHook };
}

export const webhookDispatcherPath = join(root, 'workflows', 'src', 'webhook-dispatcher.workflow.ts');

/**
 * The webhook worker's bundle: the dispatcher alone (its own SDK worker loads it into a V8 isolate of its own). No
 * engine, no case workflow, and no interceptors: the dispatcher is started by the worker's own client, so it never
 * carries a correlation id or a trace context (both interceptors only act on those headers). The full bundle in that
 * isolate cost the worker process tens of MiB (docs/performance.md, "Worker memory").
 */
export function webhookDispatcherBundleOptions(): WorkflowBundleSource {
  return { workflowsPath: webhookDispatcherPath, workflowInterceptorModules: [], webpackConfigHook };
}
