/**
 * Case type `sygedagpenge` (spec trials-and-sygedagpenge.md §S): event vocabulary, same-date order (S3), state
 * (S1) and the guards its rule set and the trial programmes name. Stores no personal fact (H2, A5).
 */
import { SYGEDAGPENGE_2009 } from '../../rule-sets/sygedagpenge-2009.rule-set';
import {
  HOURS_IN_A_WEEK,
  type AdmissibilityIssue,
  type CaseState,
  type CaseTypeDefinition,
  type EngineEvent,
  type EventTypeDefinition,
  type FieldSpec,
} from '../case-type';
import { CONTACT_FORMS } from '../fleksjob/fleksjob-case-type';
import { OVERLAY_OBLIGATION_CODES, TRIAL_EVENTS } from '../../trials/trial-events';

export const SYGEDAGPENGE_EVENT_TYPES = [
  'CASE_OPENED',
  'SICK_LEAVE_STARTED',
  'FIRST_FOLLOWUP_HELD',
  'FOLLOWUP_CADENCE_SET',
  'SICKNESS_FOLLOWUP_HELD',
  'CONTACT_HELD',
  'ACTIVE_OFFER_HOURS_REGISTERED',
  'PARTIAL_RETURN_STARTED',
  'PARTIAL_RETURN_ENDED',
  'RETURNED_TO_WORK',
  'OBLIGATION_WAIVED',
  'CASE_CLOSED',
  'TRIAL_ASSIGNED',
  'TRIAL_EXEMPTED',
  'TRIAL_CONTACT_CADENCE_SET',
] as const;

export type SygedagpengeEventType = (typeof SYGEDAGPENGE_EVENT_TYPES)[number];

export const SYGEDAGPENGE_OBLIGATION_CODES = ['sdp-first-followup', 'sdp-followup'] as const;

/** S2 heldBy values; a statutory talk may be held by the jobcenter or anden aktør only (Z3). */
export const HELD_BY = ['jobcenter', 'other-actor', 'offer-provider'] as const;
/** S0: the forms that count as a samtale (product decision). */
export const SAMTALE_FORMS: readonly string[] = ['in-person', 'phone', 'video'];
export const CADENCE_WEEKS = [4, 8] as const;
export const OFFER_TYPES = ['lab', 'preventive'] as const;

const requiredText: FieldSpec = { kind: 'text', required: true };
const optionalText: FieldSpec = { kind: 'text', required: false };
const form: FieldSpec = { kind: 'enum', values: CONTACT_FORMS, required: true };
// Z16: who held a talk decides whether it counts, so heldBy is required on every sygedagpenge talk (S2), never
// defaulted; only the fleksjob CONTACT_HELD has an optional heldBy (Z9).
const heldBy: FieldSpec = { kind: 'enum', values: HELD_BY, required: true };
const cadenceWeeks: FieldSpec = { kind: 'integer', min: 4, max: 8, required: true };

const checkCadence = (raw: Readonly<Record<string, unknown>>): Array<[string, string]> | undefined =>
  raw.cadenceWeeks === 4 || raw.cadenceWeeks === 8 ? undefined : [['cadenceWeeks', 'must be 4 or 8']];

// Ranks encode S3: class × 10; within a class input order, except the fixed "then" orders (+1).
const ev = (
  type: SygedagpengeEventType,
  meaning: string,
  rank: number,
  fields: Record<string, FieldSpec> = {},
  extra: Partial<Pick<EventTypeDefinition, 'fulfilment' | 'silent' | 'check'>> = {},
): EventTypeDefinition => ({ type, meaning, rank, fulfilment: extra.fulfilment ?? false, fields, ...extra });

export const SYGEDAGPENGE_EVENTS: readonly EventTypeDefinition[] = [
  ev('CASE_OPENED', 'sag oprettet', 10),
  ev('SICK_LEAVE_STARTED', 'første fraværsdag (sygemelding)', 10),
  ev('PARTIAL_RETURN_ENDED', 'delvis raskmelding ophørt', 20),
  ev('PARTIAL_RETURN_STARTED', 'delvis raskmelding', 30, {
    hoursPerWeek: { kind: 'positive-number', max: HOURS_IN_A_WEEK, required: true },
  }),
  ev(
    'FOLLOWUP_CADENCE_SET',
    'opfølgningskadence ændret',
    40,
    { cadenceWeeks, reason: requiredText },
    { check: checkCadence },
  ),
  // Not a C5 fulfilment event: it sets the cadence and starts sdp-followup even when the 8-week talk was waived.
  ev(
    'FIRST_FOLLOWUP_HELD',
    '1. opfølgningssamtale (8-ugers samtalen)',
    50,
    { heldBy, form, cadenceWeeks },
    { check: checkCadence },
  ),
  ev(
    'SICKNESS_FOLLOWUP_HELD',
    'opfølgningssamtale',
    50,
    { heldBy: { kind: 'enum', values: ['jobcenter', 'other-actor'], required: true }, form },
    { fulfilment: true },
  ),
  ev('CONTACT_HELD', 'kontaktsamtale', 50, { form, heldBy }, { fulfilment: true, silent: true }),
  ev('ACTIVE_OFFER_HOURS_REGISTERED', 'timer i aktivt tilbud', 50, {
    hours: { kind: 'number', min: 0, max: 24, required: true },
    offerType: { kind: 'enum', values: OFFER_TYPES, required: true }, // Z16
  }),
  ev(
    'OBLIGATION_WAIVED',
    'dispensation for én forekomst',
    50,
    { code: { kind: 'obligation-code', required: true }, reason: requiredText },
    { fulfilment: true },
  ),
  ...TRIAL_EVENTS({ cadence: 40, assigned: 60, exempted: 61 }),
  ev('RETURNED_TO_WORK', 'fuld raskmelding', 70),
  ev('CASE_CLOSED', 'sag afsluttet', 70, { reason: optionalText }),
];

