/**
 * Case type `fleksjob` (spec obligations.md §C): event vocabulary, same-date order, derived state and the guards
 * the catalog's triggers name. Which obligations an event starts, meets or cancels is in the rule set (§D data).
 */
import { addMonthsEpoch, formatIsoDate } from '../../dates/iso-date';
import { FLEKSJOB_2024 } from '../../rule-sets/fleksjob-2024.rule-set';
import { OVERLAY_OBLIGATION_CODES, TRIAL_EVENTS } from '../../trials/trial-events';
import {
  type AdmissibilityIssue,
  type CaseFactsView,
  type CaseState,
  type CaseTypeDefinition,
  type EngineEvent,
  type EventTypeDefinition,
  type FieldSpec,
  type OpenOccurrenceView,
} from '../case-type';

export const FLEKSJOB_EVENT_TYPES = [
  'CASE_OPENED',
  'PREPARATORY_PART_STARTED',
  'REHAB_TEAM_MEETING_HELD',
  'VISITATION_DECIDED',
  'BENEFIT_STARTED',
  'BENEFIT_SUSPENDED',
  'BENEFIT_RESUMED',
  'CONTACT_CADENCE_SET',
  'CONTACT_HELD',
  'INTERNSHIP_STARTED',
  'INTERNSHIP_ENDED',
  'PASSIVITY_SCREENING_DONE',
  'REHAB_REREVIEW_HELD',
  'REREVIEW_WAIVED',
  'OTHER_ACTOR_REFERRED',
  'FLEXJOB_STARTED',
  'FLEXJOB_AGREEMENT_RECORDED',
  'CAPACITY_DECISION_ISSUED',
  'FLEXJOB_FOLLOWUP_HELD',
  'STATUTORY_FOLLOWUP_HELD',
  'TEMPORARY_STATUS_DECIDED',
  'FLEXJOB_ENDED',
  'OBLIGATION_WAIVED',
  'CASE_CLOSED',
  'ACTIVE_OFFER_HOURS_REGISTERED',
  'TRIAL_ASSIGNED',
  'TRIAL_EXEMPTED',
  'TRIAL_CONTACT_CADENCE_SET',
] as const;

export type FleksjobEventType = (typeof FLEKSJOB_EVENT_TYPES)[number];

export const FLEKSJOB_OBLIGATION_CODES = [
  'phase1-target',
  'contact-14d',
  'passivity-screening',
  'passivity-rereview',
  'other-actor-12m',
  'flexjob-agreement',
  'capacity-decision',
  'flexjob-followups',
  'statutory-followup-30m',
  'temporary-status-54m',
] as const;

export type FleksjobObligationCode = (typeof FLEKSJOB_OBLIGATION_CODES)[number];

export const RECOMMENDATIONS = ['flexjob', 'resource-course', 'disability-pension', 'other'] as const;
export const CONTACT_FORMS = ['in-person', 'phone', 'video', 'group', 'digital'] as const;
export const TEMPORARY_STATUS_OUTCOMES = ['permanent', 'renewed', 'ended'] as const;
/** X7: a per-case contact interval is an integer number of days in this range. */
export const CONTACT_INTERVAL_DAYS = { min: 7, max: 42 } as const;
/** B6/D10: a permanent fleksjob requires this age on the decision date. */
export const PERMANENT_MIN_AGE_MONTHS = 480;

const optionalText: FieldSpec = { kind: 'text', required: false };
const requiredText: FieldSpec = { kind: 'text', required: true };

// Ranks encode C2: class × 10, with class 3's fixed inner order as +0..+3.
const ev = (
  type: FleksjobEventType,
  meaning: string,
  rank: number,
  fields: Record<string, FieldSpec> = {},
): EventTypeDefinition => ({
  type,
  meaning,
  rank,
  fulfilment: rank === 60,
  fields,
});

