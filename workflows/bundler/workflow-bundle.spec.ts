import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PRELOADED_MODULES, workflowBundleOptions } from './bundle-options';

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