type Phase = 'PRE' | 'SICK' | 'RECOVERED' | 'CLOSED';

/** S1 state. */
class SygedagpengeState implements CaseState {
  private phase: Phase = 'PRE';
  private partialReturn = false;
  private firstFollowupOn: number | undefined;

  get closed(): boolean {
    return this.phase === 'CLOSED';
  }

  gate(event: EngineEvent): string | undefined {
    const type = event.type as SygedagpengeEventType;
    if (this.phase === 'PRE') {
      if (type === 'CASE_OPENED' || type === 'SICK_LEAVE_STARTED') return undefined;
      return 'before SICK_LEAVE_STARTED (phase PRE)';
    }
    if (this.phase === 'RECOVERED') {
      if (type === 'CASE_CLOSED') return undefined;
      if (type === 'TRIAL_ASSIGNED') return 'after RETURNED_TO_WORK, no first follow-up on its date; no enrolment'; // seed 002 L222
      return 'after RETURNED_TO_WORK';
    }
    switch (type) {
      case 'SICK_LEAVE_STARTED':
        return `phase is ${this.phase}, not PRE: the sick leave has already started`;
      case 'FIRST_FOLLOWUP_HELD':
        if (this.firstFollowupOn !== undefined) return 'the first follow-up has already been held';
        if (event.fields.heldBy !== 'jobcenter')
          return 'the first follow-up must be held by the jobcenter ("i jobcentrets regi")'; // seed 002 L230
        if (!SAMTALE_FORMS.includes(event.fields.form as string))
          return `form ${String(event.fields.form)} is not a samtale (in-person, phone, video)`;
        return undefined;
      case 'FOLLOWUP_CADENCE_SET':
        return this.firstFollowupOn === undefined
          ? 'no first follow-up yet: record the cadence on FIRST_FOLLOWUP_HELD'
          : undefined;
      case 'SICKNESS_FOLLOWUP_HELD':
        return SAMTALE_FORMS.includes(event.fields.form as string)
          ? undefined
          : `form ${String(event.fields.form)} is not a samtale (in-person, phone, video)`;
      case 'PARTIAL_RETURN_STARTED':
        return this.partialReturn ? 'already in a partial return' : undefined;
      case 'PARTIAL_RETURN_ENDED':
        return this.partialReturn ? undefined : 'not in a partial return';
      default:
        return undefined;
    }
  }

  guard(name: string, _arg: string | undefined, event: EngineEvent): boolean {
    switch (name) {
      case 'first-followup-today':
        return this.firstFollowupOn === event.date;
      case 'partial-return':
        return this.partialReturn;
      default:
        throw new Error(`sygedagpenge: unknown guard ${name}`);
    }
  }

  apply(event: EngineEvent): void {
    switch (event.type as SygedagpengeEventType) {
      case 'SICK_LEAVE_STARTED':
        this.phase = 'SICK';
        break;
      case 'FIRST_FOLLOWUP_HELD':
        this.firstFollowupOn = event.date;
        break;
      case 'PARTIAL_RETURN_STARTED':
        this.partialReturn = true;
        break;
      case 'PARTIAL_RETURN_ENDED':
        this.partialReturn = false;
        break;
      case 'RETURNED_TO_WORK':
        this.phase = 'RECOVERED';
        break;
      case 'CASE_CLOSED':
        this.phase = 'CLOSED';
        break;
      default:
        break;
    }
  }
}

export const SYGEDAGPENGE_CASE_TYPE: CaseTypeDefinition = {
  id: 'sygedagpenge',
  events: SYGEDAGPENGE_EVENTS,
  closingEvent: 'CASE_CLOSED',
  requiresBirthDate: false,
  obligationCodes: [...SYGEDAGPENGE_OBLIGATION_CODES, ...OVERLAY_OBLIGATION_CODES],
  defaultRuleSets: [SYGEDAGPENGE_2009],
  dedupeKey(event: EngineEvent): string {
    if (event.type === 'OBLIGATION_WAIVED') return `waive:${String(event.fields.code)}`;
    return event.type;
  },
  admissibility(): AdmissibilityIssue | undefined {
    return undefined;
  },
  newState: () => new SygedagpengeState(),
};
