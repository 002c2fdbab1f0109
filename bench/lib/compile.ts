/**
 * Compiles the workspace to plain JavaScript for the benchmark's child processes, so the API and the workers run as
 * production runs them (node on compiled files) rather than under the on-the-fly TypeScript compiler, which adds
 * about 75 MB of resident memory per thread and would distort the memory figures. Transpile-only with the
 * project's own .swcrc (typechecking is `npm run typecheck`'s job), then tsc-alias rewrites the `@frist/*` imports,
 * as `npm run build` does. Output goes to the run's work folder, never to dist/.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync, type Options } from '@swc/core';
import { replaceTscAliasPaths } from 'tsc-alias';
import { ROOT } from './stack';

const TREES = ['apps', 'libs', 'activities', 'workflows', 'bench'];
const SKIP = /(\.spec|\.integration-spec|\.e2e-spec)\.ts$|\.d\.ts$/;

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '__fixtures__' || name === 'fixtures') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

export async function compileWorkspace(outDir: string): Promise<string> {
  const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8')) as Options;
  const options: Options = { ...swcrc, swcrc: false, sourceMaps: false };
  for (const tree of TREES) {
    for (const file of walk(join(ROOT, tree))) {
      const target = join(outDir, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.ts')) {
        if (SKIP.test(file)) continue;
        writeFileSync(target.replace(/\.ts$/, '.js'), transformFileSync(file, options).code);
      } else cpSync(file, target); // assets (web UI), JSON
    }
  }
  // tsc-alias reads the paths from the build tsconfig and rewrites them relative to the output folder.
  const tsconfig = join(outDir, 'tsconfig.bench.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: { baseUrl: ROOT, rootDir: ROOT, outDir },
    }),
  );
  await replaceTscAliasPaths({ configFile: tsconfig, outDir, resolveFullPaths: false });
  return outDir;
}
