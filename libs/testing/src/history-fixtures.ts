import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const HistoryProto = temporal.api.history.v1.History;

/** Committed histories of real runs; every one must replay against the current workflow code (CI). */
export const HISTORY_FIXTURES_DIR = join(__dirname, '..', '..', '..', 'workflows', 'src', '__fixtures__', 'histories');

/** With CAPTURE_HISTORIES=1 (`npm run capture-histories`), a scenario test saves its workflow's history as a fixture. */
export async function captureHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.CAPTURE_HISTORIES !== '1') return;
  mkdirSync(HISTORY_FIXTURES_DIR, { recursive: true });
  const history = await handle.fetchHistory();
  // protobufjs' object form (longs and bytes as strings): readable, diffable, and loads back with the same classes.
  const json = HistoryProto.toObject(HistoryProto.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
    defaults: false,
  });
  writeFileSync(join(HISTORY_FIXTURES_DIR, `${name}.json`), JSON.stringify(json, null, 1) + '\n');
}

export function loadHistoryFixtures(): { name: string; history: History }[] {
  return readdirSync(HISTORY_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ''),
      history: HistoryProto.fromObject(
        JSON.parse(readFileSync(join(HISTORY_FIXTURES_DIR, f), 'utf8')) as Record<string, unknown>,
      ),
    }));
}
