import { rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __fristPg?: { stop(): Promise<void> } }).__fristPg;
  if (pg) {
    await pg.stop();
    rmSync(join(__dirname, '..', '..', '..', '.cache', 'test-pg', String(process.pid)), {
      recursive: true,
      force: true,
    });
  }
}
