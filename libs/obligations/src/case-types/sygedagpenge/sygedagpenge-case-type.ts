/**
 * Case type `sygedagpenge` (spec trials-and-sygedagpenge.md §S): event vocabulary, same-date order (S3), state
 * (S1) and the guards its rule set and the trial programmes name. Stores no personal fact (H2, A5).
 */
import { type EpochDay, parseIsoDate, tryParseIsoDate } from '../../dates/iso-date';
import { SYGEDAGPENGE_2009 } from '../../rule-sets/sygedagpenge-2009.rule-set';
import { SYGEDAGPENGE_2025 } from '../../rule-sets/sygedagpenge-2025.rule-set';
import { SYGEDAGPENGE_2026 } from '../../rule-sets/sygedagpenge-2026.rule-set';
import {
  HOURS_IN_A_WEEK,
  type AdmissibilityIssue,
  type CaseFactsView,
  type OpenOccurrenceView,
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

/** law-2026 R0: event types known only after MIG-2026 (before it they are invalid input, M3). */
export const SYGEDAGPENGE_2025_EVENT_TYPES = [
  'EARLY_FOLLOWUP_REQUESTED',
  'REVURDERING_DATE_NOTIFIED',
  'TALK_REQUESTED',
  'REVURDERING_DONE',
  'RETURN_CHECK_DONE',
  'SHORT_ABSENCE_EXPECTED',
  'EXPECTATION_CHANGED',
  'FOLLOWUP_DECIDED',
] as const;

export type SygedagpengeEventType =
  (typeof SYGEDAGPENGE_EVENT_TYPES)[number] | (typeof SYGEDAGPENGE_2025_EVENT_TYPES)[number];

export const SYGEDAGPENGE_OBLIGATION_CODES = ['sdp-first-followup', 'sdp-followup'] as const;

/** Codes of `sygedagpenge-2025` / `-2026` only (law-2026 §R): OBLIGATION_WAIVED accepts them after MIG-2026. */
export const SYGEDAGPENGE_2025_OBLIGATION_CODES = [
  'sdp-followups-6m',
  'sdp-talk-on-request',
  'sdp-return-check',
  'sdp-revurdering',
  'sdp-26w-checkpoint',
] as const;

export const FOLLOWUP_TRACKS = ['ordinary', '13f'] as const;
export const EARLY_FOLLOWUP_REQUESTERS = ['employee', 'employer'] as const;
export const REVURDERING_OUTCOMES = ['extended', 'jobafklaring', 'stopped', 'recovered'] as const;

/** law-2026 dates that act by event date (R0, R4′, R6). */
const RULES_2025_FROM = parseIsoDate('2025-01-01');
const RULES_2026_FROM = parseIsoDate('2026-07-01');
/** R4: a 13f expected return date lies at most 90 days after the talk (the end of week 13, the talk as day 1). */
const TRACK_13F_MAX_DAYS = 90;

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

/**
 * FIRST_FOLLOWUP_HELD after MIG-2026 (R0): cadenceWeeks is required before 2025-01-01 and optional from then on;
 * expectedReturnOn is required with track 13f.
 */
const checkFirstFollowup = (raw: Readonly<Record<string, unknown>>, migrated: boolean): Array<[string, string]> => {
  if (!migrated) return checkCadence(raw) ?? [];
  const problems: Array<[string, string]> = [];
  const date = tryParseIsoDate(raw.date);
  if (raw.cadenceWeeks === undefined) {
    if (date !== undefined && date < RULES_2025_FROM)
      problems.push(['cadenceWeeks', 'is required on a first follow-up dated before 2025-01-01']);
  } else problems.push(...(checkCadence(raw) ?? []));
  if (raw.track === '13f' && raw.expectedReturnOn === undefined)
    problems.push(['expectedReturnOn', 'is required with track 13f']);
  return problems;
};

// Ranks encode S3: class × 10; within a class input order, except the fixed "then" orders (+1). Class 5b is 55.
const ev = (
  type: SygedagpengeEventType,
  meaning: string,
  rank: number,
  fields: Record<string, FieldSpec> = {},
  extra: Partial<Pick<EventTypeDefinition, 'fulfilment' | 'silent' | 'check' | 'migratedFields'>> = {},
): EventTypeDefinition => ({ type, meaning, rank, fulfilment: extra.fulfilment ?? false, fields, ...extra });

/** A law-2026 event type (R0), known only after MIG-2026. */
const law = (definition: EventTypeDefinition): EventTypeDefinition => ({ ...definition, sinceMigration: 'MIG-2026' });
const requiredBoolean: FieldSpec = { kind: 'boolean', required: true };

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
    {
      check: checkFirstFollowup,
      // R0: from 2025-01-01 the cadence is optional (and ignored); the § 13 f track and the in-person exception.
      migratedFields: {
        heldBy,
        form,
        cadenceWeeks: { ...cadenceWeeks, required: false },
        track: { kind: 'enum', values: FOLLOWUP_TRACKS, required: false },
        expectedReturnOn: { kind: 'date', required: false },
        exceptionReason: optionalText,
      },
    },
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
  // law-2026 R0 (after MIG-2026 only).
  law(
    ev('EARLY_FOLLOWUP_REQUESTED', 'anmodning om tidlig opfølgning', 40, {
      by: { kind: 'enum', values: EARLY_FOLLOWUP_REQUESTERS, required: true },
    }),
  ),
  law(
    ev('REVURDERING_DATE_NOTIFIED', 'revurderingstidspunkt meddelt (ydelsessystemet)', 40, {
      revurderingOn: { kind: 'date', required: true },
    }),
  ),
  law(ev('TALK_REQUESTED', 'den sygemeldte anmoder om en samtale', 40)),
  // Class 5 fulfilments: with nothing open they warn (C5); a same-date repeat is a duplicate (J3).
  law(
    ev(
      'REVURDERING_DONE',
      'revurdering foretaget',
      50,
      { outcome: { kind: 'enum', values: REVURDERING_OUTCOMES, required: true } },
      { fulfilment: true },
    ),
  ),
  law(ev('RETURN_CHECK_DONE', 'opfølgning på raskmelding', 50, { stillSick: requiredBoolean }, { fulfilment: true })),
  // Class 5b: after class 5, before class 6.
  law(
    ev('SHORT_ABSENCE_EXPECTED', 'sygemeldte og arbejdsgiver forventer fravær under 26 uger', 55, {
      inEmployment: requiredBoolean,
      employeeExpects: requiredBoolean,
      employerExpects: requiredBoolean,
    }),
  ),
  law(ev('EXPECTATION_CHANGED', 'forventningen om under 26 uger bortfalder', 55)),
  law(ev('FOLLOWUP_DECIDED', 'kommunen beslutter alligevel at følge op', 55, { reason: requiredText })),
];

