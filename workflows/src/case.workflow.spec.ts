import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { evaluateCase } from '@frist/activities';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  addDaysIso,
  copenhagenDate,
  applyEventsUpdate,
  applyEventsVerdictUpdate,
  caseSnapshotQuery,
  caseWorkflowId,
  copenhagenStartOfDay,
  correctEventUpdate,
  moveCaseUpdate,
  type ProjectCaseInput,
  type SubmittedEvent,
} from '@frist/contracts';
import { captureHistory, createTimeSkippingEnv, eventually, withCaseWorkflow, type CaseHarness } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const withCase = <T>(fn: (h: CaseHarness) => Promise<T>) => withCaseWorkflow(env, evaluateCase, fn);

const phase1 = (p: ProjectCaseInput | undefined) => p?.occurrences.find((o) => o.code === 'phase1-target');

describe('case workflow (time-skipping)', () => {
  it('raises phase 1, lets it become overdue after 10 weeks, and meets it at visitation', async () => {
    await withCase(async ({ caseId, projections, today, occurrences }) => {
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      const started = await today();
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'prep', event: { type: 'PREPARATORY_PART_STARTED', date: started } }] }],
      });
      const open = (await occurrences()).find((o) => o.code === 'phase1-target');
      expect(open).toMatchObject({ status: 'open', startedOn: started, nominalDueOn: addDaysIso(started, 70) });
      // The update answered only after the read model had it.
      expect(phase1(projections.at(-1))?.status).toBe('open');
      expect(projections.at(-1)?.newEvents.map((e) => e.eventId)).toEqual(['prep']);

      // Skip to the day after the due date: the single timer fires and the task turns overdue.
      const dueOn = open!.dueOn;
      await env.sleep(copenhagenStartOfDay(addDaysIso(dueOn, 1)) + 3_600_000 - (await env.currentTimeMs()));
      const overdue = await eventually(
        async () => (phase1(projections.at(-1))?.status === 'overdue' ? projections.at(-1) : undefined),
        'overdue projection',
      );
      expect(overdue.asOf > dueOn).toBe(true);
      expect(overdue.overdueCount).toBe(1);
      expect((await occurrences()).find((o) => o.code === 'phase1-target')?.status).toBe('overdue');

      const visitation = await today();
      const r2 = await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'visit', event: { type: 'VISITATION_DECIDED', date: visitation } }] }],
      });
      expect((await occurrences()).find((o) => o.code === 'phase1-target')).toMatchObject({
        status: 'met-late',
        metOn: visitation,
      });
      expect(r2.phase).toBe('LY');
      expect(phase1(projections.at(-1))?.status).toBe('met-late');
      // Visitation starts phase 2: the fortnightly contact is now open.
      expect(projections.at(-1)!.occurrences.find((o) => o.code === 'contact-14d')).toMatchObject({
        status: 'open',
        dueOn: expect.any(String),
      });
      await captureHistory(handle, 'phase1-overdue-then-met');
    });
  });

  it('is idempotent per eventId and rejects a reused id with other content', async () => {
    await withCase(async ({ caseId, projections, today, occurrences }) => {
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      const d = await today();
      const event = { eventId: 'e-1', event: { type: 'PREPARATORY_PART_STARTED', date: d } };
      const first = await handle.executeUpdate(applyEventsUpdate, { args: [{ events: [event] }] });
      const count = projections.length;
      const before = await occurrences();
      const again = await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ ...event, event: { date: d, type: 'PREPARATORY_PART_STARTED' } }] }],
      });
      expect(again.accepted).toEqual([{ eventId: 'e-1', duplicate: true }]);
      expect(again).toMatchObject({ projectionSeq: first.projectionSeq, nextDueOn: first.nextDueOn });
      expect(await occurrences()).toEqual(before);
      expect(projections.length).toBe(count); // nothing changed, nothing re-projected

      const conflict = handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'e-1', event: { type: 'VISITATION_DECIDED', date: d } }] }],
      });
      await expect(conflict).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(conflict).rejects.toMatchObject({ cause: { type: 'EVENT_ID_CONFLICT' } });
    });
  });

  it('rejects invalid and future-dated events in the validator, writing nothing', async () => {
    await withCase(async ({ caseId, today, occurrences }) => {
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      const d = await today();
      await expect(
        handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'x', event: { type: 'NO_SUCH_EVENT', date: d } }] }],
        }),
      ).rejects.toMatchObject({ cause: { type: 'INVALID_EVENT' } });
      await expect(
        handle.executeUpdate(applyEventsUpdate, {
          args: [{ events: [{ eventId: 'y', event: { type: 'PREPARATORY_PART_STARTED', date: addDaysIso(d, 3) } }] }],
        }),
      ).rejects.toMatchObject({ cause: { type: 'EVENT_IN_FUTURE' } });
      expect((await handle.query(caseSnapshotQuery)).evaluation?.events).toEqual([]);
      expect(await occurrences()).toEqual([]);
    });
  });
});

