import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { fristDataConverter } from '@frist/codec';
import { addDaysIso, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { temporalToolPaths } from '@frist/testing';
import { workflowBundleOptions } from '@frist/workflows/bundler';
import { ProdTopology } from './prod-topology';
import { stageProduction } from './production-stage';
import { ensureTemporalServer } from './temporal-server';
import { FRIST_ROLES } from './topology-plan';

const TEAM = 'fleks-nord';
const today = () => copenhagenDate(Date.now());

/**
 * The production topology (`npm run test:prod`): the real Temporal server on PostgreSQL, the migration job, two
 * workers and two API replicas from the production build with NODE_ENV=production, encrypted payloads and RS256
 * tokens from a JWKS. The scenarios run in order on one topology.
 */
describe('production topology', () => {
  jest.setTimeout(900_000);
  let topology: ProdTopology;
  let token: string;
  let client: Client;
  let connection: Connection;
  let db: PgClient;
  const cases: string[] = [];
  const sent = new Map<string, Set<string>>(); // caseId → eventIds sent
  const marker = `citizen-${randomUUID().slice(0, 8)}`;

  /** One request to a replica; `ok` false on a connection error (a killed replica) or a 5xx. */
  async function call(replica: number, method: string, path: string, body?: unknown) {
    try {
      const res = await fetch(`${topology.apiUrl(replica)}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const parsed = (text ? JSON.parse(text) : {}) as {
        caseId?: string;
        events?: { eventId: string }[];
        obligations?: unknown[];
      };
      return { ok: res.status < 500, status: res.status, body: parsed };
    } catch (err) {
      return { ok: false, status: 0, body: { caseId: String(err) } };
    }
  }

  /** As a load balancer would: try the preferred replica, then the other, until one answers (same eventId). */
  async function send(preferred: number, method: string, path: string, body?: unknown) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const replica = (preferred + attempt) % topology.apis.length;
      const r = await call(replica, method, path, body);
      if (r.ok) return r;
      await new Promise((res) => setTimeout(res, 250));
    }
    throw new Error(`${method} ${path}: no replica answered`);
  }

  async function createCase(replica: number): Promise<string> {
    const r = await send(replica, 'POST', '/api/v1/cases', {
      citizenRef: `${marker}-${cases.length}`,
      team: TEAM,
      birthDate: '1979-09-14',
      idempotencyKey: randomUUID(),
      events: [{ eventId: 'prep-1', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -120) }],
    });
    expect(r.status).toBe(201);
    const id = r.body.caseId!;
    cases.push(id);
    sent.set(id, new Set(['case-opened', 'prep-1']));
    return id;
  }

  async function addContact(replica: number, caseId: string, eventId: string, daysAgo: number) {
    sent.get(caseId)!.add(eventId);
    const r = await send(replica, 'POST', `/api/v1/cases/${caseId}/events`, {
      eventId,
      type: 'CONTACT_HELD',
      date: addDaysIso(today(), -daysAgo),
      form: 'phone',
    });
    // A refusal fails with its problem details in the message.
    expect({ eventId, refused: r.status >= 300 ? r.body : undefined }).toEqual({ eventId, refused: undefined });
    return r;
  }

  const histories = async () =>
    Promise.all(
      cases.map(async (id) => ({
        workflowId: caseWorkflowId(id),
        history: await client.workflow.getHandle(caseWorkflowId(id)).fetchHistory(),
      })),
    );

  beforeAll(async () => {
    const stage = stageProduction({ build: false });
    topology = await ProdTopology.start({
      stage,
      temporal: ensureTemporalServer(),
      temporalCli: temporalToolPaths().cli,
      workDir: mkdtempSync(join(tmpdir(), 'frist-prod-test-')),
      log: (m) => process.stderr.write(`[prod-topology] ${m}\n`),
    });
    token = await topology.token('manager', [TEAM]);
    connection = await Connection.connect({ address: topology.temporalAddress });
    client = new Client({
      connection,
      namespace: 'default',
      dataConverter: fristDataConverter({ keys: topology.payloadKeys, activeKeyId: 'k1' }),
    });
    db = new PgClient({ connectionString: topology.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await connection?.close();
    await topology?.stop();
  });

  it('serves cases and events through both API replicas on one read model', async () => {
    for (let i = 0; i < 6; i++) await createCase(i % 2);
    for (const [i, id] of cases.entries()) await addContact((i + 1) % 2, id, 'contact-0', 100);
    for (const [i, id] of cases.entries()) {
      const view = await call(i % 2, 'GET', `/api/v1/cases/${id}`);
      expect(view.status).toBe(200);
      expect((view.body.events ?? []).map((e) => e.eventId).sort()).toEqual([...sent.get(id)!].sort());
      expect(view.body.obligations?.length).toBeGreaterThan(0);
    }
  });

  it('loses no event and applies none twice when a worker and an API replica are killed -9 during a burst', async () => {
    for (let i = 0; i < 4; i++) await createCase(i % 2);
    let done = 0;
    let inFlightOnApi1 = 0;
    let killedWhileInFlight = false;
    const burst = cases.flatMap((id, c) =>
      Array.from({ length: 5 }, (_, k) => async () => {
        const replica = (c + k) % 2;
        if (replica === 1) inFlightOnApi1++;
        try {
          await addContact(replica, id, `burst-${k}`, 90 - k * 10);
        } finally {
          if (replica === 1) inFlightOnApi1--;
          done++;
        }
      }),
    );
    // Eight concurrent clients work through the burst.
    const queue = [...burst];
    const clients = Array.from({ length: 8 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    });
    // The fault hits mid-burst, while requests are in flight on the API replica that dies.
    const fault = (async () => {
      while (!(done >= 8 && inFlightOnApi1 > 0)) await new Promise((r) => setTimeout(r, 5));
      killedWhileInFlight = inFlightOnApi1 > 0;
      await Promise.all([topology.workers[0].kill9(), topology.apis[1].kill9()]);
    })();
    await Promise.all([...clients, fault]);
    expect(killedWhileInFlight).toBe(true);
    expect(done).toBe(burst.length);
    expect(await topology.workers[0].exited).toBe('SIGKILL');
    expect(await topology.apis[1].exited).toBe('SIGKILL');

    // Every event exactly once in the read model and in the workflow's timeline.
    const rows = await db.query<{ case_id: string; event_id: string; n: number }>(
      `SELECT case_id, event_id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1) GROUP BY 1, 2`,
      [cases],
    );
    expect(rows.rows.filter((r) => r.n !== 1)).toEqual([]);
    const stored = new Map<string, string[]>();
    for (const r of rows.rows) stored.set(r.case_id, [...(stored.get(r.case_id) ?? []), r.event_id]);
    for (const id of cases)
      expect({ id, events: stored.get(id)?.sort() }).toEqual({ id, events: [...sent.get(id)!].sort() });
    // Every projection's task change written once.
    const dup = await db.query(
      `SELECT case_id, obligation_code, occurrence, projection_seq, change, count(*) FROM task_changes
       WHERE case_id = ANY($1) GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1`,
      [cases],
    );
    expect(dup.rows).toEqual([]);
    // The read model equals what the workflows hold: reproject from the production build finds no difference.
    const [cli, ...rest] = FRIST_ROLES.migrate.command;
    const report = JSON.parse(
      execFileSync(process.execPath, [cli, 'reproject', '--fail-on-diff'], {
        cwd: topology.opts.stage.dir,
        env: topology.workers[1].env,
        encoding: 'utf8',
      }),
    ) as { cases: number; casesWithDifferences: number; failed: unknown[] };
    expect(rest).toEqual(['db', 'migrate']);
    expect(report).toMatchObject({ casesWithDifferences: 0, failed: [] });
    expect(report.cases).toBeGreaterThanOrEqual(cases.length);

    // Back to full strength for the next scenarios.
    const [worker, api] = await Promise.all([topology.startFrist('worker', 0), topology.startFrist('api', 1)]);
    await Promise.all([topology.waitReady(worker), topology.waitReady(api)]);
  });

  it('rolls the workers onto a build with a patched workflow change; running cases replay without non-determinism', async () => {
    const bundle = async (probe: string) => {
      const { code } = await bundleWorkflowCode({
        ...workflowBundleOptions(),
        workflowInterceptorModules: [join(__dirname, 'fixtures', probe)],
      });
      const file = join(topology.opts.workDir, `${probe}.bundle.js`);
      writeFileSync(file, code);
      return { code, file };
    };
    const patched = await bundle('rolling-restart-patched.interceptors.ts');
    const unguarded = await bundle('rolling-restart-unguarded.interceptors.ts');
    const before = await histories();

    // Control: the same change without patched() cannot replay these histories.
    const replay = async (code: string) => {
      const failures: string[] = [];
      for await (const r of Worker.runReplayHistories(
        {
          workflowBundle: { code },
          dataConverter: fristDataConverter({ keys: topology.payloadKeys, activeKeyId: 'k1' }),
        },
        before,
      ))
        if (r.error) failures.push(`${r.workflowId}: ${r.error.name}`);
      return failures;
    };
    expect(await replay(unguarded.code)).toEqual(
      before.map((h): unknown => expect.stringMatching(new RegExp(`^${h.workflowId}: DeterminismViolationError`))),
    );
    expect(await replay(patched.code)).toEqual([]);

    // Rolling restart: one worker at a time drains (SIGTERM, exit 0) and comes back on the patched build, while
    // events keep arriving.
    let traffic = true;
    const during = (async () => {
      for (let n = 0; traffic; n++) {
        await addContact(n % 2, cases[n % cases.length], `roll-${n}`, 30 - (n % 20));
      }
    })();
    for (let i = 0; i < topology.workers.length; i++) {
      expect(await topology.workers[i].stop()).toBe(0);
      const next = await topology.startFrist('worker', i, { WORKFLOW_BUNDLE_PATH: patched.file });
      await topology.waitReady(next);
    }
    traffic = false;
    await during;
    // Every case takes one more event on the new workers, which have never seen it: a full replay of its history.
    for (const [i, id] of cases.entries()) await addContact(i % 2, id, 'after-roll', 1);

    for (const { workflowId, history } of await histories()) {
      // A failed workflow task is how a non-determinism shows (timed-out ones come from the earlier kill -9).
      const failed = (history.events ?? [])
        .filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        .map((e) => e.workflowTaskFailedEventAttributes?.failure?.message ?? 'workflow task failed');
      expect({ workflowId, failed }).toEqual({ workflowId, failed: [] });
      const info = await client.workflow.getHandle(workflowId).describe();
      expect({ workflowId, status: info.status.name }).toEqual({ workflowId, status: 'RUNNING' });
      // The new code path ran on the new build (the memo the patched change records).
      expect({ workflowId, memo: info.memo?.rollingRestartProbe }).toEqual({ workflowId, memo: 'patched-build' });
    }
  });

  it('runs the migration job again without changing anything', async () => {
    const again = await topology.migrate();
    expect(again).toEqual({ code: 0, output: 'no pending migrations\n' });
  });

  it('keeps plaintext citizen data out of Temporal: its databases hold none, frist holds it', async () => {
    const count = async (database: string) => {
      const c = new PgClient({ connectionString: topology.temporalDatabaseUrl.replace(/\/temporal$/, `/${database}`) });
      await c.connect();
      try {
        // Every text-like and binary column of every table, searched for the marker's bytes.
        const cols = await c.query<{ table_name: string; column_name: string; data_type: string }>(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'public' AND data_type IN ('bytea', 'text', 'character varying', 'jsonb', 'json')`,
        );
        let hits = 0;
        for (const col of cols.rows) {
          const expr =
            col.data_type === 'bytea' ? `"${col.column_name}"` : `convert_to("${col.column_name}"::text, 'UTF8')`;
          const r = await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${col.table_name}" WHERE position(convert_to($1, 'UTF8') IN ${expr}) > 0`,
            [marker],
          );
          hits += r.rows[0].n;
        }
        return { columns: cols.rows.length, hits };
      } finally {
        await c.end();
      }
    };
    const temporalDb = await count('temporal');
    const visibilityDb = await count('temporal_visibility');
    expect(temporalDb.columns).toBeGreaterThan(10);
    expect({ temporal: temporalDb.hits, visibility: visibilityDb.hits }).toEqual({ temporal: 0, visibility: 0 });
    // The same search finds the marker where it belongs (frist's read model), and the workflows do carry it, sealed.
    const frist = await db.query(`SELECT count(*)::int AS n FROM cases WHERE citizen_ref LIKE $1`, [`${marker}-%`]);
    expect(frist.rows[0]).toEqual({ n: cases.length });
    const history = await client.workflow.getHandle(caseWorkflowId(cases[0])).fetchHistory();
    const [input] = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(Buffer.from(input.data!).toString('latin1')).not.toContain(marker);
    const codec = fristDataConverter({ keys: topology.payloadKeys, activeKeyId: 'k1' }).payloadCodecs![0];
    const [decoded] = await codec.decode([input]);
    expect(Buffer.from(decoded.data!).toString('utf8')).toContain(`${marker}-0`);
  });
});
