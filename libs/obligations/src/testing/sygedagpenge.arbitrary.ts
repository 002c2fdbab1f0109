/**
 * fast-check generators of sygedagpenge timelines around the 2025 and 2026 rule sets (law-2026 §R), test-only.
 * `sdpTimelineArb` uses only the vocabulary known without MIG-2026 (S2), so it is valid input either way;
 * `sdpLawTimelineArb` adds the event types and fields of R0, valid only after MIG-2026.
 */
import fc from 'fast-check';
import { type CaseEvent } from '../engine/engine-types';
import { type EpochDay, epochDayOf, formatIsoDate } from '../dates/iso-date';

/** Sick leaves start between 2024-06-01 and 2027-06-01: before, across and after 2025-01-01 and 2026-07-01. */
export const SDP_START = epochDayOf(2024, 6, 1);
export const SDP_DAYS = 3 * 365;
const RULES_2025 = epochDayOf(2025, 1, 1);

const text = fc.constantFrom('efter aftale', 'indlagt', 'behandling');
type Body = Omit<CaseEvent, 'date'>;

const oldBodies: Array<{ arbitrary: fc.Arbitrary<Body>; weight: number }> = [
  {
    arbitrary: fc.record({
      type: fc.constant('SICKNESS_FOLLOWUP_HELD'),
      form: fc.constantFrom('in-person', 'phone', 'video', 'group'),
      heldBy: fc.constantFrom('jobcenter', 'other-actor'),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('FIRST_FOLLOWUP_HELD'),
      form: fc.constantFrom('in-person', 'in-person', 'phone', 'video', 'digital'),
      heldBy: fc.constantFrom('jobcenter', 'jobcenter', 'other-actor'),
      cadenceWeeks: fc.constantFrom(4, 8),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('FOLLOWUP_CADENCE_SET'),
      cadenceWeeks: fc.constantFrom(4, 8),
      reason: text,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('CONTACT_HELD'),
      form: fc.constantFrom('in-person', 'phone'),
      heldBy: fc.constantFrom('jobcenter', 'other-actor'),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ type: fc.constant('PARTIAL_RETURN_STARTED'), hoursPerWeek: fc.constantFrom(10, 20) }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant('PARTIAL_RETURN_ENDED') }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('OBLIGATION_WAIVED'),
      code: fc.constantFrom('sdp-first-followup', 'sdp-followup'),
      reason: text,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constantFrom('RETURNED_TO_WORK', 'CASE_CLOSED') }), weight: 1 },
];

const lawBodies: Array<{ arbitrary: fc.Arbitrary<Body>; weight: number }> = [
  ...oldBodies,
  {
    // From 2025-01-01 cadenceWeeks is optional (R0); a 13f track needs expectedReturnOn.
    arbitrary: fc.record(
      {
        type: fc.constant('FIRST_FOLLOWUP_HELD'),
        form: fc.constantFrom('in-person', 'in-person', 'phone', 'video'),
        heldBy: fc.constantFrom('jobcenter', 'jobcenter', 'other-actor'),
        exceptionReason: text,
        track: fc.constant('ordinary'),
      },
      { requiredKeys: ['type', 'form', 'heldBy'] },
    ),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('EARLY_FOLLOWUP_REQUESTED'),
      by: fc.constantFrom('employee', 'employer'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant('TALK_REQUESTED') }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('REVURDERING_DONE'),
      outcome: fc.constantFrom('extended', 'jobafklaring', 'stopped', 'recovered'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant('RETURN_CHECK_DONE'), stillSick: fc.boolean() }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('SHORT_ABSENCE_EXPECTED'),
      inEmployment: fc.boolean(),
      employeeExpects: fc.constantFrom(true, true, false),
      employerExpects: fc.constantFrom(true, true, false),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant('EXPECTATION_CHANGED') }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('FOLLOWUP_DECIDED'), reason: text }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('OBLIGATION_WAIVED'),
      code: fc.constantFrom('sdp-followups-6m', 'sdp-talk-on-request', 'sdp-revurdering', 'sdp-26w-checkpoint'),
      reason: text,
    }),
    weight: 1,
  },
];

const at = (day: EpochDay, body: Body): CaseEvent => ({ ...body, date: formatIsoDate(day) }) as CaseEvent;

function timelineArb(bodies: typeof oldBodies, law: boolean) {
  return fc
    .record({
      sickDay: fc.integer({ min: 0, max: SDP_DAYS }),
      firstAfter: fc.integer({ min: 3, max: 90 }),
      firstForm: fc.constantFrom('in-person', 'in-person', 'phone'),
      cadenceWeeks: fc.constantFrom(4, 8),
      firstTalk: fc.double({ min: 0, max: 1, noNaN: true }),
      track13f: fc.integer({ min: 0, max: 9 }),
      returnAfter: fc.integer({ min: 10, max: 120 }),
      // Offsets from the sick-leave start: mostly inside the first half-year.
      bodies: fc.array(fc.tuple(fc.integer({ min: -5, max: 240 }), fc.oneof(...bodies)), { maxLength: 30 }),
      revurdering: fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 90 })), {
        maxLength: law ? 2 : 0,
      }),
      asOfAfter: fc.integer({ min: 0, max: 420 }),
    })
    .map((t) => {
      const sick = SDP_START + t.sickDay;
      const first = sick + t.firstAfter;
      const events: CaseEvent[] = [at(sick, { type: 'SICK_LEAVE_STARTED' })];
      if (t.firstTalk < 0.8) {
        const body: Body = {
          type: 'FIRST_FOLLOWUP_HELD',
          form: t.firstForm,
          heldBy: 'jobcenter',
          cadenceWeeks: t.cadenceWeeks,
        };
        if (law && t.firstForm !== 'in-person') body.exceptionReason = 'borgeren er indlagt';
        if (law && t.track13f === 0) {
          body.track = '13f';
          body.expectedReturnOn = formatIsoDate(first + t.returnAfter);
        }
        events.push(at(first, body));
      }
      for (const [offset, body] of t.bodies) {
        const day = Math.max(sick, sick + offset);
        // R0: a first talk before 2025-01-01 needs its cadence (else the input is invalid).
        const needsCadence = body.type === 'FIRST_FOLLOWUP_HELD' && body.cadenceWeeks === undefined && day < RULES_2025;
        events.push(at(day, needsCadence ? { ...body, cadenceWeeks: 8 } : body));
      }
      for (const [offset, ahead] of t.revurdering)
        events.push(
          at(sick + offset, { type: 'REVURDERING_DATE_NOTIFIED', revurderingOn: formatIsoDate(sick + offset + ahead) }),
        );
      return {
        caseFacts: { caseType: 'sygedagpenge' as const },
        events,
        asOf: formatIsoDate(sick + t.asOfAfter),
      };
    });
}

/** Valid with and without MIG-2026 (only S2's vocabulary; cadenceWeeks on every first talk). */
export const sdpTimelineArb = timelineArb(oldBodies, false);

/** Valid only after MIG-2026: R0's event types and fields. */
export const sdpLawTimelineArb = timelineArb(lawBodies, true);