type Phase = 'PRE' | 'SICK' | 'RECOVERED' | 'CLOSED';

const isSamtale = (event: EngineEvent) => SAMTALE_FORMS.includes(event.fields.form as string);

/**
 * S1 state; after MIG-2026 also the law-2026 §R facts: the first day of absence F (the series anchor), the track
 * of the accepted first talk (R4) and whether the 26-week exemption holds (R6).
 */
class SygedagpengeState implements CaseState {
  phase: Phase = 'PRE';
  private partialReturn = false;
  private firstFollowupOn: number | undefined;
  private sickOn: EpochDay | undefined;
  private firstTrack: 'ordinary' | '13f' = 'ordinary';
  private exempted = false;

  constructor(private readonly migrated: boolean) {}

  get closed(): boolean {
    return this.phase === 'CLOSED';
  }

  anchor(name: string): EpochDay | undefined {
    return name === 'first-absence-day' ? this.sickOn : undefined;
  }

  /** R4/R4′: a first talk on the § 13 f track, valid when dated 2025-01-01 – 2026-06-30 and back within 90 days. */
  private track13f(event: EngineEvent): 'valid' | 'invalid' | 'superseded' | 'too-early' | undefined {
    if (event.fields.track !== '13f') return undefined;
    if (event.date < RULES_2025_FROM) return 'too-early';
    if (event.date >= RULES_2026_FROM) return 'superseded';
    const expected = tryParseIsoDate(event.fields.expectedReturnOn);
    return expected !== undefined && expected <= event.date + TRACK_13F_MAX_DAYS ? 'valid' : 'invalid';
  }