describe('case workflow corrections and moves (time-skipping)', () => {
  it('retracts and corrects events with a required reason, recomputes, and audits both', async () => {
    await withCase(async ({ caseId, projections, today, occurrences }) => {
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      const d = await today();
      const wrong = addDaysIso(d, -30);
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'prep', event: { type: 'PREPARATORY_PART_STARTED', date: wrong } }] }],
      });

      await expect(
        handle.executeUpdate(correctEventUpdate, { args: [{ eventId: 'prep', reason: ' ' }] }),
      ).rejects.toMatchObject({ cause: { type: 'REASON_REQUIRED' } });
      await expect(
        handle.executeUpdate(correctEventUpdate, { args: [{ eventId: 'nope', reason: 'x' }] }),
      ).rejects.toMatchObject({ cause: { type: 'EVENT_NOT_FOUND' } });

      const fixed = addDaysIso(d, -20);
      const corrected = await handle.executeUpdate(correctEventUpdate, {
        args: [
          {
            eventId: 'prep',
            reason: 'forkert dato tastet',
            replacement: { eventId: 'prep-2', event: { type: 'PREPARATORY_PART_STARTED', date: fixed } },
            actor: 'cw-1',
          },
        ],
      });
      expect(corrected.duplicate).toBe(false);
      expect(await occurrences()).toEqual([
        expect.objectContaining({ code: 'phase1-target', occurrence: 1, startedOn: fixed }),
      ]);
      const last = projections.at(-1)!;
      expect(last.retractedEvents.map((e) => [e.eventId, e.retracted?.replacedBy])).toEqual([['prep', 'prep-2']]);
      expect(last.newEvents.map((e) => [e.eventId, e.corrects])).toEqual([['prep-2', 'prep']]);
      expect(last.audit).toEqual([
        expect.objectContaining({
          action: 'EVENT_CORRECTED',
          actor: 'cw-1',
          details: expect.objectContaining({ eventId: 'prep', reason: 'forkert dato tastet' }),
        }),
      ]);

      // The same correction again is a no-op.
      const again = await handle.executeUpdate(correctEventUpdate, {
        args: [
          {
            eventId: 'prep',
            reason: 'forkert dato tastet',
            replacement: { eventId: 'prep-2', event: { type: 'PREPARATORY_PART_STARTED', date: fixed } },
          },
        ],
      });
      expect(again.duplicate).toBe(true);

      const retracted = await handle.executeUpdate(correctEventUpdate, {
        args: [{ eventId: 'prep-2', reason: 'sagen hører ikke til fase 1' }],
      });
      expect(retracted.duplicate).toBe(false);
      expect(await occurrences()).toEqual([]);
      expect(projections.at(-1)!.audit[0]).toMatchObject({ action: 'EVENT_RETRACTED' });
      await captureHistory(handle, 'corrections-and-retractions');
    });
  });

  it('moves a case to another team with a reason', async () => {
    await withCase(async ({ caseId, projections }) => {
      const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
      await expect(
        handle.executeUpdate(moveCaseUpdate, { args: [{ team: 'Not A Slug', reason: 'x' }] }),
      ).rejects.toMatchObject({ cause: { type: 'INVALID_TEAM' } });
      const moved = await handle.executeUpdate(moveCaseUpdate, {
        args: [{ team: 'team-b', reason: 'borger flyttet', actor: 'leader-1' }],
      });
      expect(moved.team).toBe('team-b');
      expect(projections.at(-1)).toMatchObject({
        facts: { team: 'team-b' },
        audit: [{ action: 'CASE_MOVED', details: { from: 'team-a', to: 'team-b', reason: 'borger flyttet' } }],
      });
      await captureHistory(handle, 'moved-to-another-team');
    });
  });
});

describe('case workflow domain-rule rejections (time-skipping)', () => {
  it('rejects a permanent status for a citizen under 40 with its own code', async () => {
    await withCaseWorkflow(
      env,
      evaluateCase,
      async ({ handle, today }) => {
        const d = await today();
        const permanent = handle.executeUpdate(applyEventsUpdate, {
          args: [
            { events: [{ eventId: 'p', event: { type: 'TEMPORARY_STATUS_DECIDED', date: d, outcome: 'permanent' } }] },
          ],
        });
        await expect(permanent).rejects.toMatchObject({
          cause: { type: 'EVENT_NOT_ADMISSIBLE', message: expect.stringMatching(/40/) },
        });
      },
      { birthDate: addDaysIso(copenhagenDate(Date.now()), -365 * 30) },
    );
  });
});

