/**
 * The production API (createApp, listen and graceful shutdown exactly as apps/api/src/main.ts) in a child process
 * of the benchmark, plus one bench-only addition: on request over IPC it records the SQL the app sends to
 * Postgres, so the benchmark can run the very same statements through `pg` as the API's baseline.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { exitGracefullyOnSignals, loadConfig } from '@frist/config';
import { createApp } from '../../apps/api/src/create-app';

interface CapturedQuery {
  text: string;
  values: unknown[];
}
let capturing: CapturedQuery[] | undefined;
type Query = (this: Client, ...args: unknown[]) => unknown;
const proto = Client.prototype as unknown as { query: Query };
const original = proto.query;
proto.query = function (this: Client, ...args: unknown[]) {
  if (capturing) {
    const [first, second] = args;
    if (typeof first === 'string') capturing.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === 'object' && 'text' in first)
      capturing.push({ text: String(first.text), values: (first as { values?: unknown[] }).values ?? [] });
  }
  return original.apply(this, args);
};

process.on('message', (m: { type: string }) => {
  if (m.type === 'capture-start') capturing = [];
  if (m.type === 'capture-stop') {
    process.send?.({ type: 'captured', queries: capturing ?? [] });
    capturing = undefined;
  }
});

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.api.port, config.api.host);
  const server = app.getHttpServer();
  exitGracefullyOnSignals(app, {
    graceMs: config.api.shutdownGraceMs,
    log: () => undefined,
    onSlow: () => server.closeAllConnections(),
  });
  process.send?.({ type: 'ready' });
}

main().catch((err: unknown) => {
  console.error('[bench api]', err);
  process.exit(1);
});
