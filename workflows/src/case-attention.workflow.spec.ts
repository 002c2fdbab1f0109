import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { evaluateCase } from '@frist/activities';
import {
  addDaysIso,
  applyEventsUpdate,
  caseSnapshotQuery,
  CaseFailure,
  CaseRejection,
  correctEventUpdate,
  type CaseActivities,
} from '@frist/contracts';
import { captureHistory, createTimeSkippingEnv, eventually, withCaseWorkflow } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** The engine with a bug that one event triggers: it throws a plain error (retryable), like a real engine bug. */
const evaluateWithBug: CaseActivities['evaluateCase'] = (input) =>
  input.events.some((e) => (e as { note?: string }).note === 'triggers-bug')
    ? Promise.reject(new RangeError('engine bug'))
    : evaluateCase(input);

describe('a change that cannot be evaluated or projected puts the case in "needs attention" (time-skipping)', () => {
  it('an engine failure: bounded retry, the update answers CASE_NEEDS_ATTENTION, a retraction recovers the case', async () => {
    await withCaseWorkflow(env, evaluateWithBug, async ({ handle, projections, attentionReports, today }) => {
      const d = await today();
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'visit', event: { type: 'VISITATION_DECIDED', date: addDaysIso(d, -20) } }] }],
      });
      const projected = projections.length;
      const poison = { eventId: 'bad', event: { type: 'CONTACT_HELD', date: d, form: 'phone', note: 'triggers-bug' } };

      const started = Date.now();
      const first = handle.executeUpdate(applyEventsUpdate, { args: [{ events: [poison] }] });
      await expect(first).rejects.toMatchObject({
        cause: { type: CaseRejection.NeedsAttention, details: [expect.objectContaining({ code: 'ENGINE_FAILED' })] },
      });
      // Three quick attempts, not a retry for ever.
      expect(Date.now() - started).toBeLessThan(15_000);
      const snap = await handle.query(caseSnapshotQuery);
      expect(snap.attention).toMatchObject({
        code: CaseFailure.EngineFailed,
        stage: 'evaluate',
        reason: 'RangeError',
        failures: 1,
      });
      expect(projections.length).toBe(projected); // nothing half-projected
      expect(attentionReports).toEqual([
        expect.objectContaining({ attention: expect.objectContaining({ code: 'ENGINE_FAILED', failures: 1 }) }),
      ]);
      // A retry of the same change answers as the first did.
      await expect(handle.executeUpdate(applyEventsUpdate, { args: [{ events: [poison] }] })).rejects.toMatchObject({
        cause: { type: CaseRejection.NeedsAttention },
      });

      // The workflow is alive and idle: the retraction is accepted, evaluated without the event, and projected.
      const recovered = await handle.executeUpdate(correctEventUpdate, {
        args: [{ eventId: 'bad', reason: 'registreret ved en fejl' }],
      });
      expect(recovered.attention).toBeUndefined();
      expect((await handle.query(caseSnapshotQuery)).attention).toBeUndefined();
      expect(projections.at(-1)!.newEvents.map((e) => e.eventId)).toEqual(['bad']);
      expect(projections.at(-1)!.retractedEvents.map((e) => e.eventId)).toEqual(['bad']);
      expect(attentionReports.at(-1)).toMatchObject({ attention: null });
      await captureHistory(handle, 'needs-attention-then-retracted');
    });
  });

  it('a projection the read model refuses: no retry, needs attention, new events fail alike, a correction recovers', async () => {
    // The read model refuses any projection that carries the unretracted event 'poison' (as Postgres refuses a NUL byte).
    const refuse = (p: { newEvents: { eventId: string; retracted?: unknown }[] }) => {
      if (p.newEvents.some((e) => e.eventId === 'poison' && !e.retracted))
        throw ApplicationFailure.nonRetryable('refused', CaseFailure.ProjectionRejected, { reason: 'SQLSTATE 22021' });
    };
    await withCaseWorkflow(
      env,
      evaluateCase,
      async ({ handle, projections, attentionReports, today }) => {
        const d = await today();
        // The workflow's first evaluation (before any event) was projected; nothing after it may be.
        await eventually(async () => (projections.length === 1 ? true : undefined), 'the first projection');
        const poison = { eventId: 'poison', event: { type: 'PREPARATORY_PART_STARTED', date: addDaysIso(d, -5) } };
        await expect(handle.executeUpdate(applyEventsUpdate, { args: [{ events: [poison] }] })).rejects.toMatchObject({
          cause: { type: CaseRejection.NeedsAttention },
        });
        expect((await handle.query(caseSnapshotQuery)).attention).toMatchObject({
          code: CaseFailure.ProjectionRejected,
          stage: 'project',
          reason: 'SQLSTATE 22021',
        });
        // Another event while the poison is unretracted fails the same way (and counts).
        await expect(
          handle.executeUpdate(applyEventsUpdate, {
            args: [{ events: [{ eventId: 'contact', event: { type: 'CONTACT_HELD', date: d, form: 'phone' } }] }],
          }),
        ).rejects.toMatchObject({ cause: { type: CaseRejection.NeedsAttention } });
        expect((await handle.query(caseSnapshotQuery)).attention).toMatchObject({ failures: 2 });
        expect(projections).toHaveLength(1);

        const fixed = await handle.executeUpdate(correctEventUpdate, {
          args: [
            {
              eventId: 'poison',
              reason: 'forkert dato',
              replacement: { eventId: 'prep', event: { type: 'PREPARATORY_PART_STARTED', date: addDaysIso(d, -4) } },
            },
          ],
        });
        expect(fixed.attention).toBeUndefined();
        // One projection carries everything the failed ones could not: all three events and the correction's audit.
        expect(projections).toHaveLength(2);
        expect(projections[1].newEvents.map((e) => e.eventId)).toEqual(['poison', 'contact', 'prep']);
        expect(projections[1].audit.map((a) => a.action)).toEqual(['EVENT_CORRECTED']);
        expect(attentionReports.map((r) => r.attention?.failures ?? null)).toEqual([1, 2, null]);
      },
      {},
      refuse,
    );
  });

  it('a case whose facts the engine refuses (birth date 1800) needs attention and never holds the worker', async () => {
    await withCaseWorkflow(
      env,
      evaluateCase,
      async ({ handle, attentionReports, today }) => {
        const d = await today();
        await expect(
          handle.executeUpdate(applyEventsUpdate, {
            args: [{ events: [{ eventId: 'case-opened', event: { type: 'CASE_OPENED', date: d } }] }],
          }),
        ).rejects.toMatchObject({ cause: { type: CaseRejection.InvalidEvent } });
        // The workflow's own first evaluation failed too: it needs attention and waits, holding nothing.
        const attention = await eventually(
          async () => (await handle.query(caseSnapshotQuery)).attention,
          'the attention state',
        );
        expect(attention).toMatchObject({
          code: CaseFailure.EngineFailed,
          reason: 'INVALID_TIMELINE',
        });
        expect(attentionReports).toHaveLength(1);
        // The failure message carries no personal data (the birth date).
        expect(JSON.stringify(await handle.fetchHistory())).not.toContain('1800-01-01"');
      },
      { birthDate: '1800-01-01' },
    );
  });
});
