import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { importCaseId } from '@frist/activities';
import { addDaysIso, caseWorkflowId, copenhagenDate, type CaseWorkflowInput } from '@frist/contracts';
import { eventually, startApiE2e, TEST_AUTH_ENV, type ApiE2e } from '@frist/testing';
import { createApp } from '../../api/src/create-app';

type App = Awaited<ReturnType<typeof createApp>>;
const root = resolve(__dirname, '../../..');
const example = readFileSync(join(root, 'docs/examples/import/caseload.jsonl'), 'utf8').split('\n');

/**
 * `frist import run` as a migration lead runs it, against real Temporal, worker and Postgres: create, re-run
 * without duplicates, resume after a killed run, conflicts and updates, the batch in the audit trail.
 */
describe('frist import run (spawned)', () => {
  let e2e: ApiE2e<App>;
  let dir: string;
  // The first 40 cases of the committed example: line 15 (unknown event type) and 35 (CPR number) are invalid.
  const lines = example.slice(0, 40);
  const cases = lines.map((l) => {
    try {
      return JSON.parse(l) as { citizenRef: string; caseType: string; events: { eventId: string; date: string }[] };
    } catch {
      return undefined;
    }
  });
  const accepted = cases.filter((_, i) => i !== 14 && i !== 34);
  const eventCount = accepted.reduce((n, c) => n + c!.events.length, 0);

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
    dir = mkdtempSync(join(tmpdir(), 'frist-import-'));
    writeFileSync(join(dir, 'caseload.jsonl'), `${lines.join('\n')}\n`);
  });
  afterAll(() => e2e?.close());

  const env = () => ({
    ...process.env,
    ...TEST_AUTH_ENV,
    DATABASE_URL: e2e.config.database.url,
    TEMPORAL_ADDRESS: e2e.config.temporal.address,
    TEMPORAL_TASK_QUEUE: e2e.taskQueue,
    NODE_ENV: 'test',
    INIT_CWD: dir,
  });
  const cli = ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'import'];
  // Asynchronous on purpose: the worker runs in this process, and spawnSync would stop it while the CLI waits.
  const frist = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, [...cli, ...args], { cwd: root, env: env() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('close', (code) => done({ code, stdout, stderr }));
    });
  const count = async (sql: string, params: unknown[] = []) => (await e2e.ds.query<{ n: number }[]>(sql, params))[0].n;

  it('resumes a killed run under the same batch, then a re-run changes nothing', async () => {
    // Slow enough (4 cases/s) to be killed part-way.
    const child = spawn(process.execPath, [...cli, 'run', 'caseload.jsonl', '--rate', '4', '--no-wait'], {
      cwd: root,
      env: env(),
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    await eventually(
      async () => ((await count(`SELECT count(*)::int AS n FROM imported_cases`)) >= 3 ? true : undefined),
      'a few imported cases',
      120_000,
    );
    child.kill('SIGKILL');
    await exited;
    const [killed] = await e2e.ds.query(`SELECT id, finished_at FROM import_batches`);
    expect(killed.finished_at).toBeNull();
    expect(await count(`SELECT count(*)::int AS n FROM imported_cases`)).toBeLessThan(accepted.length);

    const resumed = await frist('run', 'caseload.jsonl', '--concurrency', '4');
    expect(resumed.stdout).toContain(`Batch ${killed.id} (genoptaget)`);
    expect(resumed.stdout).toContain(`Læsemodel: `);
    // Two cases are rejected: exit 3 (on anything else, show what the run said).
    expect(resumed.code === 3 ? '' : `${resumed.code}\n${resumed.stdout}\n${resumed.stderr}`).toBe('');
    expect(resumed.stdout).toContain('40 sager læst: 38 godkendt, 2 afvist');
    expect(resumed.stdout).toMatch(/linje 15 \(hændelse 1, type\): ukendt hændelsestype/);
    expect(resumed.stderr).toMatch(/\[#+\] 38\/38 sager .* sager\/s {2}ETA/);
    const batches = await e2e.ds.query(`SELECT id, finished_at, totals FROM import_batches`);
    expect(batches).toHaveLength(1);
    expect(batches[0].finished_at).not.toBeNull();
    await eventually(
      async () => ((await count(`SELECT count(*)::int AS n FROM cases`)) === 38 ? true : undefined),
      '38 cases',
    );
    await eventually(
      async () => ((await count(`SELECT count(*)::int AS n FROM case_events`)) === eventCount ? true : undefined),
      'every event projected once',
    );

    // The report on disk: one row per accepted case, one per issue, Excel-friendly.
    const report = readFileSync(join(dir, 'caseload.jsonl.report.csv'), 'utf8');
    expect(report.startsWith('\uFEFFlinje;sag;hold;')).toBe(true);
    expect(report.split('\r\n').filter((l) => l.includes(';afvist;'))).toHaveLength(2);

    const again = await frist('run', 'caseload.jsonl');
    expect(again.stdout).toContain('Import: 38 uændret, 2 ikke importeret.');
    expect(again.stdout).not.toContain('genoptaget');
    expect(await count(`SELECT count(*)::int AS n FROM case_events`)).toBe(eventCount);
    expect(await count(`SELECT count(*)::int AS n FROM cases`)).toBe(38);
  }, 400_000);

  it('marks imported cases with their batch in the audit trail', async () => {
    const [batch] = await e2e.ds.query(`SELECT id FROM import_batches ORDER BY started_at LIMIT 1`);
    const first = cases[0]!;
    const caseId = importCaseId(first.caseType, first.citizenRef);
    const manager = await e2e.token('manager', ['fleks-nord', 'fleks-syd', 'fleks-vest']);
    const res = await request(e2e.app.getHttpServer())
      .get(`/api/v1/cases/${caseId}/audit?limit=200`)
      .set('Authorization', manager)
      .expect(200);
    const items = res.body.items as { action: string; actor: string; details: Record<string, unknown> }[];
    expect(items.find((a) => a.action === 'CASE_IMPORTED')).toMatchObject({
      actor: `import:${batch.id}`,
      details: { batchId: batch.id, source: 'caseload.jsonl', line: 1 },
    });
    const recorded = items.filter((a) => a.action === 'EVENT_RECORDED');
    expect(recorded).toHaveLength(first.events.length);
    expect(new Set(recorded.map((a) => a.actor))).toEqual(new Set([`import:${batch.id}`]));

    // The start said the events' instant and actor once (eventDefaults), and the read model has them on every event.
    const history = await e2e.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(payload?.metadata?.encoding ?? []).toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(payload!.data!).toString()) as CaseWorkflowInput;
    expect(input.eventDefaults).toEqual({ recordedAt: expect.any(String), actor: `import:${batch.id}` });
    expect(input.events).toHaveLength(first.events.length);
    expect(input.events!.filter((e) => 'recordedAt' in e || 'actor' in e)).toEqual([]);
    const stored = await e2e.ds.query<{ actor: string; recorded_at: Date }[]>(
      `SELECT actor, recorded_at FROM case_events WHERE case_id = $1`,
      [caseId],
    );
    expect(stored.map((e) => [e.actor, e.recorded_at.toISOString()])).toEqual(
      first.events.map(() => [`import:${batch.id}`, input.eventDefaults!.recordedAt]),
    );
  });

  it('adds new events to an imported case and reports a changed event as a conflict', async () => {
    const today = copenhagenDate(Date.now());
    const contact = { eventId: 'SAG-000002-NY', type: 'CONTACT_HELD', date: today, form: 'phone' };
    const changed = lines.map((l, i) => {
      if (i > 1) return l;
      const c = JSON.parse(l) as { events: { date: string }[] };
      if (i === 0)
        c.events[1].date = addDaysIso(c.events[1].date, 1); // same eventId, other content
      else c.events.push(contact);
      return JSON.stringify(c);
    });
    writeFileSync(join(dir, 'changed.jsonl'), `${changed.join('\n')}\n`);
    const r = await frist('run', 'changed.jsonl');
    expect(r.code === 3 ? '' : `${r.code}\n${r.stdout}\n${r.stderr}`).toBe('');
    expect(r.stdout).toContain('Import: 1 konflikt, 1 opdateret, 36 uændret, 2 ikke importeret.');
    expect(r.stdout).toMatch(/linje 1: eventId SAG-000001-J0002 findes allerede med andet indhold/);
    const second = importCaseId(cases[1]!.caseType, cases[1]!.citizenRef);
    await eventually(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND event_id = $2`, [
          second,
          contact.eventId,
        ])) === 1
          ? true
          : undefined,
      'the new event projected',
    );
    // The conflicting case kept what frist had.
    const first = importCaseId(cases[0]!.caseType, cases[0]!.citizenRef);
    const [kept] = await e2e.ds.query<{ d: string }[]>(
      `SELECT to_char(event_date, 'YYYY-MM-DD') AS d FROM case_events WHERE case_id = $1 AND event_id = 'SAG-000001-J0002'`,
      [first],
    );
    expect(kept.d).toBe(cases[0]!.events[1].date);
  }, 300_000);

  it('validates without Temporal or a database and explains every rejection in Danish', () => {
    const r = spawnSync(
      process.execPath,
      [...cli, 'validate', join(root, 'docs/examples/import/caseload-events.csv'), '--report', 'csv-report.csv'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, INIT_CWD: dir },
        timeout: 120_000,
      },
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/sager læst: \d+ godkendt, \d+ afvist/);
    const teams = readFileSync(join(dir, 'csv-report.teams.csv'), 'utf8');
    expect(teams.split('\r\n')[0]).toBe(
      '\uFEFFhold;forpligtelse;titel;sager med forfalden frist på dag ét;ældste frist',
    );
  });
});
