/**
 * `bash scripts/prod-topology.sh [prepare|up]` (development tool, not shipped):
 *   prepare  build and stage the production build, build or reuse the Temporal server (first time about 11 min)
 *   up       prepare, then run the production topology on 127.0.0.1 until Ctrl-C, then tear it down
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { temporalToolPaths } from '@frist/testing';
import { ProdTopology } from './prod-topology';
import { stageProduction } from './production-stage';
import { ensureTemporalServer } from './temporal-server';

const log = (m: string) => console.log(`[prod-topology] ${m}`);

async function main(command: string | undefined): Promise<number> {
  if (command !== 'prepare' && command !== 'up') {
    console.error('usage: bash scripts/prod-topology.sh <prepare|up>');
    return 2;
  }
  const temporal = ensureTemporalServer(log);
  const stage = stageProduction({ log });
  log(`staged production build: ${stage.dir}; Temporal server: ${temporal.server}`);
  if (command === 'prepare') return 0;
  const workDir = mkdtempSync(join(tmpdir(), 'frist-prod-'));
  const topology = await ProdTopology.start({
    stage,
    temporal,
    temporalCli: temporalToolPaths().cli,
    workDir,
    log,
  });
  const token = await topology.token('manager', ['fleks-nord']);
  console.log(`
  API replicas      ${topology.apis.map((_, i) => topology.apiUrl(i)).join('  ')}
  Temporal          ${topology.temporalAddress} (namespace default)
  frist database    ${topology.databaseUrl}
  worker metrics    ${[...topology.workers, ...topology.webhookWorkers].map((w) => `http://127.0.0.1:${w.env.WORKER_METRICS_PORT}/metrics`).join('  ')}
  logs              ${join(workDir, 'logs')}
  manager token     export AUTH="Authorization: Bearer ${token}"

Ctrl-C stops everything.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping');
  await topology.stop();
  return 0;
}

main(parseArgs({ allowPositionals: true, options: {} }).positionals.join(' ') || undefined).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
