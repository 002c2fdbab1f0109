import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { SystemClock } from '@frist/config';
import {
  applyEventsUpdate,
  caseWorkflowId,
  copenhagenDate,
  ruleSetRolloutWorkflowId,
  type ProjectCaseInput,
  type RolloutProgress,
} from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import { createLocalEnv, createTestDatabase, bundledWorkflows, eventually, FJ_4_SPRING_2026 } from '@frist/testing';
import { CaseProjectionActivities, evaluateCase, listOpenCaseIds, withEvaluateAndProject } from '@frist/activities';
import { dryRunMigration, MIG_2026_PUBLISHED_ON, migrationDryRunCsv } from './migration-dry-run';

const MIG_2026 = { id: 'MIG-2026', publishedOn: MIG_2026_PUBLISHED_ON } as const;
/** Fleksjob cases running since spring 2026, recorded before MIG-2026 (the first is the spec's FJ-4 timeline). */
const TIMELINES = [
  FJ_4_SPRING_2026,
  // Only one talk: the backfilled second job talk is overdue.
  [
    { type: 'VISITATION_DECIDED', date: '2026-04-13' },
    { type: 'CONTACT_HELD', date: '2026-04-20', form: 'in-person' },
  ],
];

/**
 * MIG-2026 for running cases through the rule-set rollout: the dry run lists what appears, moves or changes label,
 * the apply signals every open case to take the migration, the projection audits each change with the M4 cause,
 * and a second apply changes nothing.
 */
