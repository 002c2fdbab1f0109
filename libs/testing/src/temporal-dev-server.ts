import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTE_SPECS, CASE_SEARCH_ATTRIBUTES } from '@frist/contracts';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

export interface RunningTemporal {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the Temporal CLI dev server persisted to SQLite (WAL; synchronous=OFF is what the SDK's own CI uses),
 * waits until it answers, and makes sure frist's search attributes exist (start-dev applies --search-attribute
 * only when the namespace is first created, so an existing database needs them added).
 */
export async function startTemporalDevServer(opts: {
  cli: string;
  dbFile: string;
  port: number;
  uiPort?: number;
  extraArgs?: string[];
  /** The server's output goes to this file (appended) instead of the caller's stdout/stderr. */
  logFile?: string;
  /** How long to wait for the server to answer (default 30 s). */
  readyTimeoutMs?: number;
}): Promise<RunningTemporal> {
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--db-filename',
    opts.dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    '--log-level',
    'warn',
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...CASE_SEARCH_ATTRIBUTE_SPECS.flatMap((spec) => ['--search-attribute', spec]),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(opts.cli, args, {
    stdio: ['ignore', opts.logFile ? 'pipe' : 'inherit', opts.logFile ? 'pipe' : 'inherit'],
  });
  if (opts.logFile) {
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const address = `127.0.0.1:${opts.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  let connection: Connection | undefined;
  while (!connection) {
    if (child.exitCode !== null)
      throw new Error(
        `temporal dev server exited with code ${child.exitCode}${opts.logFile ? `; see ${opts.logFile}` : ''}`,
      );
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
    } catch (err) {
      connection = undefined;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `temporal dev server did not answer on ${address} within ${readyTimeoutMs / 1000} s: ${String(err)}`,
          {
            cause: err,
          },
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const existing = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !existing.customAttributes?.[k.name]);
  if (missing.length) {
    await connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED[k.type]])),
    });
  }
  await connection.close();
  return {
    address,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
