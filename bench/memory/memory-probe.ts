/**
 * Runs a worker entry (MEMORY_PROBE_ENTRY, a compiled file) unchanged and answers `{ type: 'at-rest' }` over IPC with
 * its memory after a full garbage collection of the main thread, and the modules it has loaded (bytes of source per
 * package), so worker-memory.ts can compare configurations of the same process at rest.
 */
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** `node_modules/<pkg>` (scoped too), or the workspace tree of a compiled file. */
function owner(file: string): string {
  const i = file.lastIndexOf('node_modules/');
  if (i < 0) return file.match(/\/(apps|libs|activities|workflows|bench)\/[^/]+/)?.[0].slice(1) ?? 'other';
  const parts = file.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

process.on('message', (m: { type?: string }) => {
  if (m?.type !== 'at-rest') return;
  for (let i = 0; i < 3; i++) gc();
  const modules: Record<string, number> = {};
  for (const file of Object.keys(require.cache)) {
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      /* built in */
    }
    modules[owner(file)] = (modules[owner(file)] ?? 0) + size;
  }
  process.send?.({ type: 'at-rest', memory: process.memoryUsage(), modules });
});

const entry = process.env.MEMORY_PROBE_ENTRY;
if (!entry) throw new Error('MEMORY_PROBE_ENTRY is required');
void import(entry);
