/**
 * The production build staged as the image has it: `dist/` from `npm run build` beside `node_modules` installed with
 * `npm ci --omit=dev`, in a folder outside the clone, so no dev dependency can be resolved from a parent folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toolsDir } from './temporal-server';

export const repoRoot = resolve(__dirname, '..', '..');

export interface ProductionStage {
  dir: string;
  /** Absolute path of a file of the build, e.g. `dist/apps/api/src/main.js`. */
  path(rel: string): string;
}

const lockHash = (root: string) =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package.json')))
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex')
    .slice(0, 16);

/**
 * Builds (unless `build: false`) and stages the build. The production `node_modules` is reused while package.json
 * and the lock file are unchanged (a marker holds their hash), as Docker reuses the image layer.
 */
export function stageProduction(
  opts: { dir?: string; build?: boolean; log?: (m: string) => void } = {},
): ProductionStage {
  const log = opts.log ?? (() => undefined);
  // One stage per clone: two clones testing at once must not replace each other's dist/.
  const clone = createHash('sha256').update(repoRoot).digest('hex').slice(0, 8);
  const dir = opts.dir ?? process.env.FRIST_PROD_STAGE ?? join(toolsDir(), `prod-stage-${clone}`);
  if (resolve(dir).startsWith(`${repoRoot}/`))
    throw new Error(`the stage ${dir} must lie outside the clone (its node_modules would resolve dev dependencies)`);
  if (opts.build !== false) {
    log('npm run build');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!['workflow-bundle.js', 'webhook-workflow-bundle.js'].every((f) => existsSync(join(repoRoot, 'dist', f))))
    throw new Error('no build: run npm run build first');
  mkdirSync(dir, { recursive: true });
  const hash = lockHash(repoRoot);
  const marker = join(dir, 'node_modules', '.frist-lock-hash');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== hash) {
    log('npm ci --omit=dev into the stage (production dependencies only)');
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(repoRoot, f), join(dir, f));
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    writeFileSync(marker, hash);
  }
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), { recursive: true });
  return { dir, path: (rel) => join(dir, rel) };
}

/** Where a package would be resolved from the stage, or undefined: proves dev dependencies are out of reach. */
export function resolveFromStage(stage: ProductionStage, pkg: string): string | undefined {
  try {
    return require.resolve(pkg, { paths: [stage.dir, dirname(stage.path('dist/apps/api/src/main.js'))] });
  } catch {
    return undefined;
  }
}
