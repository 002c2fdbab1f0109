/**
 * fast-check generators of sygedagpenge and fleksjob timelines with trial events (spec trials-and-sygedagpenge.md),
 * for the trial property tests (test-only; not exported). Dates are drawn around the chosen programme's enrolment
 * window, so most timelines enrol (on the first talk for sygedagpenge, any day in LY for fleksjob) and reach the
 * version change, volume windows, partial returns, fritagelser and the period end.
 */
import fc from 'fast-check';
import { type CaseEvent, type CaseFacts } from '../engine/engine-types';
import { CONTACT_FORMS } from '../case-types/fleksjob/fleksjob-case-type';
import { type EpochDay, formatIsoDate, parseIsoDate } from '../dates/iso-date';
import { findProgramme } from '../trials/aht.programmes';
import { AHT_DEMO, DEMO_PROGRAMMES } from './aht-demo.fixture';
import { eventOfType } from './timeline.arbitrary';

export interface TrialTimeline {
  caseFacts: CaseFacts;
  events: CaseEvent[];
  asOf: string;
  /** The programme the trial events name. */
  program: string;
}

const TRIAL_TYPES = new Set(['TRIAL_ASSIGNED', 'TRIAL_EXEMPTED', 'TRIAL_CONTACT_CADENCE_SET']);
export const isTrialEvent = (e: CaseEvent): boolean => TRIAL_TYPES.has(e.type);

const REASONS = AHT_DEMO.reasonCodes.map((r) => r.code);
const text = fc.constantFrom('indlagt', 'delvis raskmeldt', 'efter aftale');
const program = fc.constantFrom('aht-demo', 'aht-2009');
const arm = fc.constantFrom('participant', 'control');

/** A body without date or programme: `program` is filled in from the timeline. */
type Body = Omit<CaseEvent, 'date'>;

const trialBodies: Array<{ arbitrary: fc.Arbitrary<Body>; weight: number }> = [
  { arbitrary: fc.record({ type: fc.constant('TRIAL_EXEMPTED'), reason: fc.constantFrom(...REASONS) }), weight: 1 },
  {
    arbitrary: fc.oneof(
      fc.record({
        type: fc.constant('TRIAL_CONTACT_CADENCE_SET'),
        intervalDays: fc.integer({ min: 7, max: 28 }),
        reason: fc.constantFrom('partial-return', 'hospitalised'),
      }),
      fc.record({
        type: fc.constant('TRIAL_CONTACT_CADENCE_SET'),
        intervalDays: fc.constant(7),
        reason: fc.constant('standard'),
      }),
    ),
    weight: 2,
  },
  // A stray second assignment: one enrolment per prefix (T2 rule 1).
  { arbitrary: fc.record({ type: fc.constant('TRIAL_ASSIGNED'), arm }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('ACTIVE_OFFER_HOURS_REGISTERED'),
      hours: fc.integer({ min: 0, max: 12 }),
      offerType: fc.constantFrom('lab', 'preventive'),
    }),
    weight: 8,
  },
];

const sygedagpengeBodies: Array<{ arbitrary: fc.Arbitrary<Body>; weight: number }> = [
  ...trialBodies,
  {
    arbitrary: fc.record({
      type: fc.constant('CONTACT_HELD'),
      form: fc.constantFrom(...CONTACT_FORMS),
      heldBy: fc.constantFrom('jobcenter', 'other-actor', 'offer-provider'),
    }),
    weight: 10,
  },
  {
    // heldBy is required (Z16): who held a talk decides whether it counts.
    arbitrary: fc.record({
      type: fc.constant('SICKNESS_FOLLOWUP_HELD'),
      form: fc.constantFrom('in-person', 'phone', 'video', 'group'),
      heldBy: fc.constantFrom('jobcenter', 'other-actor'),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('FIRST_FOLLOWUP_HELD'),
      form: fc.constantFrom('in-person', 'phone'),
      heldBy: fc.constantFrom('jobcenter', 'other-actor'),
      cadenceWeeks: fc.constantFrom(4, 8),
    }),
    weight: 1,
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
    arbitrary: fc.record({ type: fc.constant('PARTIAL_RETURN_STARTED'), hoursPerWeek: fc.constantFrom(10, 20) }),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant('PARTIAL_RETURN_ENDED') }), weight: 2 },
  {
    arbitrary: fc.record({
      type: fc.constant('OBLIGATION_WAIVED'),
      code: fc.constantFrom('sdp-first-followup', 'sdp-followup', 'aht-weekly-contact', 'aht-activity-10h'),
      reason: text,
    }),
    weight: 2,
  },
];