  gate(event: EngineEvent, open: OpenOccurrenceView): string | undefined {
    const type = event.type as SygedagpengeEventType;
    if (this.migrated && this.phase === 'SICK') {
      const refusal = this.migratedGate(event, open);
      if (refusal !== null) return refusal;
    }
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

  /** law-2026 §R refusals (a reason), acceptance (undefined), or null to fall through to the S2 gate. */
  private migratedGate(event: EngineEvent, open: OpenOccurrenceView): string | undefined | null {
    const type = event.type as SygedagpengeEventType;
    const from2025 = event.date >= RULES_2025_FROM;
    switch (type) {
      case 'FIRST_FOLLOWUP_HELD':
        // R1, in this order (W45); before 2025-01-01 the S2 rule (no in-person requirement).
        if (this.firstFollowupOn !== undefined) return 'the first follow-up has already been held';
        if (event.fields.heldBy !== 'jobcenter')
          return 'the first follow-up must be held by the kommune (individuel samtale i kommunens regi)';
        if (!isSamtale(event)) return `form ${String(event.fields.form)} is not a samtale (in-person, phone, video)`;
        if (from2025 && event.fields.form !== 'in-person' && event.fields.exceptionReason === undefined)
          return `FIRST_TALK_IN_PERSON_REQUIRED: den første opfølgning sker ved en individuel samtale med personligt fremmøde; ${String(event.fields.form)} kræver en begrundelse (exceptionReason)`;
        return undefined;
      case 'FOLLOWUP_CADENCE_SET':
        return from2025
          ? 'from 2025-01-01 the follow-up cadence is not set per case (sygedagpengeloven § 13 b); no effect'
          : null;
      case 'EARLY_FOLLOWUP_REQUESTED':
      case 'TALK_REQUESTED':
      case 'REVURDERING_DATE_NOTIFIED':
        // R0: class-4 events dated before 2025-01-01 have no effect.
        if (!from2025) return `${type} applies from 2025-01-01; no effect`;
        if (type === 'EARLY_FOLLOWUP_REQUESTED') {
          const first = open.series('sdp-first-followup');
          if (first === undefined) return 'no open sdp-first-followup to bring forward';
          // A first follow-up started before 2025 is a 2009 row (R7): its date follows the 2009 rule.
          if (first.k === undefined) return 'the open sdp-first-followup follows the 2009 rule (started before 2025)';
        }
        if (type === 'TALK_REQUESTED') {
          if (this.exempted) return 'the 26-week exemption holds: no talk is created while it holds';
          if (open.isOpen('sdp-talk-on-request')) return 'a talk on request is already open';
        }
        return undefined;
      case 'SHORT_ABSENCE_EXPECTED':
        // R6, in this order (W47).
        if (event.date < RULES_2026_FROM)
          return 'EXEMPTION_NOT_EFFECTIVE: undtagelsen ved forventet fravær under 26 uger gælder fra 2026-07-01';
        if (!(event.fields.inEmployment && event.fields.employeeExpects && event.fields.employerExpects))
          return 'EXEMPTION_CONDITIONS_NOT_MET: den sygemeldte skal være i job, og både den sygemeldte og arbejdsgiveren skal forvente fravær under 26 uger';
        return this.exempted ? 'the 26-week exemption already holds' : undefined;
      case 'EXPECTATION_CHANGED':
      case 'FOLLOWUP_DECIDED':
        return this.exempted ? undefined : 'no 26-week exemption holds';
      default:
        return null;
    }
  }

  guard(name: string, _arg: string | undefined, event: EngineEvent): boolean {
    switch (name) {
      case 'first-followup-today':
        return this.firstFollowupOn === event.date;
      case 'partial-return':
        return this.partialReturn;
      // law-2026 §R (migrated only).
      case 'track-13f':
        return this.track13f(event) === 'valid';
      case 'ordinary-track':
        return this.track13f(event) !== 'valid';
      case 'exempted':
        return this.exempted;
      case 'not-exempted':
        return !this.exempted;
      case 'no-first-talk':
        return this.firstFollowupOn === undefined;
      case 'ordinary-first-talk':
        return this.firstFollowupOn !== undefined && this.firstTrack === 'ordinary';
      default:
        throw new Error(`sygedagpenge: unknown guard ${name}`);
    }
  }

  apply(event: EngineEvent): void {
    switch (event.type as SygedagpengeEventType) {
      case 'SICK_LEAVE_STARTED':
        this.phase = 'SICK';
        this.sickOn = event.date;
        break;
      case 'FIRST_FOLLOWUP_HELD':
        this.firstFollowupOn = event.date;
        this.firstTrack = this.migrated && this.track13f(event) === 'valid' ? '13f' : 'ordinary';
        this.exempted = false; // W46: an accepted first talk ends the exemption
        break;
      case 'SICKNESS_FOLLOWUP_HELD':
        this.exempted = false; // W46: a samtale (the gate refused other forms) ends it like FOLLOWUP_DECIDED
        break;
      case 'SHORT_ABSENCE_EXPECTED':
        this.exempted = true;
        break;
      case 'EXPECTATION_CHANGED':
      case 'FOLLOWUP_DECIDED':
        this.exempted = false;
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

  /** law-2026 O4 warnings of an accepted first talk that keep its effect (R0, R4, R4′). */
  afterEffects(event: EngineEvent): readonly string[] | undefined {
    if (!this.migrated || event.type !== 'FIRST_FOLLOWUP_HELD') return undefined;
    const warnings: string[] = [];
    if (event.date >= RULES_2025_FROM && event.fields.cadenceWeeks !== undefined)
      warnings.push(
        'CADENCE_IGNORED: fra 2025-01-01 følger opfølgningen sygedagpengeloven § 13 b; kadencen bruges ikke',
      );
    switch (this.track13f(event)) {
      case 'invalid':
        warnings.push(
          'TRACK_13F_INVALID: forventet raskmelding ligger mere end 13 uger efter samtalen; opfølgningen følger det almindelige forløb',
        );
        break;
      case 'superseded':
        warnings.push(
          'TRACK_13F_SUPERSEDED: sporet efter § 13 f gælder ikke for samtaler fra 2026-07-01; opfølgningen følger det almindelige forløb',
        );
        break;
      case 'too-early':
        warnings.push('track 13f applies from 2025-01-01: the talk follows the 2009 rule');
        break;
      default:
        break;
    }
    return warnings.length > 0 ? warnings : undefined;
  }
}

export const SYGEDAGPENGE_CASE_TYPE: CaseTypeDefinition = {
  id: 'sygedagpenge',
  events: SYGEDAGPENGE_EVENTS,
  closingEvent: 'CASE_CLOSED',
  requiresBirthDate: false,
  obligationCodes: [...SYGEDAGPENGE_OBLIGATION_CODES, ...OVERLAY_OBLIGATION_CODES],
  migratedObligationCodes: SYGEDAGPENGE_2025_OBLIGATION_CODES,
  defaultRuleSets: [SYGEDAGPENGE_2009],
  migratedRuleSets: [SYGEDAGPENGE_2025, SYGEDAGPENGE_2026],
  dedupeKey(event: EngineEvent): string {
    if (event.type === 'OBLIGATION_WAIVED') return `waive:${String(event.fields.code)}`;
    return event.type;
  },
  admissibility(): AdmissibilityIssue | undefined {
    return undefined;
  },
  newState: (facts: CaseFactsView) => new SygedagpengeState(facts.migrated === true),
};
