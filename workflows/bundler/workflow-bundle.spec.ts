import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES, webhookDispatcherBundleOptions, workflowBundleOptions } from './bundle-options';

const quiet = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

/** `import … from '…'` and `export … from '…'` statements (frist's code is formatted with single quotes). */
const IMPORT = /^\s*(import type|import|export)\b[^;]*?\bfrom '([^']+)'/gm;

describe('workflow bundle', () => {
  it('bundles the workflows with the workspace aliases and no I/O imports', async () => {
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quiet });
    expect(code).toContain('caseWorkflow');
    expect(code.length).toBeGreaterThan(10_000);
  });

  it('bundles the webhook dispatcher alone for its own worker: no case workflow, engine or interceptors', async () => {
    const [full, dispatcher] = await Promise.all([
      bundleWorkflowCode({ ...workflowBundleOptions(), logger: quiet }),
      bundleWorkflowCode({ ...webhookDispatcherBundleOptions(), logger: quiet }),
    ]);
    expect(dispatcher.code).toContain('webhookDispatcherWorkflow');
    // Present in the full bundle, absent from the dispatcher's: the case workflow, the engine, tracing.
    for (const marker of [
      'caseWorkflow',
      'evaluateCase',
      'OpenTelemetryInboundInterceptor',
      'correlation.interceptors',
    ])
      expect({ marker, full: full.code.includes(marker), dispatcher: dispatcher.code.includes(marker) }).toEqual({
        marker,
        full: true,
        dispatcher: false,
      });
    expect(dispatcher.code.length).toBeLessThan(full.code.length / 2);
  });

  it('shares across workflows only modules whose whole import graph stays inside the pure libraries', () => {
    // A preloaded module is evaluated once per worker thread; anything it imports is shared too. `@temporalio/workflow`
    // (per-workflow module state) or any package reached from here would leak state between workflows.
    const entries = PRELOADED_MODULES.map((m) =>
      m === '@frist/obligations' ? resolve(__dirname, '..', '..', 'libs', 'obligations', 'src', 'index.ts') : m,
    );
    const seen = new Set<string>();
    const external: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, kind, spec] of source.matchAll(IMPORT)) {
        if (kind === 'import type') continue;
        if (!spec.startsWith('.')) {
          external.push(`${file}: ${spec}`);
          continue;
        }
        const base = resolve(dirname(file), spec);
        const next = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
        if (!next) throw new Error(`cannot resolve ${spec} from ${file}`);
        visit(next);
      }
    };
    entries.forEach(visit);
    expect(seen.size).toBeGreaterThan(10);
    expect(external).toEqual([]);
  });

  it('fails for a workflow that imports a Node builtin', async () => {
    await expect(
      bundleWorkflowCode({
        ...workflowBundleOptions(),
        workflowsPath: join(__dirname, 'fixtures', 'forbidden-import.workflow.ts'),
        logger: quiet,
      }),
    ).rejects.toThrow(/fs/);
  });
});