const EventProto = temporal.api.history.v1.HistoryEvent;
/** The local-activity markers of a history (each records one evaluateAndProjectCase answer). */
const answerMarkers = (history: temporal.api.history.v1.IHistory) =>
  (history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
const bytesOf = (e: temporal.api.history.v1.IHistoryEvent) => EventProto.encode(e).finish().length;
/** A marker's recorded answer (the test environment's payloads are plain JSON). */
const answerOf = (e: temporal.api.history.v1.IHistoryEvent) =>
  JSON.parse(Buffer.from(e.markerRecordedEventAttributes!.details!.result.payloads![0].data!).toString()) as Record<
    string,
    unknown
  >;

describe('what a case records per change (time-skipping)', () => {
  it('records the creation and a wake-up as compact answers, and its snapshot evaluates to the projected answer', async () => {
    await withCase(async ({ handle, projections, today, occurrences }) => {
      const t = await today();
      // A case in visitation for two months with fortnightly contact: several deadlines, most of them met.
      const events: SubmittedEvent[] = [
        { eventId: 'opened', event: { type: 'CASE_OPENED', date: addDaysIso(t, -60) } },
        { eventId: 'visit', event: { type: 'VISITATION_DECIDED', date: addDaysIso(t, -60) } },
        ...[-46, -32, -18, -5].map((d, i) => ({
          eventId: `contact-${i}`,
          event: { type: 'CONTACT_HELD', date: addDaysIso(t, d), form: 'phone' },
        })),
      ];
      const created = await handle.executeUpdate(applyEventsUpdate, { args: [{ events }] });
      // A run under 'compact-evaluation' holds no occurrences: every answer is a verdict (the read model shows them).
      expect(created).not.toHaveProperty('obligations');
      const projected = projections.at(-1)!.occurrences;
      expect(projected.filter((o) => o.status === 'open').length).toBeGreaterThan(0);
      expect(projected.length).toBeGreaterThan(3);
      expect(created.nextDueOn).toBe(projections.at(-1)!.nextDueOn);

      // The day after the next due date: the single timer fires and that task turns overdue.
      const dueOn = created.nextDueOn!;
      await env.sleep(copenhagenStartOfDay(addDaysIso(dueOn, 1)) + 3_600_000 - (await env.currentTimeMs()));
      const woke = await eventually(
        async () => (projections.at(-1)!.overdueCount > 0 ? projections.at(-1) : undefined),
        'the overdue projection',
      );

      // The snapshot's evaluation input gives the answer the read model shows: a fresh evaluation of the timeline.
      const fresh = await evaluateCase({
        facts: { caseId: created.caseId, citizenRef: 'ref-1', team: 'team-a', birthDate: '1980-05-05' },
        events: events.map((e) => e.event),
        asOf: woke.asOf,
      });
      const snapshot = await handle.query(caseSnapshotQuery);
      expect(snapshot).toMatchObject({ asOf: woke.asOf, nextDueOn: woke.nextDueOn, phase: woke.phase });
      expect(await occurrences()).toEqual(fresh.result.occurrences);
      expect(await occurrences()).toEqual(woke.occurrences);
      expect(woke.occurrences.filter((o) => o.status === 'overdue').map((o) => o.dueOn)).toContain(dueOn);

      // History: neither the creation's marker nor the wake-up's records an occurrence; each holds the verdict's
      // dates and counts (the search attributes and the timer need them).
      const history = await handle.fetchHistory();
      const [creation, wakeUp] = answerMarkers(history).slice(-2).map(answerOf);
      for (const answer of [creation, wakeUp]) {
        expect(answer).not.toHaveProperty('delta');
        expect(answer['result']).not.toHaveProperty('occurrences');
        expect(answer['result']).not.toHaveProperty('enrolments');
      }
      expect(creation).toMatchObject({ nextDueOn: dueOn, overdueCount: 0, projected: true });
      expect(wakeUp).toMatchObject({ overdueCount: woke.overdueCount, projected: true });
      // Small, and no larger for more occurrences: well under one occurrence's JSON per marker.
      const oneOccurrence = JSON.stringify(projected[0]).length;
      for (const e of answerMarkers(history).slice(-2)) expect(bytesOf(e)).toBeLessThan(oneOccurrence + 600);
      await captureHistory(handle, 'compact-evaluation.contact-overdue-at-wake-up');
    });
  });

  it('answers an update that asks for the verdict without the occurrences, once the read model has the change', async () => {
    await withCase(async ({ handle, projections, today, occurrences }) => {
      const t = await today();
      const answer = await handle.executeUpdate(applyEventsVerdictUpdate, {
        args: [
          {
            events: [
              { eventId: 'visit', event: { type: 'VISITATION_DECIDED', date: addDaysIso(t, -30) } },
              { eventId: 'talk', event: { type: 'CONTACT_HELD', date: addDaysIso(t, -10), form: 'phone' } },
            ],
            answer: 'verdict',
          },
        ],
      });
      expect(answer).not.toHaveProperty('obligations');
      expect(answer).not.toHaveProperty('enrolments');
      expect(answer).not.toHaveProperty('evaluation');
      expect(answer).toMatchObject({
        phase: 'LY',
        warnings: [],
        accepted: [
          { eventId: 'visit', duplicate: false },
          { eventId: 'talk', duplicate: false },
        ],
      });
      // Read-your-writes: the projection the answer names was written before the update answered.
      expect(projections.at(-1)).toMatchObject({ seq: answer.projectionSeq, nextDueOn: answer.nextDueOn });
      expect(projections.at(-1)!.occurrences.length).toBeGreaterThan(1);
      // The query's evaluation input gives the projected answer again.
      expect(await occurrences()).toEqual(projections.at(-1)!.occurrences);
      await captureHistory(handle, 'compact-evaluation.update-verdict.visitation-and-contact');
    });
  });
});
