import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { listOpenCaseIds } from '@frist/activities';
import { addDaysIso, copenhagenDate, ruleSetRolloutWorkflowId } from '@frist/contracts';
import { caseActivities, eventually, startApiE2e, TEST_AUTH_ENV, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
const root = resolve(__dirname, '../../../..');

/**
 * Governed rule changes end to end: the operator's CLI (spawned, as operators run it) drafts MIG-2026 with its
 * dry-run impact through the API, `rules apply` refuses until a second person (a jurist) approved and someone
 * published it, and only then the rollout reaches the running case's workflow and the read model.
 */
describe('rule changes: draft → approve (jurist, four-eyes) → publish → apply', () => {
  jest.setTimeout(300_000);
  let e2e: ApiE2e<App>;
  const team = 'gov-nord';
  let caseworker: string;
  let manager: string;
  let juristJens: string;
  let juristKaren: string;
  const dir = mkdtempSync(join(tmpdir(), 'frist-rule-changes-'));
  /** The case running since spring 2026, migrated by the first test. */
  let caseId = '';

  beforeAll(async () => {
    e2e = await startApiE2e({
      createApp,
      // The production worker's activities, plus the rollout's case listing.
      activities: (ds) => ({
        ...caseActivities(ds),
        listOpenCaseIds: (after: string, limit: number) => listOpenCaseIds(ds, after, limit),
      }),
    });
    caseworker = await e2e.token('caseworker', [team], 'sagsbehandler-sofie');
    manager = await e2e.token('manager', [team], 'leder-anna');
    juristJens = await e2e.token('jurist', [], 'jurist-jens');
    juristKaren = await e2e.token('jurist', [], 'jurist-karen');
  });
  afterAll(() => e2e?.close());

  /** `npm run -s frist -- …` against this stack, as the person whose token is given. */
  const frist = (token: string | undefined, ...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          INIT_CWD: dir,
          NODE_ENV: 'test',
          ...TEST_AUTH_ENV,
          DATABASE_URL: e2e.config.database.url,
          TEMPORAL_ADDRESS: e2e.env.address,
          TEMPORAL_TASK_QUEUE: e2e.taskQueue,
          FRIST_API_URL: e2e.url,
          ...(token ? { FRIST_TOKEN: token.replace(/^Bearer /, '') } : {}),
        },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => done({ code, out, err }));
    });
  const http = () => request(e2e.app.getHttpServer());

  it('refuses every shortcut, then rolls the published migration out to the running case with an audit trail', async () => {
    // A fleksjob case running since spring 2026 (law-2026 FJ-4), recorded before MIG-2026.
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', caseworker)
      .send({
        citizenRef: 'fagsystem-2026-4',
        team,
        birthDate: '1978-03-02',
        events: [
          { eventId: 'v', type: 'VISITATION_DECIDED', date: '2026-04-13' },
          { eventId: 'c1', type: 'CONTACT_HELD', date: '2026-04-20', form: 'in-person' },
        ],
      })
      .expect(201);
    caseId = created.body.caseId as string;
    const review = async () =>
      (await http().get('/api/v1/tasks?queue=review').set('authorization', caseworker).expect(200)).body.items as {
        caseId: string;
        code: string;
      }[];
    await eventually(
      async () =>
        (await http().get('/api/v1/tasks').set('authorization', caseworker)).body.items?.length ? true : undefined,
      'the case projected',
    );
    expect(await review()).toEqual([]);

    // 1. Nothing is published: the rollout refuses (coded, non-zero exit) and the case is untouched.
    const early = await frist(undefined, 'rules', 'apply', 'MIG-2026');
    expect(early.code).toBe(1);
    expect(early.err).toContain('RULE_CHANGE_NOT_PUBLISHED');

    // 2. A jurist drafts MIG-2026 with the CLI: the API runs the dry run and attaches it as the change's impact (a
    //    request cannot carry one); the CLI writes the whole run as CSV for the drafter to read.
    const drafted = await frist(
      juristJens,
      'changes',
      'draft',
      'migration',
      'MIG-2026',
      '--title',
      'Lov 1750/2025',
      '--json',
    );
    expect(drafted.err).toBe('');
    expect(drafted.code).toBe(0);
    const change = JSON.parse(drafted.out.slice(drafted.out.indexOf('{'))) as {
      id: string;
      status: string;
      draftedBy: string;
      impact: { cases: number; casesAffected: number; totals: Record<string, number>; rowsTotal: number };
    };
    expect(change).toMatchObject({ status: 'draft', draftedBy: 'jurist-jens' });
    expect(change.impact).toMatchObject({ cases: 1, casesAffected: 1, computedBy: 'api' });
    expect(change.impact.totals.appears).toBeGreaterThan(0);
    expect(change.impact.totals.backfilled).toBeGreaterThan(0);
    const csv = readFileSync(join(dir, 'mig-2026-dry-run.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('caseId,team,code,occurrence,change,from,to,status,dueOn,backfilled');
    expect(csv).toHaveLength(change.impact.rowsTotal + 1);

    // 3. Still a draft: apply refuses, publish refuses (not approved).
    expect((await frist(undefined, 'rules', 'apply', 'MIG-2026')).code).toBe(1);
    const tooEarly = await http()
      .post(`/api/v1/rule-changes/${change.id}/publish`)
      .set('authorization', manager)
      .expect(409);
    expect(tooEarly.body).toMatchObject({ code: 'RULE_CHANGE_WRONG_STATE' });

    // 4. Approval: a manager may not approve (not a jurist); the drafter may not (four-eyes), by CLI nor API;
    //    an approval must name the sources checked.
    const byManager = await http()
      .post(`/api/v1/rule-changes/${change.id}/approve`)
      .set('authorization', manager)
      .send({ sourcesChecked: ['lov nr. 1750/2025'] })
      .expect(403);
    expect(byManager.body.code).toBe('FORBIDDEN');
    const selfApproved = await frist(juristJens, 'changes', 'approve', change.id, '--source', 'lov nr. 1750/2025');
    expect(selfApproved.code).toBe(1);
    expect(selfApproved.err).toContain('FOUR_EYES_REQUIRED');
    const selfApi = await http()
      .post(`/api/v1/rule-changes/${change.id}/approve`)
      .set('authorization', juristJens)
      .send({ sourcesChecked: ['lov nr. 1750/2025'] })
      .expect(403);
    expect(selfApi.body).toMatchObject({ code: 'FOUR_EYES_REQUIRED', status: 403 });
    const noSources = await http()
      .post(`/api/v1/rule-changes/${change.id}/approve`)
      .set('authorization', juristKaren)
      .send({ sourcesChecked: ['  '] })
      .expect(400);
    expect(noSources.body.code).toBe('VALIDATION_FAILED');
    expect((await http().get(`/api/v1/rule-changes/${change.id}`).set('authorization', manager)).body.status).toBe(
      'draft',
    );

    // 5. A second jurist approves with the sources; still not published, so apply still refuses.
    const approved = await frist(
      juristKaren,
      'changes',
      'approve',
      change.id,
      '--source',
      'lov nr. 1750/2025 § 4',
      '--source',
      'aktivloven § 74 c',
      '--json',
    );
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.out)).toMatchObject({
      status: 'approved',
      approvedBy: 'jurist-karen',
      sourcesChecked: ['lov nr. 1750/2025 § 4', 'aktivloven § 74 c'],
    });
    const notYet = await frist(undefined, 'rules', 'apply', 'MIG-2026');
    expect(notYet.code).toBe(1);
    expect(notYet.err).toContain('RULE_CHANGE_NOT_PUBLISHED');
    expect(await review()).toEqual([]);

    // 6. Published by the manager: the rollout runs, the backfilled tasks reach the read model's review queue.
    await http().post(`/api/v1/rule-changes/${change.id}/publish`).set('authorization', manager).expect(200);
    const applied = await frist(undefined, 'rules', 'apply', 'MIG-2026', '--rate', '50');
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(change.id);
    const backfilled = await eventually(
      async () => {
        const codes = (await review()).filter((t) => t.caseId === caseId).map((t) => t.code);
        return codes.includes('ly-jobtalk') ? codes : undefined;
      },
      'backfilled tasks in the review queue',
      60_000,
    );
    expect(backfilled).toEqual(expect.arrayContaining(['ly-jobtalk', 'ly-reassessment']));

    // 7. The change's trail: drafted, approved (with the sources), published, applied — who and when.
    // What a person reads: the summary with the trail and no next step left.
    const summary = await frist(juristKaren, 'changes', 'show', change.id);
    expect(summary.out).toContain(`${change.id}  migration MIG-2026  "Lov 1750/2025"  published`);
    expect(summary.out).toMatch(/applied by frist rules apply/);
    expect(summary.out).not.toContain('next:');
    const shown = await http().get(`/api/v1/rule-changes/${change.id}`).set('authorization', juristKaren).expect(200);
    expect(
      (shown.body.audit as { action: string; actor: string; role: string }[]).map((a) => [a.action, a.actor, a.role]),
    ).toEqual([
      ['drafted', 'jurist-jens', 'jurist'],
      ['approved', 'jurist-karen', 'jurist'],
      ['published', 'leder-anna', 'manager'],
      ['applied', 'frist rules apply', 'cli'],
    ]);
    expect(shown.body.audit[1].details).toEqual({ sourcesChecked: ['lov nr. 1750/2025 § 4', 'aktivloven § 74 c'] });
  });

  it('never approves or publishes the unverified 2027 placeholders; a caseworker sees no rule changes', async () => {
    const placeholder = await http()
      .post('/api/v1/rule-changes')
      .set('authorization', manager)
      .send({ kind: 'rule-set', target: 'fleksjob-2027', title: 'Ny LAB-hovedlov' })
      .expect(201);
    const refused = await http()
      .post(`/api/v1/rule-changes/${placeholder.body.id as string}/approve`)
      .set('authorization', juristKaren)
      .send({ sourcesChecked: ['lovforslag L 1 (2026-27)'] })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'RULE_SET_NOT_VERIFIED' });
    const applied = await frist(undefined, 'rules', 'apply', 'fleksjob-2027');
    expect(applied.code).not.toBe(0);

    const invalid = await http()
      .post('/api/v1/rule-changes')
      .set('authorization', manager)
      .send({ kind: 'migration', target: 'MIG-2030', title: 'x' })
      .expect(400);
    expect(invalid.body).toMatchObject({ code: 'RULE_CHANGE_INVALID', errors: [{ field: 'target' }] });
    // A client's impact is never taken: a draft that carries one (here a forged "nothing changes") is refused and
    // nothing is stored; the impact an approver sees is the API's own dry run.
    const forged = await http()
      .post('/api/v1/rule-changes')
      .set('authorization', manager)
      .send({
        kind: 'migration',
        target: 'MIG-2026',
        title: 'Lovmigrering uden virkning',
        impact: { asOf: '2026-12-01', cases: 1, casesAffected: 0, totals: {}, rows: [], rowsTotal: 0 },
      })
      .expect(400);
    expect(forged.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(forged.body.errors)).toContain('impact');
    await http().get('/api/v1/rule-changes').set('authorization', caseworker).expect(403);
    const pending = await http().get('/api/v1/rule-changes?status=draft').set('authorization', juristKaren).expect(200);
    expect((pending.body.items as { target: string }[]).map((c) => c.target)).toEqual(['fleksjob-2027']);
  });

  it('a contact cadence turned off by an approved team decision closes nothing retroactively and starts nothing new from its date', async () => {
    expect(caseId).not.toBe('');
    const today = copenhagenDate(Date.now());
    const day = (n: number) => addDaysIso(today, -n);
    const record = async (eventId: string, date: string) =>
      (
        await http()
          .post(`/api/v1/cases/${caseId}/events`)
          .set('authorization', caseworker)
          .send({ eventId, type: 'CONTACT_HELD', date, form: 'phone' })
          .expect(200)
      ).body as { obligations: { code: string; startedOn: string; status: string }[] };
    const contactRows = () =>
      e2e.ds.query<{ occurrence: number; status: string; due: string; explanation: string }[]>(
        `SELECT occurrence, status, due_on::text AS due, explanation FROM tasks
          WHERE case_id = $1 AND obligation_code = 'contact-14d' ORDER BY occurrence`,
        [caseId],
      );

    // A talk 20 days ago starts a new 14-day contact deadline under the default policy.
    const first = await record('talk-before', day(20));
    expect(first.obligations.filter((o) => o.code === 'contact-14d').map((o) => o.startedOn)).toContain(day(20));
    const shown = await eventually(async () => {
      const rows = await contactRows();
      return rows.some((r) => r.status === 'open' || r.status === 'overdue') ? rows : undefined;
    }, 'the new contact deadline in the read model');

    // The team decides (17 days ago) to stop the fixed contact cadence from 15 days ago: drafted by the manager
    // with the CLI, approved by a jurist, published, rolled out.
    const drafted = await frist(
      manager,
      'changes',
      'draft',
      'policy',
      team,
      '--title',
      'Gov Nord: intet fast kontaktforløb',
      '--set',
      'contactCadence.enabled=false',
      '--decision-date',
      day(17),
      '--effective-from',
      day(15),
      '--json',
    );
    expect(drafted.code).toBe(0);
    const policy = JSON.parse(drafted.out) as {
      id: string;
      impact: { cases: number; casesAffected: number; totals: Record<string, number>; computedBy: string };
    };
    // The approver sees the API's dry run: nothing started before the decision's date changes; none started after.
    expect(policy.impact).toMatchObject({ cases: 1, casesAffected: 0, computedBy: 'api' });
    expect(policy.impact.totals).toMatchObject({ appears: 0, moves: 0, closes: 0, disappears: 0 });
    expect((await frist(undefined, 'rules', 'apply', 'policy', policy.id)).err).toContain('RULE_CHANGE_NOT_PUBLISHED');
    await http()
      .post(`/api/v1/rule-changes/${policy.id}/approve`)
      .set('authorization', juristKaren)
      .send({ sourcesChecked: ['Byrådets beslutning, punkt 7'] })
      .expect(200);
    await http().post(`/api/v1/rule-changes/${policy.id}/publish`).set('authorization', manager).expect(200);

    // Published but not applied: the running case does not take it. A talk 12 days ago (after the decision's
    // effective date) still starts a contact deadline under the default policy.
    const unapplied = await record('talk-published', day(12));
    expect(unapplied.obligations.filter((o) => o.code === 'contact-14d').map((o) => o.startedOn)).toContain(day(12));
    await eventually(
      async () => ((await contactRows()).length > shown.length ? true : undefined),
      'the contact deadline of the talk 12 days ago in the read model',
    );
    // Its dry run now names that deadline: it would no longer start (the drafter's file, the approver's figures).
    const dryRun = await frist(undefined, 'rules', 'dry-run', 'policy', policy.id, '--out', 'policy.csv');
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toContain('no longer starts 1');
    const csv = readFileSync(join(dir, 'policy.csv'), 'utf8').trim().split('\r\n');
    expect(csv.slice(1).map((l) => l.split(',').slice(1, 5))).toEqual([
      [team, 'contact-14d', expect.any(String), 'disappears'],
    ]);

    const applied = await frist(undefined, 'rules', 'apply', 'policy', policy.id);
    expect(applied.code).toBe(0);
    await e2e.env.client.workflow.getHandle(ruleSetRolloutWorkflowId(`policy-${policy.id}`)).result();

    // Nothing retroactive: every contact deadline started before the decision's date is still there, unchanged;
    // the one started after it is removed, audited with the decision (id, decision date, effective date) as cause.
    await eventually(
      async () => ((await contactRows()).length === shown.length ? true : undefined),
      'the contact deadline started after the effective date removed',
    );
    expect(
      (await contactRows()).filter((r) => shown.some((x) => x.occurrence === r.occurrence)).map((r) => r.due),
    ).toEqual(shown.map((r) => r.due));
    const removed = await e2e.ds.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_entries WHERE case_id = $1 AND action = 'TASK_REMOVED'`,
      [caseId],
    );
    expect(removed.map((r) => r.details)).toEqual([
      expect.objectContaining({
        code: 'contact-14d',
        cause: `policy decision: Gov Nord: intet fast kontaktforløb (${policy.id}; decided ${day(17)}, effective from ${day(15)})`,
        policyDecision: { id: policy.id, decisionDate: day(17), effectiveFrom: day(15) },
      }),
    ]);
    // A second apply changes nothing (no new audit entry, no projection).
    const seq = (
      await e2e.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1`, [caseId])
    )[0].n;
    expect((await frist(undefined, 'rules', 'apply', 'policy', policy.id)).code).toBe(0);
    await e2e.env.client.workflow.getHandle(ruleSetRolloutWorkflowId(`policy-${policy.id}`)).result();
    await http().get(`/api/v1/cases/${caseId}`).set('authorization', caseworker).expect(200);
    expect(
      (
        await e2e.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_entries WHERE case_id = $1`, [caseId])
      )[0].n,
    ).toBe(seq);

    // A talk 5 days ago meets the open deadline; from the decision's date no new one starts.
    const second = await record('talk-after', day(5));
    const contacts = second.obligations.filter((o) => o.code === 'contact-14d');
    expect(contacts.find((o) => o.startedOn === day(20))?.status).toMatch(/^met/);
    expect(contacts.filter((o) => o.startedOn >= day(15))).toEqual([]);
    await eventually(async () => {
      const rows = await contactRows();
      return rows.length === shown.length && rows.every((r) => r.status !== 'open' && r.status !== 'overdue');
    }, 'the contact deadline met and no new one in the read model');

    // A case opened after the decision was applied starts under it: a talk after its date starts no contact deadline.
    const opened = await http()
      .post('/api/v1/cases')
      .set('authorization', caseworker)
      .send({
        citizenRef: 'fagsystem-efter-beslutning',
        team,
        birthDate: '1980-01-02',
        events: [
          { eventId: 'v', type: 'VISITATION_DECIDED', date: day(40) },
          { eventId: 'c', type: 'CONTACT_HELD', date: day(10), form: 'phone' },
        ],
      })
      .expect(201);
    const newContacts = (opened.body.obligations as { code: string; startedOn: string }[]).filter(
      (o) => o.code === 'contact-14d',
    );
    expect(newContacts.length).toBeGreaterThan(0);
    expect(newContacts.filter((o) => o.startedOn >= day(15))).toEqual([]);
  });
});
