import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase, TEST_AUTH_ENV } from '@frist/testing';

const root = resolve(__dirname, '../../..');

/** `npm run -s frist -- prune` as ops run it, against a real Postgres. */
describe('frist prune (spawned)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const frist = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'prune', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...TEST_AUTH_ENV, DATABASE_URL: db.url, INIT_CWD: root },
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('counts on --dry-run, then deletes changes older than the retention and keeps the rest', async () => {
    const caseId = randomUUID();
    await ds.query(
      `INSERT INTO task_changes (case_id, team, task_id, obligation_code, occurrence, change, status, due_on,
         projection_seq, created_at)
       SELECT $1, 'a', NULL, 'contact-14d', n, 'created', 'open', '2027-01-01', 1,
         CASE WHEN n <= 4 THEN now() - interval '40 days' ELSE now() END
       FROM generate_series(1, 6) n`,
      [caseId],
    );
    const dry = frist('--dry-run', '--changes-days', '30');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, taskChanges: 4, webhookDeliveries: 0 });
    const real = frist('--changes-days', '30');
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, taskChanges: 4 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM task_changes`)).toEqual([{ n: 2 }]);

    const bad = frist('--changes-days', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--changes-days must be an integer 7-3650/);
  });
});