/**
 * Regular contacts and hours from an anchor day (so weekly contacts and 10-hour windows are often met): contacts
 * every 4–10 days, hours every 1–3 days.
 */
const seriesArb = fc.record({
  contactStep: fc.integer({ min: 4, max: 10 }),
  contactCount: fc.integer({ min: 0, max: 18 }),
  contactForm: fc.constantFrom('in-person', 'in-person', 'phone', 'video'),
  hoursStep: fc.integer({ min: 1, max: 3 }),
  hoursCount: fc.integer({ min: 0, max: 40 }),
  hours: fc.integer({ min: 2, max: 6 }),
});

function series(anchor: EpochDay, s: SeriesParams): CaseEvent[] {
  const out: CaseEvent[] = [];
  for (let i = 1; i <= s.contactCount; i++)
    out.push(at(anchor + i * s.contactStep, { type: 'CONTACT_HELD', form: s.contactForm, heldBy: 'jobcenter' }));
  for (let i = 0; i < s.hoursCount; i++)
    out.push(
      at(anchor + 14 + i * s.hoursStep, { type: 'ACTIVE_OFFER_HOURS_REGISTERED', hours: s.hours, offerType: 'lab' }),
    );
  return out;
}

type SeriesParams = {
  contactStep: number;
  contactCount: number;
  contactForm: string;
  hoursStep: number;
  hoursCount: number;
  hours: number;
};

function withProgram(body: Body, programId: string): Body {
  return isTrialEvent(body as CaseEvent) ? { ...body, program: programId } : body;
}

const at = (day: EpochDay, body: Body): CaseEvent => ({ ...body, date: formatIsoDate(day) }) as CaseEvent;

/** Enrolment-window start of the programme, as an epoch day. */
function windowStart(programId: string): EpochDay {
  return parseIsoDate(findProgramme(programId, DEMO_PROGRAMMES)!.enrolmentWindow.from);
}

/**
 * A sygedagpenge case: sick leave around the enrolment window, the 8-week talk after 1–10 weeks with (usually) the
 * assignment on its date, then up to 60 events over the next ~8 months in random input order; sometimes an
 * early RETURNED_TO_WORK or CASE_CLOSED.
 */
export const sygedagpengeTrialTimelineArb: fc.Arbitrary<TrialTimeline> = fc
  .record({
    program,
    sickOffset: fc.integer({ min: -70, max: 250 }),
    firstAfter: fc.integer({ min: 5, max: 75 }),
    cadenceWeeks: fc.constantFrom(4, 8),
    assign: fc.double({ min: 0, max: 1, noNaN: true }),
    arm,
    // Offsets from the first talk: mostly inside the 4-month period.
    bodies: fc.array(fc.tuple(fc.integer({ min: -20, max: 150 }), fc.oneof(...sygedagpengeBodies)), { maxLength: 50 }),
    series: seriesArb,
    end: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      {
        arbitrary: fc.tuple(fc.constantFrom('RETURNED_TO_WORK', 'CASE_CLOSED'), fc.integer({ min: 0, max: 200 })),
        weight: 1,
      },
    ),
    asOfOffset: fc.integer({ min: 0, max: 330 }),
  })
  .map(({ program: p, sickOffset, firstAfter, cadenceWeeks, assign, arm: a, bodies, series: s, end, asOfOffset }) => {
    const sick = windowStart(p) + sickOffset;
    const first = sick + firstAfter;
    const head: CaseEvent[] = [
      at(sick, { type: 'SICK_LEAVE_STARTED' }),
      at(first, { type: 'FIRST_FOLLOWUP_HELD', form: 'in-person', heldBy: 'jobcenter', cadenceWeeks }),
    ];
    if (assign < 0.85) head.push(at(first, { type: 'TRIAL_ASSIGNED', program: p, arm: a }));
    const rest = bodies.map(([offset, body]) => at(Math.max(sick, first + offset), withProgram(body, p)));
    rest.push(...series(first, s));
    if (end) rest.push(at(first + end[1], { type: end[0] }));
    return {
      caseFacts: { caseType: 'sygedagpenge' },
      events: [...head, ...rest],
      asOf: formatIsoDate(sick + asOfOffset),
      program: p,
    };
  });

