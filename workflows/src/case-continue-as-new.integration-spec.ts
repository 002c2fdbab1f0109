import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { CaseProjectionActivities, evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { SystemClock } from '@frist/config';
import {
  addDaysIso,
  applyEventsUpdate,
  caseSnapshotQuery,
  caseWorkflowId,
  copenhagenDate,
  type ProjectCaseInput,
  type SubmittedEvent,
} from '@frist/contracts';
import { computeObligations, type CaseEvent } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createLocalEnv, createTestDatabase, bundledWorkflows } from '@frist/testing';

const CAN_AFTER_EVENTS = 150;

/** A decade of one case's events: contacts, internships, two fleksjobs, follow-ups, benefit pauses. */
function tenYearTimeline(today: string): CaseEvent[] {
  const start = addDaysIso(today, -3650);
  const at = (d: number) => addDaysIso(start, d);
  const events: CaseEvent[] = [
    { type: 'VISITATION_DECIDED', date: at(0) },
    { type: 'BENEFIT_STARTED', date: at(3) },
  ];
  let d = 10;
  for (; d < 1200; d += 12) events.push({ type: 'CONTACT_HELD', date: at(d), form: d % 24 ? 'phone' : 'in-person' });
  events.push({ type: 'INTERNSHIP_STARTED', date: at(d) }, { type: 'INTERNSHIP_ENDED', date: at(d + 60) });
  for (d += 70; d < 1900; d += 13) events.push({ type: 'CONTACT_HELD', date: at(d), form: 'video' });
  events.push(
    { type: 'BENEFIT_SUSPENDED', date: at(d), reason: 'sygdom' },
    { type: 'BENEFIT_RESUMED', date: at(d + 30) },
  );
  events.push(
    { type: 'FLEXJOB_STARTED', date: at(d + 40), hoursPerWeek: 9, employer: 'Byens Bageri ApS' },
    { type: 'FLEXJOB_AGREEMENT_RECORDED', date: at(d + 40) },
  );
  events.push({ type: 'CAPACITY_DECISION_ISSUED', date: at(d + 50) });
  for (let k = 1; k <= 4; k++) events.push({ type: 'FLEXJOB_FOLLOWUP_HELD', date: at(d + 40 + 35 * k) });
  events.push({ type: 'STATUTORY_FOLLOWUP_HELD', date: at(d + 40 + 900) });
  events.push({ type: 'FLEXJOB_ENDED', date: at(d + 1000) });
  for (d += 1005; d < 3600; d += 14) events.push({ type: 'CONTACT_HELD', date: at(d), form: 'phone' });
  return events;
}

/**
 * A ten-year case with hundreds of events on the real dev server, with continue-as-new suggested after 150 history
 * events: the case survives many runs with its clocks and read model intact, and no run's history grows large.
 */
describe('case workflow continue-as-new (dev server, Postgres)', () => {
  jest.setTimeout(300_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    [env, db] = await Promise.all([
      createLocalEnv(['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${CAN_AFTER_EVENTS}`]),
      createTestDatabase(),
    ]);
    ds = createDataSource(db.url, 4);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  it('keeps every clock and task across many runs', async () => {
    const taskQueue = `can-${randomUUID()}`;
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
    const caseId = randomUUID();
    const today = copenhagenDate(Date.now());
    const timeline = tenYearTimeline(today);
    expect(timeline.length).toBeGreaterThan(200);

    await worker.runUntil(async () => {
      await env.client.workflow.start('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue,
        args: [{ facts: { caseId, citizenRef: 'ref-10y', team: 'team-can', birthDate: '1975-06-01' } }],
      });
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      // Caseworkers register a few events at a time, as they happen.
      for (let i = 0; i < timeline.length; i += 3) {
        const events: SubmittedEvent[] = timeline
          .slice(i, i + 3)
          .map((event, j) => ({ eventId: `ev-${i + j}`, event }));
        await handle.executeUpdate(applyEventsUpdate, { args: [{ events }] });
      }
      // The last run holds the verdict; its evaluation input (the timeline carried across every run) gives the answer.
      const snapshot = await handle.query(caseSnapshotQuery);
      const expected = computeObligations({ birthDate: '1975-06-01' }, timeline, snapshot.asOf).occurrences;
      expect(snapshot.evaluation?.events).toEqual(timeline);
      expect((await evaluateCase(snapshot.evaluation!)).result.occurrences).toEqual(expected);

      // Several runs, each short.
      const runs: { runId: string; status: string }[] = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId)}'` }))
        runs.push({ runId: w.runId, status: w.status.name });
      expect(runs.filter((r) => r.status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(3);
      expect(runs.filter((r) => r.status === 'RUNNING')).toHaveLength(1);
      for (const r of runs) {
        const history = await env.client.workflow.getHandle(caseWorkflowId(caseId), r.runId).fetchHistory();
        expect(history.events?.length ?? 0).toBeLessThan(CAN_AFTER_EVENTS + 100);
      }

      // The read model equals the engine's answer: every occurrence once, nothing missing, nothing extra.
      const rows: { obligation_code: string; occurrence: number; status: string; due_on: string }[] = await ds.query(
        `SELECT obligation_code, occurrence, status, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM tasks WHERE case_id = $1 ORDER BY obligation_code, occurrence`,
        [caseId],
      );
      const want = expected
        .map((o) => ({ obligation_code: o.code, occurrence: o.occurrence, status: o.status, due_on: o.dueOn }))
        .sort((a, b) =>
          a.obligation_code === b.obligation_code
            ? a.occurrence - b.occurrence
            : a.obligation_code < b.obligation_code
              ? -1
              : 1,
        );
      expect(rows).toEqual(want);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId]);
      expect(n).toBe(timeline.length);
    });
  });
});
