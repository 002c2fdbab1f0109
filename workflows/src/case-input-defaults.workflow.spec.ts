import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { evaluateCase } from '@frist/activities';
import {
  addDaysIso,
  caseSnapshotQuery,
  copenhagenDate,
  correctEventUpdate,
  type CaseSnapshot,
  type ProjectCaseInput,
  type RecordedEvent,
} from '@frist/contracts';
import { captureHistory, createTimeSkippingEnv, eventually, withCaseWorkflow, type CaseHarness } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const IMPORTED_AT = '2026-03-02T09:15:00.000Z';
const BATCH = 'import:7';

/** An imported case's timeline in its whole form: the batch's instant and actor on most events, not on all. */
const wholeEvents = (t: string): RecordedEvent[] => [
  {
    eventId: 'opened',
    event: { type: 'CASE_OPENED', date: addDaysIso(t, -90) },
    recordedAt: IMPORTED_AT,
    actor: BATCH,
  },
  {
    eventId: 'visit',
    event: { type: 'VISITATION_DECIDED', date: addDaysIso(t, -80) },
    recordedAt: IMPORTED_AT,
    actor: BATCH,
  },
  // Recorded earlier by someone else, and one with no actor at all: both must survive the defaults.
  {
    eventId: 'talk-1',
    event: { type: 'CONTACT_HELD', date: addDaysIso(t, -70), form: 'phone' },
    recordedAt: '2026-01-10T08:00:00.000Z',
    actor: 'cw-9',
  },
  {
    eventId: 'talk-2',
    event: { type: 'CONTACT_HELD', date: addDaysIso(t, -56), form: 'video' },
    recordedAt: IMPORTED_AT,
  },
  {
    eventId: 'talk-3',
    event: { type: 'CONTACT_HELD', date: addDaysIso(t, -42), form: 'phone' },
    recordedAt: IMPORTED_AT,
    actor: BATCH,
  },
];

/** The same timeline as a compact start carries it: the shared instant and actor once, in `eventDefaults`. */
const compactInput = (t: string) => ({
  eventDefaults: { recordedAt: IMPORTED_AT, actor: BATCH },
  events: wholeEvents(t).map(({ eventId, event, recordedAt, actor }) => ({
    eventId,
    event,
    ...(recordedAt !== IMPORTED_AT ? { recordedAt } : {}),
    ...(actor !== BATCH ? { actor: actor ?? null } : {}),
  })),
});

/** Starts a case with `input`, waits for its first projection, and returns it with the case's snapshot. */
async function firstProjection(
  input: (t: string) => object,
  then?: (h: CaseHarness) => Promise<void>,
): Promise<{ projection: ProjectCaseInput; snapshot: CaseSnapshot }> {
  const t = copenhagenDate(await env.currentTimeMs());
  return withCaseWorkflow(
    env,
    evaluateCase,
    async (h) => {
      const projection = await eventually(async () => h.projections[0], 'the first projection');
      const snapshot = await h.handle.query(caseSnapshotQuery);
      await then?.(h);
      return { projection, snapshot };
    },
    {},
    undefined,
    input(t),
  );
}

/** Everything but the case's id, which differs between the two runs. */
const withoutCaseId = <T extends { facts: { caseId: string } }>(x: T) => ({ ...x, facts: { ...x.facts, caseId: '' } });
const snapshotWithoutCaseId = (s: CaseSnapshot) => ({
  ...withoutCaseId(s),
  caseId: '',
  // Under 'compact-evaluation' the snapshot carries its evaluation input (with the case's facts).
  ...(s.evaluation ? { evaluation: withoutCaseId(s.evaluation) } : {}),
});

describe('a start whose events share their recordedAt and actor (eventDefaults)', () => {
  it('projects, answers and audits exactly as the same start with whole events', async () => {
    const whole = await firstProjection((t) => ({ events: wholeEvents(t) }));
    const compact = await firstProjection(compactInput, async ({ handle, projections }) => {
      // A later read of an imported event (its retraction) sees the filled-in instant and actor as well.
      await handle.executeUpdate(correctEventUpdate, {
        args: [{ eventId: 'talk-3', reason: 'dobbelt', actor: 'cw-2' }],
      });
      expect(projections.at(-1)!.retractedEvents).toEqual([
        expect.objectContaining({ eventId: 'talk-3', recordedAt: IMPORTED_AT, actor: BATCH }),
      ]);
      await captureHistory(handle, 'event-defaults.imported-start');
    });

    expect(compact.projection.newEvents).toEqual(whole.projection.newEvents);
    expect(compact.projection.newEvents.map((e) => [e.recordedAt, e.actor])).toEqual([
      [IMPORTED_AT, BATCH],
      [IMPORTED_AT, BATCH],
      ['2026-01-10T08:00:00.000Z', 'cw-9'],
      [IMPORTED_AT, undefined],
      [IMPORTED_AT, BATCH],
    ]);
    expect(compact.projection.newEvents[3]).not.toHaveProperty('actor');
    expect(withoutCaseId(compact.projection)).toEqual(withoutCaseId(whole.projection));
    expect(compact.projection.occurrences.length).toBeGreaterThan(2);
    expect(snapshotWithoutCaseId(compact.snapshot)).toEqual(snapshotWithoutCaseId(whole.snapshot));
  });

  it('gives an event with neither its own instant nor a default one the instant the workflow started', async () => {
    const before = await env.currentTimeMs();
    const { projection } = await firstProjection((t) => ({
      eventDefaults: { actor: BATCH },
      events: [{ eventId: 'opened', event: { type: 'CASE_OPENED', date: addDaysIso(t, -3) } }],
    }));
    const after = await env.currentTimeMs();
    expect(projection.newEvents).toEqual([
      {
        eventId: 'opened',
        event: expect.objectContaining({ type: 'CASE_OPENED' }),
        recordedAt: expect.any(String),
        actor: BATCH,
      },
    ]);
    const at = Date.parse(projection.newEvents[0].recordedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1_000);
    expect(at).toBeLessThanOrEqual(after);
  });
});
