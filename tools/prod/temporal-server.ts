/**
 * The real Temporal server and temporal-sql-tool, built once from the Go module proxy and cached outside the clone
 * (`~/.cache/frist-tools/temporal-server-<version>`, or FRIST_TOOLS_DIR), plus the server's source tree from the Go
 * module cache: its schema folders, config template and dynamic config.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TEMPORAL_GO_TOOLCHAIN, TEMPORAL_SERVER_VERSION } from './topology-plan';

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** go.temporal.io/server@v<version> in the module cache: schema/, config/. */
  sourceDir: string;
}

export const toolsDir = (): string => process.env.FRIST_TOOLS_DIR ?? join(homedir(), '.cache', 'frist-tools');

const goEnv = { ...process.env, GOTOOLCHAIN: TEMPORAL_GO_TOOLCHAIN, GOFLAGS: '-buildvcs=false' };
const MODULE = 'go.temporal.io/server';

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { env: goEnv, stdio: 'ignore' }).status === 0;
}

/** Builds (about 11 minutes on 2 cores, once) or reuses the server and the sql tool of TEMPORAL_SERVER_VERSION. */
export function ensureTemporalServer(log: (m: string) => void = () => undefined): TemporalServerTools {
  const dir = join(toolsDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const server = join(dir, 'server');
  const sqlTool = join(dir, 'sql');
  if (!existsSync(server) || !existsSync(sqlTool)) {
    if (!goAvailable())
      throw new Error(
        `Go is needed once to build the Temporal server ${TEMPORAL_SERVER_VERSION} (any go >= 1.21 on PATH)`,
      );
    // Build into a scratch folder and move it into place, so an interrupted build is never mistaken for a cache hit.
    const scratch = `${dir}.partial-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool (about 11 minutes once)…`);
    const started = Date.now();
    execFileSync(
      'nice',
      [
        '-n',
        '10',
        'go',
        'install',
        `${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
        `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
      ],
      { env: { ...goEnv, GOBIN: scratch }, stdio: ['ignore', 'inherit', 'inherit'], cwd: toolsDir() },
    );
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
  }
  return { server, sqlTool, sourceDir: serverSourceDir() };
}

/** The server's module folder (downloaded into the module cache if a cache clean removed it). */
function serverSourceDir(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], {
    env: goEnv,
    cwd: toolsDir(),
    encoding: 'utf8',
  });
  const { Dir } = JSON.parse(out) as { Dir?: string };
  if (!Dir || !existsSync(join(Dir, 'config', 'development-postgres12.yaml')))
    throw new Error(`${MODULE}@v${TEMPORAL_SERVER_VERSION} is not in the Go module cache`);
  return Dir;
}