const FLEKSJOB_TYPES = [
  'FLEXJOB_STARTED',
  'INTERNSHIP_STARTED',
  'INTERNSHIP_ENDED',
  'BENEFIT_SUSPENDED',
  'BENEFIT_RESUMED',
  'CONTACT_CADENCE_SET',
  'PASSIVITY_SCREENING_DONE',
  'OTHER_ACTOR_REFERRED',
];

/**
 * A fleksjob case: visitation around the enrolment window, usually an assignment 0–60 days later (in LY), then up
 * to 60 events: contacts (which meet contact-14d and the weekly contact), hours, trial events and a few fleksjob
 * events that change the phase (an internship, a fleksjob start that ends the enrolment).
 */
export const fleksjobTrialTimelineArb: fc.Arbitrary<TrialTimeline> = fc
  .record({
    program,
    visitationOffset: fc.integer({ min: -60, max: 240 }),
    assignAfter: fc.integer({ min: 0, max: 60 }),
    assign: fc.double({ min: 0, max: 1, noNaN: true }),
    arm,
    birthDate: fc.constantFrom('1970-03-15', '1986-05-20'),
    asOfOffset: fc.integer({ min: 0, max: 330 }),
    series: seriesArb,
    items: fc.array(
      fc.tuple(
        fc.integer({ min: -20, max: 160 }),
        fc.oneof(
          { arbitrary: fc.constant('CONTACT_HELD'), weight: 10 },
          { arbitrary: fc.constant('TRIAL'), weight: 10 },
          { arbitrary: fc.constantFrom(...FLEKSJOB_TYPES), weight: 2 },
          { arbitrary: fc.constant('OBLIGATION_WAIVED'), weight: 1 },
        ),
        fc.nat(),
      ),
      { maxLength: 60 },
    ),
  })
  .chain((t) => {
    const visitation = windowStart(t.program) + t.visitationOffset;
    const assignedOn = visitation + t.assignAfter;
    const bodies = t.items.map(([offset, kind, seed]) => {
      const date = formatIsoDate(Math.max(visitation, assignedOn + offset));
      if (kind === 'TRIAL')
        return fc.oneof(...trialBodies).map((b) => ({ ...withProgram(b, t.program), date }) as CaseEvent);
      if (kind === 'OBLIGATION_WAIVED')
        return fc.constant<CaseEvent>({
          type: kind,
          date,
          code: ['contact-14d', 'aht-weekly-contact', 'aht-activity-10h'][seed % 3],
          reason: 'efter aftale',
        });
      return eventOfType(kind, fc.constant(date));
    });
    return fc.tuple(...bodies).map((rest): TrialTimeline => {
      const head: CaseEvent[] = [{ type: 'VISITATION_DECIDED', date: formatIsoDate(visitation) }];
      if (t.assign < 0.85)
        head.push({
          type: 'TRIAL_ASSIGNED',
          date: formatIsoDate(assignedOn),
          program: t.program,
          arm: t.arm,
        });
      return {
        caseFacts: { birthDate: t.birthDate },
        events: [...head, ...rest, ...series(assignedOn, t.series)],
        asOf: formatIsoDate(visitation + t.asOfOffset),
        program: t.program,
      };
    });
  });

/** Either case type. */
export const trialTimelineArb: fc.Arbitrary<TrialTimeline> = fc.oneof(
  sygedagpengeTrialTimelineArb,
  fleksjobTrialTimelineArb,
);
