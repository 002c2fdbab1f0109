import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { SystemClock } from '@frist/config';
import {
  addDaysIso,
  applyEventsUpdate,
  caseWorkflowId,
  copenhagenDate,
  ruleSetRolloutWorkflowId,
  type ProjectCaseInput,
  type RolloutProgress,
} from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import { createLocalEnv, createTestDatabase, bundledWorkflows, eventually } from '@frist/testing';
import {
  CaseProjectionActivities,
  createEvaluateCase,
  listOpenCaseIds,
  ruleSetFromFile,
  RuleSetFileError,
  withEvaluateAndProject,
} from '@frist/activities';
import { dryRunRuleSet } from './rule-set-dry-run';

/**
 * A municipality moves its contact cadence from 14 to 21 days: the dry run lists which deadlines would move and by
 * how much, workers adopt the rule set, and a rate-limited rollout re-evaluates every open case, auditing each move.
 */
describe('rule-set rollout: dry run, adopt, apply (dev server, Postgres)', () => {
  jest.setTimeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  const today = copenhagenDate(Date.now());
  const file = join(mkdtempSync(join(tmpdir(), 'frist-rules-')), 'contact-21d.json');

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    writeFileSync(
      file,
      JSON.stringify({
        base: 'fleksjob-2024',
        id: 'fleksjob-2024-kontakt-21',
        effectiveFrom: addDaysIso(today, -30),
        description: 'Kontakt hver 21. dag (kommunal politik)',
        obligations: { 'contact-14d': { due: { after: { unit: 'days', amount: 21 } } } },
      }),
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  it('rejects a rule-set file that reuses a published id or names an unknown base', () => {
    const bad = join(file, '..', 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ base: 'fleksjob-2024', id: 'fleksjob-2024', effectiveFrom: today, description: 'x' }),
    );
    expect(() => ruleSetFromFile(bad)).toThrow(RuleSetFileError);
    writeFileSync(bad, JSON.stringify({ base: 'nope', id: 'x-1', effectiveFrom: today, description: 'x' }));
    expect(() => ruleSetFromFile(bad)).toThrow(/unknown base/);
  });

  it('lists the moves, then applies them to running cases with an audit entry per moved deadline', async () => {
    const candidate = ruleSetFromFile(file);
    const taskQueue = `rules-${randomUUID()}`;
    const projection = new CaseProjectionActivities(ds, new SystemClock());
    const activities = (adopted: (typeof candidate)[]) =>
      withEvaluateAndProject({
        projectCase: (p: ProjectCaseInput) => projection.projectCase(p),
        evaluateCase: createEvaluateCase(adopted),
        listOpenCaseIds: (after: string, limit: number) => listOpenCaseIds(ds, after, limit),
      });
    const workflows = await bundledWorkflows();
    // Before: workers on the published rules only. Three cases; the last contact of two falls after effectiveFrom.
    const before = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...workflows,
      activities: activities([]),
    });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const lastContact = [5, 10, 40]; // days ago; 40 days ago is before the new rule's effectiveFrom
    await before.runUntil(async () => {
      for (const [i, caseId] of ids.entries()) {
        const handle = await env.client.workflow.start('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue,
          args: [{ facts: { caseId, citizenRef: `r${i}`, team: 'team-rules', birthDate: '1979-01-01' } }],
        });
        const events = [
          { eventId: 'v', event: { type: 'VISITATION_DECIDED', date: addDaysIso(today, -50) } },
          { eventId: 'c', event: { type: 'CONTACT_HELD', date: addDaysIso(today, -lastContact[i]), form: 'phone' } },
        ];
        await handle.executeUpdate(applyEventsUpdate, { args: [{ events }] });
      }
    });

    const dryRun = await dryRunRuleSet(ds, candidate, today);
    expect(dryRun).toMatchObject({ ruleSet: 'fleksjob-2024-kontakt-21', cases: 3, casesAffected: 2 });
    expect(dryRun.moves.map((m) => [m.caseId, m.code, m.days]).sort()).toEqual(
      [
        [ids[0], 'contact-14d', 7],
        [ids[1], 'contact-14d', 7],
      ].sort(),
    );
    const due = async () =>
      Object.fromEntries(
        (
          await ds.query(
            `SELECT case_id, to_char(due_on, 'YYYY-MM-DD') AS d FROM tasks WHERE obligation_code = 'contact-14d' AND status IN ('open', 'overdue')`,
          )
        ).map((r: { case_id: string; d: string }) => [r.case_id, r.d]),
      );
    const dueBefore = await due();

    // After: workers adopt the rule set; the rollout re-evaluates every open case now, 2 a second.
    const after = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...workflows,
      activities: activities([candidate]),
    });
    await after.runUntil(async () => {
      const rollout = await env.client.workflow.start('ruleSetRolloutWorkflow', {
        workflowId: ruleSetRolloutWorkflowId(candidate.id),
        taskQueue,
        args: [{ ruleSet: candidate.id, ratePerSecond: 2 }],
      });
      const progress = (await rollout.result()) as RolloutProgress;
      expect(progress).toMatchObject({ signaled: 3, skipped: 0, done: true });
      await eventually(
        async () => {
          const now = await due();
          return dryRun.moves.every((m) => now[m.caseId] === m.to);
        },
        'moved deadlines projected',
        60_000,
      );
    });
    const dueAfter = await due();
    for (const m of dryRun.moves) expect([dueBefore[m.caseId], dueAfter[m.caseId]]).toEqual([m.from, m.to]);
    expect(dueAfter[ids[2]]).toBe(dueBefore[ids[2]]); // governed by the old rule set: unchanged

    const audit = await ds.query(
      `SELECT case_id, details FROM audit_entries WHERE action = 'DUE_DATE_MOVED' ORDER BY case_id`,
    );
    expect(audit).toHaveLength(2);
    for (const a of audit)
      expect(a.details).toMatchObject({
        code: 'contact-14d',
        cause: 'rule-set-change',
        ruleSet: 'fleksjob-2024-kontakt-21',
      });
  });
});
