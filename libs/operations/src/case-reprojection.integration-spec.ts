import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { SystemClock } from '@frist/config';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate, type ProjectCaseInput } from '@frist/contracts';
import { createDataSource } from '@frist/persistence';
import { createLocalEnv, createTestDatabase, bundledWorkflows } from '@frist/testing';
import { CaseProjectionActivities, evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { CaseReprojectionService } from './case-reprojection.service';

const TASK_COLUMNS = `case_id, team, obligation_code, occurrence, kind, status, title, rule_set, source, explanation,
  to_char(started_on, 'YYYY-MM-DD') s, to_char(nominal_due_on, 'YYYY-MM-DD') n, to_char(due_on, 'YYYY-MM-DD') d,
  to_char(remind_on, 'YYYY-MM-DD') r, to_char(closed_on, 'YYYY-MM-DD') c`;

describe('reproject: rebuild the task read model from the workflows (dev server, Postgres)', () => {
  jest.setTimeout(180_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

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

  it('restores a wiped tasks table exactly, then finds nothing to do', async () => {
    const taskQueue = `reproject-${randomUUID()}`;
    const projection = new CaseProjectionActivities(ds, new SystemClock());
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities: withEvaluateAndProject({
        projectCase: (p: ProjectCaseInput) => projection.projectCase(p),
        evaluateCase,
      }),
    });
    const today = copenhagenDate(Date.now());
    const d = (n: number) => addDaysIso(today, -n);
    const timelines = [
      [{ type: 'PREPARATORY_PART_STARTED', date: d(80) }],
      [
        { type: 'VISITATION_DECIDED', date: d(40) },
        { type: 'CONTACT_HELD', date: d(20), form: 'phone' },
      ],
      [
        { type: 'VISITATION_DECIDED', date: d(300) },
        { type: 'FLEXJOB_STARTED', date: d(200), hoursPerWeek: 8, employer: 'X' },
        { type: 'FLEXJOB_FOLLOWUP_HELD', date: d(170) },
      ],
    ];
    await worker.runUntil(async () => {
      for (const [i, events] of timelines.entries()) {
        const caseId = randomUUID();
        const handle = await env.client.workflow.start('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue,
          args: [{ facts: { caseId, citizenRef: `ref-${i}`, team: 'team-r', birthDate: '1975-01-01' } }],
        });
        await handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: events.map((event, j) => ({ eventId: `e${j}`, event })) }],
        });
      }
      const before = await ds.query(`SELECT ${TASK_COLUMNS} FROM tasks ORDER BY case_id, obligation_code, occurrence`);
      expect(before.length).toBeGreaterThan(8);

      // The workflows hold verdicts (patch compact-evaluation): the service evaluates their snapshots as the worker does.
      const service = new CaseReprojectionService(env.client, ds, projection, evaluateCase);
      // Visibility is eventually consistent: wait until the three running cases are listed.
      for (let i = 0; i < 50 && (await service.run({ apply: false })).cases < 3; i++)
        await new Promise((r) => setTimeout(r, 200));
      const clean = await service.run({ apply: false });
      expect(clean).toMatchObject({ cases: 3, casesWithDifferences: 0, differences: [] });

      await ds.query('DELETE FROM tasks');
      await ds.query(`UPDATE cases SET phase = 'PRE'`);
      const dryRun = await service.run({ apply: false });
      expect(dryRun.casesWithDifferences).toBe(3);
      expect(dryRun.differences).toHaveLength(before.length);
      expect(dryRun.differences.every((x) => x.kind === 'missing')).toBe(true);
      expect(await ds.query('SELECT count(*)::int AS n FROM tasks')).toEqual([{ n: 0 }]); // a dry run writes nothing

      const applied = await service.run({ apply: true });
      expect(applied).toMatchObject({ cases: 3, casesWithDifferences: 3, rebuilt: 3, skippedNewer: 0, failed: [] });
      expect(await ds.query(`SELECT ${TASK_COLUMNS} FROM tasks ORDER BY case_id, obligation_code, occurrence`)).toEqual(
        before,
      );
      expect(
        (await ds.query(`SELECT DISTINCT phase FROM cases ORDER BY 1`)).map((r: { phase: string }) => r.phase),
      ).toEqual(['JOB', 'LY', 'PRE']);

      // A tampered row is reported as changed and repaired.
      await ds.query(`UPDATE tasks SET status = 'met', due_on = due_on + 1 WHERE obligation_code = 'phase1-target'`);
      const tampered = await service.run({ apply: true });
      expect(tampered.differences).toEqual([
        expect.objectContaining({
          code: 'phase1-target',
          kind: 'changed',
          fields: { status: ['met', 'overdue'], due_on: [expect.any(String), expect.any(String)] },
        }),
      ]);
      expect(await service.run({ apply: false })).toMatchObject({ casesWithDifferences: 0 });
    });
  });
});
