/** fast-check generators of fleksjob timelines after MIG-2026 (law-2026), around the 2026-07-01 reform. */
import fc from 'fast-check';
import { type CaseEvent } from '../engine/engine-types';
import { epochDayOf, formatIsoDate } from '../dates/iso-date';

export const LAW_START = epochDayOf(2025, 9, 1);
export const LAW_DAYS = 3 * 365;

const dateArb = fc.integer({ min: LAW_START, max: LAW_START + LAW_DAYS }).map(formatIsoDate);

function eventOf(type: string): fc.Arbitrary<CaseEvent> {
  const date = dateArb;
  switch (type) {
    case 'CONTACT_HELD':
      return fc.record(
        {
          type: fc.constant(type),
          date,
          form: fc.constantFrom('in-person', 'phone', 'video', 'group', 'digital'),
          heldBy: fc.constantFrom('jobcenter', 'other-actor', 'offer-provider'),
        },
        { requiredKeys: ['type', 'date', 'form'] },
      );
    case 'JOBTALKS_EXEMPTED':
      return fc.record({ type: fc.constant(type), date, reason: fc.constant('selvhjulpen') });
    case 'OBLIGATION_WAIVED':
      return fc.record({
        type: fc.constant(type),
        date,
        code: fc.constantFrom('ly-jobtalk', 'ly-reassessment', 'contact-14d', 'ly-jobtalk-on-request'),
        reason: fc.constant('dispensation'),
      });
    case 'FLEXJOB_STARTED':
      return fc.record({ type: fc.constant(type), date, hoursPerWeek: fc.constant(10), employer: fc.constant('X') });
    case 'BENEFIT_LEAVE_STARTED':
      return fc.record({ type: fc.constant(type), date, kind: fc.constantFrom('barsel', 'sorgorlov') });
    case 'LY_REASSESSMENT_DONE':
      return fc.record({ type: fc.constant(type), date, outcome: fc.constant('continued') });
    case 'MUNICIPALITY_MOVED_IN':
      return fc.record({ type: fc.constant(type), date, deadlineUnachievable: fc.boolean() });
    case 'HEALTH_ADVICE_REQUESTED':
      return fc.record({ type: fc.constant(type), date, provider: fc.constant('klinisk-funktion') });
    default:
      return fc.record({ type: fc.constant(type), date });
  }
}

const types = fc.oneof(
  { arbitrary: fc.constant('CONTACT_HELD'), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      'FLEXJOB_STARTED',
      'FLEXJOB_ENDED',
      'BENEFIT_STARTED',
      'BENEFIT_SUSPENDED',
      'BENEFIT_RESUMED',
      'JOBTALKS_EXEMPTED',
      'OBLIGATION_WAIVED',
      'LY_REASSESSMENT_DONE',
    ),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom(
      'BENEFIT_LEAVE_STARTED',
      'BENEFIT_LEAVE_ENDED',
      'MUNICIPALITY_MOVED_IN',
      'JOBTALK_REQUESTED',
      'HEALTH_ADVICE_REQUESTED',
      'VISITATION_DECIDED',
      'INTERNSHIP_STARTED',
      'INTERNSHIP_ENDED',
    ),
    weight: 1,
  },
);

export const lawEventArb: fc.Arbitrary<CaseEvent> = types.chain(eventOf);

/** A visitation early on, then 0–40 random events; asOf anywhere in the window. */
export const lawTimelineArb = fc
  .record({
    visitationDay: fc.integer({ min: 0, max: 400 }),
    events: fc.array(lawEventArb, { maxLength: 40 }),
    asOfDay: fc.integer({ min: 0, max: LAW_DAYS + 200 }),
    publishedDay: fc.integer({ min: 300, max: 600 }),
  })
  .map(({ visitationDay, events, asOfDay, publishedDay }) => ({
    caseFacts: { birthDate: '1975-05-05' },
    events: [{ type: 'VISITATION_DECIDED', date: formatIsoDate(LAW_START + visitationDay) }, ...events],
    asOf: formatIsoDate(LAW_START + asOfDay),
    publishedOn: formatIsoDate(LAW_START + publishedDay),
  }));