export const FLEKSJOB_EVENTS: readonly EventTypeDefinition[] = [
  ev('CASE_OPENED', 'sag oprettet', 10),
  ev('INTERNSHIP_ENDED', 'virksomhedspraktik slutter', 20),
  ev('FLEXJOB_ENDED', 'fleksjob ophørt', 20, { reason: optionalText }),
  ev('PREPARATORY_PART_STARTED', 'forberedende del påbegyndt', 30),
  ev('REHAB_TEAM_MEETING_HELD', 'møde i rehabiliteringsteamet, indstilling', 31, {
    recommendation: { kind: 'enum', values: RECOMMENDATIONS, required: true },
  }),
  ev('VISITATION_DECIDED', 'visitation til fleksjob', 32),
  ev('BENEFIT_STARTED', 'ledighedsydelse udbetales fra', 33),
  ev('BENEFIT_SUSPENDED', 'ydelsen standset', 40, { reason: optionalText }),
  ev('BENEFIT_RESUMED', 'ydelsen genoptaget', 40),
  ev('CONTACT_CADENCE_SET', 'individuel kontaktkadence', 40, {
    intervalDays: { kind: 'integer', min: CONTACT_INTERVAL_DAYS.min, max: CONTACT_INTERVAL_DAYS.max, required: true },
    reason: requiredText,
  }),
  ev('INTERNSHIP_STARTED', 'virksomhedspraktik starter', 50),
  ev('FLEXJOB_STARTED', 'ansættelse i fleksjob', 50, {
    hoursPerWeek: { kind: 'positive-number', required: true },
    employer: requiredText,
  }),
  ev('CONTACT_HELD', 'samtale/kontakt med borger', 60, {
    form: { kind: 'enum', values: CONTACT_FORMS, required: true },
    // Z9: optional, default jobcenter; it matters only for a trial's contact overlay.
    heldBy: { kind: 'enum', values: ['jobcenter', 'other-actor', 'offer-provider'], required: false },
  }),
  // U5: trial hours join class 6 (a recording event, not a C5 fulfilment).
  {
    type: 'ACTIVE_OFFER_HOURS_REGISTERED',
    meaning: 'timer i aktivt tilbud',
    rank: 60,
    fulfilment: false,
    fields: {
      hours: { kind: 'number', min: 0, max: 24, required: true },
      offerType: { kind: 'enum', values: ['lab', 'preventive'], required: false },
    },
  },
  ev('PASSIVITY_SCREENING_DONE', 'screening af passiv sag', 60),
  ev('REHAB_REREVIEW_HELD', 'genbehandling i rehabiliteringsteamet', 60),
  ev('REREVIEW_WAIVED', 'genbehandling undladt', 60, { reason: requiredText }),
  ev('OTHER_ACTOR_REFERRED', 'henvist til anden aktør', 60),
  ev('FLEXJOB_AGREEMENT_RECORDED', 'aftale om progressionsmål, opfølgning og kontaktperson i Min Plan', 60),
  ev('CAPACITY_DECISION_ISSUED', 'skriftlig afgørelse om timetal og arbejdsintensitet med klagevejledning', 60),
  ev('FLEXJOB_FOLLOWUP_HELD', 'opfølgning med fleksjobansat og kontaktperson', 60, { location: optionalText }),
  ev('STATUTORY_FOLLOWUP_HELD', 'lovpligtig opfølgning', 60),
  ev('TEMPORARY_STATUS_DECIDED', 'status i midlertidigt fleksjob', 60, {
    outcome: { kind: 'enum', values: TEMPORARY_STATUS_OUTCOMES, required: true },
  }),
  ev('OBLIGATION_WAIVED', 'dispensation for én forekomst', 60, {
    code: { kind: 'obligation-code', required: true },
    reason: requiredText,
  }),
  // U5: TRIAL_CONTACT_CADENCE_SET joins class 4; TRIAL_ASSIGNED then TRIAL_EXEMPTED form class 6b.
  ...TRIAL_EVENTS({ cadence: 40, assigned: 65, exempted: 66 }),
  ev('CASE_CLOSED', 'sag afsluttet', 70, { reason: optionalText }),
];

type Phase = 'PRE' | 'LY' | 'JOB' | 'CLOSED';

const OTHER_ACTOR = 'other-actor-12m';

/** C3 derived state. The benefit spell's obligation is other-actor-12m (at most one open). */
class FleksjobState implements CaseState {
  private phase: Phase = 'PRE';
  private inInternship = false;
  private firstJobPending = false;
  private permanentDecided = false;
  private spell: { implicit: boolean } | undefined;

  get closed(): boolean {
    return this.phase === 'CLOSED';
  }

  gate(event: EngineEvent, open: OpenOccurrenceView): string | undefined {
    switch (event.type as FleksjobEventType) {
      case 'PREPARATORY_PART_STARTED':
        if (this.phase !== 'PRE') return `phase is ${this.phase}, not PRE: phase 1 has already ended`;
        if (open.isOpen('phase1-target')) return 'phase1-target is already open';
        return undefined;
      case 'VISITATION_DECIDED':
        return this.phase === 'JOB' ? 'visitation while in a fleksjob' : undefined;
      case 'BENEFIT_STARTED':
        if (this.phase !== 'LY') return `phase is ${this.phase}, not LY (ledig fleksjobvisiteret)`;
        if (this.spell && !(this.spell.implicit && open.isOpen(OTHER_ACTOR) && !open.isPaused(OTHER_ACTOR)))
          return 'the benefit spell has already started, or its other-actor-12m is closed or paused';
        return undefined;
      case 'INTERNSHIP_STARTED':
        return this.inInternship ? 'already in an internship' : undefined;
      case 'INTERNSHIP_ENDED':
        return this.inInternship ? undefined : 'not in an internship';
      case 'FLEXJOB_STARTED':
        if (this.phase === 'JOB') return 'already in a fleksjob (supplerende fleksjob is not modelled)';
        return this.phase === 'LY' ? undefined : `phase is ${this.phase}, not LY: no visitation yet`;
      case 'FLEXJOB_ENDED':
        return this.phase === 'JOB' ? undefined : 'not in a fleksjob';
      default:
        return undefined;
    }
  }

