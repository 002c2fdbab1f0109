import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@frist/persistence';
import { startEmbeddedPostgres } from '@frist/testing';

/** The migrated database a measurement runs against: DATABASE_URL, else a throwaway embedded Postgres. */
export async function openMeasureDatabase(
  prefix: string,
): Promise<{ ds: DataSource; url: string; close: () => Promise<void> }> {
  const pg = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: join(mkdtempSync(join(tmpdir(), prefix)), 'data'), unsafeFast: true });
  const url = process.env.DATABASE_URL ?? pg?.adminUrl;
  if (!url) throw new Error('no database');
  const ds = createDataSource(url, 4);
  const close = async () => {
    if (ds.isInitialized) await ds.destroy();
    await pg?.stop();
  };
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  } catch (err) {
    await close();
    throw err;
  }
  return { ds, url, close };
}

/** Runs each query once to warm the cache and the plan, then five times, and prints its median and maximum. */
export async function printQueryTimes(runs: [string, () => Promise<unknown>][]): Promise<void> {
  for (const [name, run] of runs) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await run();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(24)} median ${String(times[2]?.toFixed(1))} ms  max ${String(times[4]?.toFixed(1))} ms`);
  }
}