describe('law migration MIG-2026: dry run, apply, audit, second apply (dev server, Postgres)', () => {
  jest.setTimeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  const today = copenhagenDate(Date.now());

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 4);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  it('migrates running cases visibly: shown deadlines stay, backfilled tasks appear, every change is audited once', async () => {
    const taskQueue = `mig-${randomUUID()}`;
    const projection = new CaseProjectionActivities(ds, new SystemClock());
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities: withEvaluateAndProject({
        projectCase: (p: ProjectCaseInput) => projection.projectCase(p),
        evaluateCase,
        listOpenCaseIds: (after: string, limit: number) => listOpenCaseIds(ds, after, limit),
      }),
    });
    const ids = TIMELINES.map(() => randomUUID());
    interface TaskRow {
      case_id: string;
      key: string;
      due_on: string;
      kind: string;
      rule_set: string;
      backfilled: boolean;
      legal_basis: string | null;
      status: string;
      projection_seq: number;
    }
    const tasks = () =>
      ds.query<TaskRow[]>(
        `SELECT case_id, obligation_code || '#' || occurrence AS key, to_char(due_on, 'YYYY-MM-DD') AS due_on, kind,
           rule_set, backfilled, legal_basis, status, projection_seq FROM tasks ORDER BY case_id, key`,
      );
    const audit = () =>
      ds.query<{ case_id: string; action: string; details: Record<string, unknown> }[]>(
        `SELECT case_id, action, details FROM audit_entries WHERE action IN ('TASK_ADDED', 'TASK_RULE_SET_CHANGED', 'DUE_DATE_MOVED') ORDER BY id`,
      );

    await worker.runUntil(async () => {
      for (const [i, caseId] of ids.entries()) {
        const handle = await env.client.workflow.start('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue,
          args: [{ facts: { caseId, citizenRef: `r${i}`, team: 'team-mig', birthDate: '1975-07-07' } }],
        });
        const events = TIMELINES[i].map((event, n) => ({ eventId: `e${n}`, event }));
        await handle.executeUpdate(applyEventsUpdate, { args: [{ events }] });
      }
      const shown = await tasks();
      expect(shown.some((t) => t.key.startsWith('ly-') || t.backfilled || t.legal_basis)).toBe(false);

      // Dry run: nothing written, the CSV lists every change per case.
      const dryRun = await dryRunMigration(ds, MIG_2026, today);
      expect(await tasks()).toEqual(shown);
      expect(dryRun).toMatchObject({ cases: 2, casesAffected: 2 });
      expect(dryRun.totals).toMatchObject({ appears: 8, moves: 0, backfilledOverdue: 1 });
      const appears = dryRun.changes.filter((c) => c.caseId === ids[0] && c.change === 'appears');
      expect(appears.map((c) => `${c.code}#${c.occurrence}`).sort()).toEqual([
        'ly-jobtalk#1',
        'ly-jobtalk#2',
        'ly-jobtalk#3',
        'ly-jobtalk#4',
        'ly-reassessment#1',
      ]);
      expect(dryRun.changes).toContainEqual(
        expect.objectContaining({ caseId: ids[0], code: 'contact-14d', occurrence: 5, change: 'rule-set' }),
      );
      const csvFile = join(mkdtempSync(join(tmpdir(), 'frist-mig-')), 'mig-2026.csv');
      writeFileSync(csvFile, migrationDryRunCsv(dryRun));
      const csv = readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
      expect(csv[0]).toBe('caseId,team,code,occurrence,change,from,to,status,dueOn,backfilled');
      expect(csv).toHaveLength(dryRun.changes.length + 1);
      expect(csv).toContain(`${ids[1]},team-mig,ly-jobtalk,2,appears,,2026-10-12,overdue,2026-10-12,true`);

      const apply = async () => {
        const rollout = await env.client.workflow.start('ruleSetRolloutWorkflow', {
          workflowId: `${ruleSetRolloutWorkflowId('MIG-2026')}-${randomUUID()}`,
          taskQueue,
          args: [{ ruleSet: 'MIG-2026', ratePerSecond: 5, migration: MIG_2026 }],
        });
        return (await rollout.result()) as RolloutProgress;
      };
      expect(await apply()).toMatchObject({ signaled: 2, skipped: 0, done: true });
      await eventually(
        async () => {
          const now = await tasks();
          return ids.every((id) => now.some((t) => t.case_id === id && t.key === 'ly-reassessment#1'));
        },
        'both cases migrated',
        60_000,
      );
      const migrated = await tasks();
      // Shown deadlines do not move; new tasks are flagged backfilled and carry their legal basis.
      for (const t of shown)
        expect(migrated.find((m) => m.case_id === t.case_id && m.key === t.key)?.due_on).toBe(t.due_on);
      const added = migrated.filter((m) => !shown.some((t) => t.case_id === m.case_id && t.key === m.key));
      expect(added).toHaveLength(8);
      expect(added.every((t) => t.backfilled && t.rule_set === 'fleksjob-2026' && t.legal_basis)).toBe(true);
      expect(migrated.find((t) => t.case_id === ids[0] && t.key === 'contact-14d#5')).toMatchObject({
        rule_set: 'fleksjob-2026',
        kind: 'policy',
        backfilled: false,
      });

      const entries = await audit();
      expect(entries.filter((e) => e.action === 'TASK_ADDED')).toHaveLength(8);
      expect(entries.filter((e) => e.action === 'DUE_DATE_MOVED')).toHaveLength(0);
      // FJ-4: contact-14d #4-#5 keep their dates but become fleksjob-2026 / policy (label-only, audited, M4).
      const relabelled = entries.filter(
        (e) => e.case_id === ids[0] && e.action === 'TASK_RULE_SET_CHANGED' && e.details.code === 'contact-14d',
      );
      expect(relabelled.map((e) => e.details.occurrence)).toEqual([4, 5]);
      for (const e of relabelled)
        expect(e.details).toMatchObject({
          from: { ruleSet: 'fleksjob-2024', kind: 'target' },
          to: { ruleSet: 'fleksjob-2026', kind: 'policy' },
          migration: 'MIG-2026',
        });
      for (const e of entries)
        expect(e.details.cause).toMatch(/^rule-set change: fleksjob-2026 \(backdated by MIG-2026; .+\)$/);

      // A second apply changes nothing: no projection, no audit entry.
      expect(await apply()).toMatchObject({ signaled: 2, done: true });
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await tasks()).toEqual(migrated);
      expect(await audit()).toEqual(entries);
    });
  });

  it('migrates a running sygedagpenge case: the 2009 series gives way to sdp-followups-6m, and law-2026 events are accepted only after', async () => {
    const taskQueue = `mig-sdp-${randomUUID()}`;
    const projection = new CaseProjectionActivities(ds, new SystemClock());
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities: withEvaluateAndProject({
        projectCase: (p: ProjectCaseInput) => projection.projectCase(p),
        evaluateCase,
        listOpenCaseIds: (after: string, limit: number) => listOpenCaseIds(ds, after, limit),
      }),
    });
    const caseId = randomUUID();
    const tasks = () =>
      ds.query<{ key: string; due_on: string; rule_set: string; kind: string; backfilled: boolean; status: string }[]>(
        `SELECT obligation_code || '#' || occurrence AS key, to_char(due_on, 'YYYY-MM-DD') AS due_on, rule_set, kind,
           backfilled, status FROM tasks WHERE case_id = $1 ORDER BY key`,
        [caseId],
      );
    // SD-4's course, recorded before MIG-2026 (so with the 2009 cadence on the first talk).
    const recorded = [
      { type: 'SICK_LEAVE_STARTED', date: '2026-05-11' },
      { type: 'FIRST_FOLLOWUP_HELD', date: '2026-06-30', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 8 },
      { type: 'SICKNESS_FOLLOWUP_HELD', date: '2026-07-28', heldBy: 'jobcenter', form: 'phone' },
    ];
    const exemption = {
      eventId: 'x1',
      event: {
        type: 'SHORT_ABSENCE_EXPECTED',
        date: '2026-12-01',
        inEmployment: true,
        employeeExpects: true,
        employerExpects: true,
      },
    };

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue,
        args: [{ facts: { caseId, citizenRef: 'r-sdp', team: 'team-mig-sdp', caseType: 'sygedagpenge' } }],
      });
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: recorded.map((event, n) => ({ eventId: `e${n}`, event })) }],
      });
      // M3: before the migration the case does not know the law-2026 event types.
      await expect(handle.executeUpdate(applyEventsUpdate, { args: [{ events: [exemption] }] })).rejects.toThrow();
      const shown = await tasks();
      expect(shown.map((t) => [t.key, t.rule_set])).toEqual([
        ['sdp-first-followup#1', 'sygedagpenge-2009'],
        ['sdp-followup#1', 'sygedagpenge-2009'],
        ['sdp-followup#2', 'sygedagpenge-2009'],
      ]);

      const dryRun = await dryRunMigration(ds, MIG_2026, today);
      const mine = dryRun.changes.filter((c) => c.caseId === caseId);
      expect(mine.map((c) => [c.change, `${c.code}#${c.occurrence}`, c.from, c.to]).sort()).toEqual(
        [
          ['appears', 'sdp-followups-6m#1', '', '2026-11-10'],
          ['appears', 'sdp-followups-6m#2', '', '2026-11-10'],
          ['disappears', 'sdp-followup#1', '2026-08-25', ''],
          ['disappears', 'sdp-followup#2', '2026-09-22', ''],
          ['rule-set', 'sdp-first-followup#1', 'sygedagpenge-2009', 'sygedagpenge-2025'],
        ].sort(),
      );
      expect(dryRun.totals.disappears).toBeGreaterThanOrEqual(2);

      const rollout = await env.client.workflow.start('ruleSetRolloutWorkflow', {
        workflowId: `${ruleSetRolloutWorkflowId('MIG-2026')}-${randomUUID()}`,
        taskQueue,
        args: [{ ruleSet: 'MIG-2026', ratePerSecond: 5, migration: MIG_2026 }],
      });
      await rollout.result();
      await eventually(
        async () => (await tasks()).some((t) => t.key === 'sdp-followups-6m#2'),
        'the sygedagpenge case migrated',
        60_000,
      );
      expect(await tasks()).toEqual([
        {
          key: 'sdp-first-followup#1',
          due_on: '2026-07-03',
          rule_set: 'sygedagpenge-2025',
          kind: 'legal',
          backfilled: false,
          status: 'met',
        },
        {
          key: 'sdp-followups-6m#1',
          due_on: '2026-11-10',
          rule_set: 'sygedagpenge-2025',
          kind: 'legal',
          backfilled: true,
          status: 'met',
        },
        {
          key: 'sdp-followups-6m#2',
          due_on: '2026-11-10',
          rule_set: 'sygedagpenge-2026',
          kind: 'policy',
          backfilled: true,
          status: 'overdue',
        },
      ]);
      const entries = await ds.query<{ action: string; details: Record<string, unknown> }[]>(
        `SELECT action, details FROM audit_entries WHERE case_id = $1 AND action IN ('TASK_ADDED', 'TASK_REMOVED', 'TASK_RULE_SET_CHANGED') ORDER BY id`,
        [caseId],
      );
      expect(
        entries.map((e) => [e.action, `${String(e.details.code)}#${String(e.details.occurrence)}`]).sort(),
      ).toEqual(
        [
          ['TASK_ADDED', 'sdp-followups-6m#1'],
          ['TASK_ADDED', 'sdp-followups-6m#2'],
          ['TASK_REMOVED', 'sdp-followup#1'],
          ['TASK_REMOVED', 'sdp-followup#2'],
          ['TASK_RULE_SET_CHANGED', 'sdp-first-followup#1'],
        ].sort(),
      );

      // After the migration the case takes the 26-week exemption (R6): the open follow-up is waived, a checkpoint
      // appears (already past week 26, so overdue at once).
      await handle.executeUpdate(applyEventsUpdate, { args: [{ events: [exemption] }] });
      await eventually(
        async () => (await tasks()).some((t) => t.key === 'sdp-26w-checkpoint#1'),
        'the exemption projected',
        30_000,
      );
      const after = await tasks();
      expect(after.find((t) => t.key === 'sdp-followups-6m#2')?.status).toBe('waived');
      expect(after.find((t) => t.key === 'sdp-26w-checkpoint#1')).toMatchObject({
        due_on: '2026-11-06',
        rule_set: 'sygedagpenge-2026',
        kind: 'policy',
        status: 'overdue',
      });
    });
  });
});