  guard(name: string, arg: string | undefined, event: EngineEvent, open: OpenOccurrenceView): boolean {
    switch (name) {
      case 'in-phase':
        return this.phase === arg;
      case 'not-in-internship':
        return !this.inInternship;
      case 'no-open':
        return !open.isOpen(arg ?? '');
      case 'no-benefit-spell':
        return this.spell === undefined;
      case 'implicit-benefit-spell-unpaused':
        return (
          this.spell !== undefined && this.spell.implicit && open.isOpen(OTHER_ACTOR) && !open.isPaused(OTHER_ACTOR)
        );
      case 'first-job-pending':
        return this.firstJobPending;
      case 'no-permanent-outcome':
        return !this.permanentDecided;
      case 'recommendation-not-flexjob':
        return event.fields.recommendation !== 'flexjob';
      case 'outcome':
        return event.fields.outcome === arg;
      default:
        throw new Error(`fleksjob: unknown guard ${name}`);
    }
  }

  apply(event: EngineEvent, started: (code: string) => boolean): void {
    switch (event.type as FleksjobEventType) {
      case 'VISITATION_DECIDED':
        this.phase = 'LY';
        this.firstJobPending = true;
        if (started(OTHER_ACTOR)) this.spell = { implicit: true };
        break;
      case 'BENEFIT_STARTED':
        // Either re-anchored the implicit spell or opened an explicit one (the gate excluded anything else).
        this.spell = { implicit: false };
        break;
      case 'INTERNSHIP_STARTED':
        this.inInternship = true;
        break;
      case 'INTERNSHIP_ENDED':
        this.inInternship = false;
        break;
      case 'FLEXJOB_STARTED':
        this.phase = 'JOB';
        this.spell = undefined;
        this.firstJobPending = false;
        break;
      case 'FLEXJOB_ENDED':
        this.phase = 'LY';
        this.spell = { implicit: true };
        break;
      case 'TEMPORARY_STATUS_DECIDED':
        if (event.fields.outcome === 'permanent') this.permanentDecided = true;
        break;
      case 'CASE_CLOSED':
        this.phase = 'CLOSED';
        this.spell = undefined;
        break;
      default:
        break;
    }
  }
}

function admissibility(facts: CaseFactsView, event: EngineEvent): AdmissibilityIssue | undefined {
  if (facts.birthDate === undefined) return undefined;
  if (event.date < facts.birthDate)
    return {
      code: 'EVENT_BEFORE_BIRTH',
      field: 'date',
      message: `dated before the citizen's birthDate ${formatIsoDate(facts.birthDate)}`,
    };
  if (event.type === 'TEMPORARY_STATUS_DECIDED' && event.fields.outcome === 'permanent') {
    const fortieth = addMonthsEpoch(facts.birthDate, PERMANENT_MIN_AGE_MONTHS);
    if (event.date < fortieth)
      return {
        code: 'PERMANENT_REQUIRES_AGE_40',
        field: 'outcome',
        message: `a permanent fleksjob requires the citizen to be 40 on the decision date; the 40th birthday is ${formatIsoDate(fortieth)}`,
      };
  }
  return undefined;
}

export const FLEKSJOB_CASE_TYPE: CaseTypeDefinition = {
  id: 'fleksjob',
  events: FLEKSJOB_EVENTS,
  closingEvent: 'CASE_CLOSED',
  requiresBirthDate: true,
  obligationCodes: [...FLEKSJOB_OBLIGATION_CODES, ...OVERLAY_OBLIGATION_CODES],
  defaultRuleSets: [FLEKSJOB_2024],
  dedupeKey(event: EngineEvent): string {
    // REREVIEW_WAIVED is declared equivalent to OBLIGATION_WAIVED {passivity-rereview} (C4), so they share a key.
    if (event.type === 'OBLIGATION_WAIVED') return `waive:${String(event.fields.code)}`;
    if (event.type === 'REREVIEW_WAIVED') return 'waive:passivity-rereview';
    return event.type;
  },
  admissibility,
  newState: () => new FleksjobState(),
};
