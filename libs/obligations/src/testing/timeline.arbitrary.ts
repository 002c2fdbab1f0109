/** fast-check generators of valid fleksjob timelines, for property and fuzz tests (test-only; not exported). */
import fc from 'fast-check';
import { type CaseEvent } from '../engine/engine-types';
import {
  CONTACT_FORMS,
  FLEKSJOB_EVENT_TYPES,
  FLEKSJOB_OBLIGATION_CODES,
  RECOMMENDATIONS,
  TEMPORARY_STATUS_OUTCOMES,
} from '../case-types/fleksjob/fleksjob-case-type';
import { epochDayOf, formatIsoDate } from '../dates/iso-date';
import { AHT_DEMO } from './aht-demo.fixture';

export const TIMELINE_START = epochDayOf(2023, 11, 1);
export const TIMELINE_DAYS = 5 * 365;

export const dateArb = fc.integer({ min: TIMELINE_START, max: TIMELINE_START + TIMELINE_DAYS }).map(formatIsoDate);

// Trial events use the aht-demo replay, whose 2027 enrolment window lies inside the generated dates.
const PROGRAM = fc.constantFrom('aht-demo', 'aht-2009');
const AHT_REASONS = AHT_DEMO.reasonCodes.map((r) => r.code);

const reason = fc.constantFrom('sygdom', 'på rette vej', 'indlagt', 'selvkørende borger');

export function eventOfType(type: string, date: fc.Arbitrary<string> = dateArb): fc.Arbitrary<CaseEvent> {
  switch (type) {
    case 'REHAB_TEAM_MEETING_HELD':
      return fc.record({ type: fc.constant(type), date, recommendation: fc.constantFrom(...RECOMMENDATIONS) });
    case 'CONTACT_CADENCE_SET':
      return fc.record({ type: fc.constant(type), date, intervalDays: fc.integer({ min: 7, max: 42 }), reason });
    case 'CONTACT_HELD':
      return fc.record(
        {
          type: fc.constant(type),
          date,
          form: fc.constantFrom(...CONTACT_FORMS),
          heldBy: fc.constantFrom('jobcenter', 'other-actor', 'offer-provider'),
        },
        { requiredKeys: ['type', 'date', 'form'] },
      );
    case 'TRIAL_ASSIGNED':
      return fc.record({
        type: fc.constant(type),
        date,
        program: PROGRAM,
        arm: fc.constantFrom('participant', 'control'),
      });
    case 'TRIAL_EXEMPTED':
      return fc.record({ type: fc.constant(type), date, program: PROGRAM, reason: fc.constantFrom(...AHT_REASONS) });
    case 'TRIAL_CONTACT_CADENCE_SET':
      return fc.oneof(
        fc.record({
          type: fc.constant(type),
          date,
          program: PROGRAM,
          intervalDays: fc.integer({ min: 7, max: 28 }),
          reason: fc.constantFrom('partial-return', 'hospitalised'),
        }),
        fc.record({
          type: fc.constant(type),
          date,
          program: PROGRAM,
          intervalDays: fc.constant(7),
          reason: fc.constant('standard'),
        }),
      );
    case 'ACTIVE_OFFER_HOURS_REGISTERED':
      return fc.record({
        type: fc.constant(type),
        date,
        hours: fc.integer({ min: 0, max: 12 }),
        offerType: fc.constantFrom('lab', 'preventive'),
      });
    case 'FLEXJOB_STARTED':
      return fc.record({
        type: fc.constant(type),
        date,
        hoursPerWeek: fc.constantFrom(4, 7.5, 12, 20),
        employer: fc.constantFrom('Byens Bageri', 'Kantine Syd'),
      });
    case 'TEMPORARY_STATUS_DECIDED':
      return fc.record({ type: fc.constant(type), date, outcome: fc.constantFrom(...TEMPORARY_STATUS_OUTCOMES) });
    case 'OBLIGATION_WAIVED':
      return fc.record({ type: fc.constant(type), date, code: fc.constantFrom(...FLEKSJOB_OBLIGATION_CODES), reason });
    case 'REREVIEW_WAIVED':
      return fc.record({ type: fc.constant(type), date, reason });
    case 'BENEFIT_SUSPENDED':
      return fc.record({ type: fc.constant(type), date, reason }, { requiredKeys: ['type', 'date'] });
    default:
      return fc.record({ type: fc.constant(type), date });
  }
}

// Weighted towards the events that drive a fleksjob case, so random timelines reach deep states.
const weightedTypes: Array<{ arbitrary: fc.Arbitrary<string>; weight: number }> = [
  { arbitrary: fc.constantFrom(...FLEKSJOB_EVENT_TYPES), weight: 6 },
  { arbitrary: fc.constantFrom('CONTACT_HELD', 'FLEXJOB_FOLLOWUP_HELD', 'STATUTORY_FOLLOWUP_HELD'), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      'FLEXJOB_STARTED',
      'FLEXJOB_ENDED',
      'BENEFIT_SUSPENDED',
      'BENEFIT_RESUMED',
      'INTERNSHIP_STARTED',
      'INTERNSHIP_ENDED',
    ),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      'OBLIGATION_WAIVED',
      'REHAB_REREVIEW_HELD',
      'TEMPORARY_STATUS_DECIDED',
      'FLEXJOB_AGREEMENT_RECORDED',
      'CAPACITY_DECISION_ISSUED',
    ),
    weight: 2,
  },
];

export const anyEventArb: fc.Arbitrary<CaseEvent> = fc.oneof(...weightedTypes).chain((type) => eventOfType(type));

/** A timeline: usually a visitation early on, then 0–80 random events in random input order; CASE_CLOSED is rare. */
export const timelineArb = fc
  .record({
    birthDate: fc.constantFrom('1970-03-15', '1986-05-20', '1996-02-29'),
    preparatory: fc.boolean(),
    visitationDay: fc.integer({ min: 0, max: 200 }),
    withVisitation: fc.double({ min: 0, max: 1, noNaN: true }),
    events: fc.array(
      anyEventArb.filter((e) => e.type !== 'CASE_CLOSED' || e.date > '2028-06-01'),
      { maxLength: 80 },
    ),
    asOfDay: fc.integer({ min: 0, max: TIMELINE_DAYS + 200 }),
  })
  .map(({ birthDate, preparatory, visitationDay, withVisitation, events, asOfDay }) => {
    const head: CaseEvent[] = [];
    if (preparatory) head.push({ type: 'PREPARATORY_PART_STARTED', date: formatIsoDate(TIMELINE_START) });
    if (withVisitation < 0.85)
      head.push({ type: 'VISITATION_DECIDED', date: formatIsoDate(TIMELINE_START + visitationDay) });
    return { caseFacts: { birthDate }, events: [...head, ...events], asOf: formatIsoDate(TIMELINE_START + asOfDay) };
  });
