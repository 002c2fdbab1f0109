import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { FixedClock } from '@frist/config';
import { CaseFailure, type ProjectCaseInput } from '@frist/contracts';
import type { Occurrence } from '@frist/obligations';
import { createDataSource } from '@frist/persistence';
import { createTestDatabase } from '@frist/testing';
import { CaseProjectionActivities, refusedProjection } from './case-projection.activities';

const occurrence = (over: Partial<Occurrence>): Occurrence => ({
  code: 'phase1-target',
  occurrence: 1,
  kind: 'target',
  status: 'open',
  ruleSet: 'fleksjob-2024',
  source: 'model target (001 L978–979)',
  title: 'Fase 1: sagen bør være visiteret senest 2027-03-15',
  startedOn: '2027-01-04',
  anchorOn: '2027-01-04',
  nominalDueOn: '2027-03-15',
  dueOn: '2027-03-15',
  remindOn: '2027-03-01',
  explanation: '10 uger efter forberedende del påbegyndt 2027-01-04 = 2027-03-15',
  ...over,
});

describe('case projection activity (real Postgres)', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let activities: CaseProjectionActivities;
  const clock = new FixedClock(new Date('2027-02-01T09:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 4);
    await ds.initialize();
    activities = new CaseProjectionActivities(ds, clock);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const input = (
    caseId: string,
    seq: number,
    occurrences: Occurrence[],
    newEvents: ProjectCaseInput['newEvents'] = [],
  ): ProjectCaseInput => ({
    seq,
    facts: { caseId, citizenRef: 'ref', team: 'team-a', birthDate: '1979-09-14' },
    phase: 'PRE',
    asOf: '2027-02-01',
    newEvents,
    retractedEvents: [],
    audit: [],
    occurrences,
    nextDueOn: occurrences[0]?.dueOn ?? null,
    overdueCount: occurrences.filter((o) => o.status === 'overdue').length,
    closedOn: null,
  });
  const tasks = (caseId: string) =>
    ds.query(
      `SELECT obligation_code, occurrence, status, to_char(due_on, 'YYYY-MM-DD') AS due_on, projection_seq FROM tasks WHERE case_id = $1 ORDER BY 1, 2`,
      [caseId],
    );

  it('is idempotent: a retried projection writes each task and event exactly once', async () => {
    const caseId = randomUUID();
    const events = [
      {
        eventId: 'prep',
        event: { type: 'PREPARATORY_PART_STARTED', date: '2027-01-04' },
        recordedAt: '2027-01-04T10:00:00.000Z',
      },
    ];
    const p = input(caseId, 1, [occurrence({})], events);
    await activities.projectCase(p);
    await activities.projectCase(p);
    await Promise.all([activities.projectCase(p), activities.projectCase(p)]);
    expect(await tasks(caseId)).toEqual([
      { obligation_code: 'phase1-target', occurrence: 1, status: 'open', due_on: '2027-03-15', projection_seq: 1 },
    ]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [caseId]);
    expect(n).toBe(1);
    const audit = await ds.query(`SELECT action FROM audit_entries WHERE case_id = $1`, [caseId]);
    expect(audit).toEqual([{ action: 'EVENT_RECORDED' }]);
    // The change feed's outbox saw exactly one change.
    expect(await ds.query(`SELECT change, status FROM task_changes WHERE case_id = $1`, [caseId])).toEqual([
      { change: 'created', status: 'open' },
    ]);
  });

  it('reports the task rows it created or changed to its observer, and nothing for a retry or an older projection', async () => {
    const observed = new CaseProjectionActivities(ds, clock);
    const seen: unknown[] = [];
    observed.observeTaskChanges((changes) => seen.push(changes));
    const caseId = randomUUID();
    const first = input(caseId, 1, [occurrence({}), occurrence({ code: 'contact-14d', dueOn: '2027-02-10' })]);
    await observed.projectCase(first);
    await observed.projectCase(first);
    await observed.projectCase(
      input(caseId, 3, [occurrence({ status: 'overdue' }), occurrence({ code: 'contact-14d', dueOn: '2027-02-10' })]),
    );
    await observed.projectCase(input(caseId, 2, [occurrence({ status: 'met', metOn: '2027-03-01' })]));
    expect(seen).toEqual([
      expect.arrayContaining([
        { code: 'phase1-target', change: 'created', status: 'open' },
        { code: 'contact-14d', change: 'created', status: 'open' },
      ]),
      [{ code: 'phase1-target', change: 'updated', status: 'overdue' }],
    ]);
    expect((seen[0] as unknown[]).length).toBe(2);
  });

  it('never lets an older projection overwrite a newer one', async () => {
    const caseId = randomUUID();
    await activities.projectCase(input(caseId, 2, [occurrence({ status: 'met', metOn: '2027-03-01' })]));
    await activities.projectCase(input(caseId, 1, [occurrence({ status: 'open' })]));
    expect((await tasks(caseId))[0]).toMatchObject({ status: 'met', projection_seq: 2 });
    const [c] = await ds.query(`SELECT projection_seq FROM cases WHERE id = $1`, [caseId]);
    expect(c.projection_seq).toBe(2);
  });

  it('audits a moved deadline and a removed task', async () => {
    const caseId = randomUUID();
    await activities.projectCase(
      input(caseId, 1, [
        occurrence({}),
        occurrence({ code: 'contact-14d', dueOn: '2027-02-10', nominalDueOn: '2027-02-10' }),
      ]),
    );
    await activities.projectCase(input(caseId, 2, [occurrence({ dueOn: '2027-03-12', nominalDueOn: '2027-03-12' })]));
    expect(await tasks(caseId)).toEqual([
      { obligation_code: 'phase1-target', occurrence: 1, status: 'open', due_on: '2027-03-12', projection_seq: 2 },
    ]);
    const audit = await ds.query(`SELECT action, details FROM audit_entries WHERE case_id = $1 ORDER BY id`, [caseId]);
    expect(audit).toEqual([
      {
        action: 'DUE_DATE_MOVED',
        details: {
          code: 'phase1-target',
          occurrence: 1,
          from: '2027-03-15',
          to: '2027-03-12',
          ruleSet: 'fleksjob-2024',
          cause: 'recomputation',
          seq: 2,
        },
      },
      { action: 'TASK_REMOVED', details: { code: 'contact-14d', occurrence: 1, dueOn: '2027-02-10', seq: 2 } },
    ]);
    const changes = await ds.query(
      `SELECT obligation_code, change, projection_seq FROM task_changes WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(changes).toEqual([
      { obligation_code: 'phase1-target', change: 'created', projection_seq: 1 },
      { obligation_code: 'contact-14d', change: 'created', projection_seq: 1 },
      { obligation_code: 'contact-14d', change: 'removed', projection_seq: 2 },
      { obligation_code: 'phase1-target', change: 'updated', projection_seq: 2 },
    ]);
  });

  it('audits every task an applied policy decision adds, relabels, moves or removes with the decision as cause, once', async () => {
    const caseId = randomUUID();
    const decision = {
      id: '0c7a9d1e-0000-4000-8000-00000000000a',
      title: 'Team A: kontakt hver 14. dag',
      decisionDate: '2027-01-10',
      effectiveFrom: '2027-01-15',
    };
    const contact = (n: number, over: Partial<Occurrence> = {}) =>
      occurrence({
        code: 'contact-14d',
        occurrence: n,
        kind: 'policy',
        ruleSet: 'fleksjob-2026',
        dueOn: `2027-02-0${n}`,
        nominalDueOn: `2027-02-0${n}`,
        ...over,
      });
    await activities.projectCase(input(caseId, 1, [occurrence({}), contact(1), contact(2)]));
    const labelled = `${contact(1).explanation}; lokal politik: ${decision.title} (besluttet 2027-01-10, gælder fra 2027-01-15)`;
    const { id: decisionId, ...dates } = decision;
    const madeBy = { decisionId, ...dates };
    const applied: ProjectCaseInput = {
      ...input(caseId, 2, [
        occurrence({ dueOn: '2027-03-12', nominalDueOn: '2027-03-12' }),
        contact(1, { explanation: labelled, policy: madeBy }),
        contact(3),
      ]),
      moveCause: 'rule-set-change',
      policy: decision,
    };
    await activities.projectCase(applied);
    await activities.projectCase(applied); // a retried activity audits nothing twice
    const cause = `policy decision: ${decision.title} (${decision.id}; decided 2027-01-10, effective from 2027-01-15)`;
    const policyDecision = { id: decision.id, decisionDate: '2027-01-10', effectiveFrom: '2027-01-15' };
    const audit = await ds.query<{ action: string; details: Record<string, unknown> }[]>(
      `SELECT action, details FROM audit_entries WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(audit.map((a) => [a.action, a.details.code, a.details.occurrence, a.details.cause])).toEqual([
      ['TASK_POLICY_CHANGED', 'contact-14d', 1, cause],
      ['TASK_ADDED', 'contact-14d', 3, cause],
      ['DUE_DATE_MOVED', 'phase1-target', 1, cause],
      ['TASK_REMOVED', 'contact-14d', 2, cause],
    ]);
    expect(audit.every((a) => JSON.stringify(a.details.policyDecision) === JSON.stringify(policyDecision))).toBe(true);
    expect(audit[0].details.madeBy).toMatchObject({ decisionId: decision.id, decisionDate: '2027-01-10' });
  });

  it("tells the old team that a moved case's tasks left, and the new team that they arrived", async () => {
    const caseId = randomUUID();
    const tasksOf = [
      occurrence({}),
      occurrence({ code: 'contact-14d', dueOn: '2027-02-10', nominalDueOn: '2027-02-10' }),
    ];
    await activities.projectCase(input(caseId, 1, tasksOf));
    const moved = input(caseId, 2, tasksOf);
    await activities.projectCase({ ...moved, facts: { ...moved.facts, team: 'team-b' } });
    // A retried activity with the same answer writes nothing more.
    await activities.projectCase({ ...moved, facts: { ...moved.facts, team: 'team-b' } });
    // Order within one statement is not guaranteed; across statements it is (the old team hears first).
    const changes = await ds.query<{ id: string; team: string; obligation_code: string; change: string }[]>(
      `SELECT id, team, obligation_code, change, projection_seq FROM task_changes WHERE case_id = $1
       ORDER BY projection_seq, team, change, obligation_code`,
      [caseId],
    );
    expect(changes.map(({ id: _id, ...c }) => c)).toEqual([
      { team: 'team-a', obligation_code: 'contact-14d', change: 'created', projection_seq: 1 },
      { team: 'team-a', obligation_code: 'phase1-target', change: 'created', projection_seq: 1 },
      { team: 'team-a', obligation_code: 'contact-14d', change: 'removed', projection_seq: 2 },
      { team: 'team-a', obligation_code: 'phase1-target', change: 'removed', projection_seq: 2 },
      { team: 'team-b', obligation_code: 'contact-14d', change: 'updated', projection_seq: 2 },
      { team: 'team-b', obligation_code: 'phase1-target', change: 'updated', projection_seq: 2 },
    ]);
    const idsOf = (change: string) => changes.filter((c) => c.change === change).map((c) => BigInt(c.id));
    expect(idsOf('removed').every((r) => idsOf('updated').every((u) => r < u))).toBe(true);
  });

  it('refuses for good (non-retryable, SQLSTATE only) a projection whose data Postgres cannot store', async () => {
    const caseId = randomUUID();
    const p = input(caseId, 1, [occurrence({})]);
    const projection = activities.projectCase({ ...p, facts: { ...p.facts, citizenRef: 'nul\u0000x' } });
    await expect(projection).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(projection).rejects.toMatchObject({
      type: CaseFailure.ProjectionRejected,
      nonRetryable: true,
      details: [{ reason: 'SQLSTATE 22021' }],
    });
    expect(await tasks(caseId)).toEqual([]); // the transaction wrote nothing
    // An outage is not the data's fault: it stays retryable.
    expect(
      refusedProjection(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBeUndefined();
    expect(refusedProjection(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBeUndefined();
  });

  it('records an event whose text holds a NUL character (as U+FFFD), so it can be retracted like any other', async () => {
    const caseId = randomUUID();
    const events = [
      {
        eventId: 'contact',
        event: { type: 'CONTACT_HELD', date: '2027-01-20', form: 'phone', note: 'a\u0000b' },
        recordedAt: '2027-01-20T10:00:00.000Z',
      },
    ];
    await activities.projectCase(input(caseId, 1, [occurrence({})], events));
    const [row] = await ds.query(`SELECT fields FROM case_events WHERE case_id = $1`, [caseId]);
    expect(row.fields).toEqual({ form: 'phone', note: 'a\uFFFDb' });
  });
});
