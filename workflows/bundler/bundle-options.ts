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

export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  return {
    workflowsPath,
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string>), ...workspaceAliases() },
      },
    }),
  };
}
