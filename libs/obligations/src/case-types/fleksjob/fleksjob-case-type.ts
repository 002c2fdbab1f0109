/**
 * Case type `fleksjob` (spec obligations.md §C): event vocabulary, same-date order, derived state and the guards
 * the catalog's triggers name. Which obligations an event starts, meets or cancels is in the rule set (§D data).
 */
import { type EpochDay, addMonthsEpoch, formatIsoDate, parseIsoDate } from '../../dates/iso-date';
import { FLEKSJOB_2024 } from '../../rule-sets/fleksjob-2024.rule-set';
import { FLEKSJOB_2026 } from '../../rule-sets/fleksjob-2026.rule-set';
import { OVERLAY_OBLIGATION_CODES, TRIAL_EVENTS } from '../../trials/trial-events';
import {
  HOURS_IN_A_WEEK,
  type AdmissibilityIssue,
  type CaseFactsView,
  type CaseState,
  type CaseTypeDefinition,
  type DaySource,
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

/** law-2026 N0.3: event types known only after MIG-2026 (before it they are invalid input, M3). */
export const FLEKSJOB_2026_EVENT_TYPES = [
  'ASSESSMENT_DESCRIPTION_STARTED',
  'ASSESSMENT_CONCLUDED',
  'JOBTALK_REQUESTED',
  'BENEFIT_LEAVE_STARTED',
  'BENEFIT_LEAVE_ENDED',
  'MUNICIPALITY_MOVED_IN',
  'HEALTH_ADVICE_REQUESTED',
  'LY_REASSESSMENT_DONE',
  'PASSIVITY_REVIEW_HELD',
  'JOBTALKS_EXEMPTED',
] as const;

export type FleksjobEventType = (typeof FLEKSJOB_EVENT_TYPES)[number] | (typeof FLEKSJOB_2026_EVENT_TYPES)[number];

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

/** Codes of `fleksjob-2026` only (law-2026 N0.2): OBLIGATION_WAIVED accepts them after MIG-2026. */
export const FLEKSJOB_2026_OBLIGATION_CODES = ['ly-jobtalk', 'ly-reassessment', 'ly-jobtalk-on-request'] as const;

export const ASSESSMENT_OUTCOMES = ['flexjob', 'disability-pension', 'other'] as const;
export const BENEFIT_LEAVE_KINDS = ['barsel', 'sorgorlov'] as const;
export const HEALTH_ADVICE_PROVIDERS = ['klinisk-funktion', 'sundhedskoordinator'] as const;
export const LY_REASSESSMENT_OUTCOMES = ['continued', 'not-eligible'] as const;
/** N1.3: the forms and holders of a talk that counts as a job talk (absent heldBy = jobcenter). */
const JOBTALK_FORMS: readonly string[] = ['in-person', 'phone', 'video'];
const JOBTALK_HOLDERS: readonly string[] = ['jobcenter', 'other-actor'];

/** law-2026 dates that act by event date, not by rule set (M1, W17). */
const REFORM_DATE = parseIsoDate('2026-07-01');
const RESSOURCEFORLOEB_ABOLISHED_ON = parseIsoDate('2026-02-01');

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
    hoursPerWeek: { kind: 'positive-number', max: HOURS_IN_A_WEEK, required: true },
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
      offerType: { kind: 'enum', values: ['lab', 'preventive'], required: true }, // Z16: no default
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
  // law-2026 N0.3 (after MIG-2026 only). Aliases count as their original type (J3, W43).
  {
    ...ev('PREPARATORY_PART_STARTED', 'samlet beskrivelse af borgerens forudsætninger påbegyndt', 30),
    type: 'ASSESSMENT_DESCRIPTION_STARTED',
    aliasOf: 'PREPARATORY_PART_STARTED',
    sinceMigration: 'MIG-2026',
  },
  {
    ...ev('ASSESSMENT_CONCLUDED', 'sagen afklaret', 31, {
      outcome: { kind: 'enum', values: ASSESSMENT_OUTCOMES, required: true },
    }),
    sinceMigration: 'MIG-2026',
  },
  { ...ev('JOBTALK_REQUESTED', 'borgeren anmoder om jobsamtale', 40), sinceMigration: 'MIG-2026' },
  {
    ...ev('BENEFIT_LEAVE_STARTED', 'ledighedsydelse under barsel / sorgorlov', 40, {
      kind: { kind: 'enum', values: BENEFIT_LEAVE_KINDS, required: true },
    }),
    sinceMigration: 'MIG-2026',
  },
  { ...ev('BENEFIT_LEAVE_ENDED', 'ledighedsydelse under barsel / sorgorlov ophørt', 40), sinceMigration: 'MIG-2026' },
  {
    ...ev('MUNICIPALITY_MOVED_IN', 'tilflytning fra anden kommune', 40, {
      deadlineUnachievable: { kind: 'boolean', required: true },
    }),
    sinceMigration: 'MIG-2026',
  },
  // A recording event (N4): any phase, never warns.
  {
    ...ev('HEALTH_ADVICE_REQUESTED', 'sundhedsfaglig rådgivning anmodet', 60, {
      provider: { kind: 'enum', values: HEALTH_ADVICE_PROVIDERS, required: true },
    }),
    fulfilment: false,
    sinceMigration: 'MIG-2026',
  },
  {
    ...ev('LY_REASSESSMENT_DONE', 'vurdering efter aktivloven § 74 c afsluttet', 60, {
      outcome: { kind: 'enum', values: LY_REASSESSMENT_OUTCOMES, required: true },
    }),
    sinceMigration: 'MIG-2026',
  },
  {
    ...ev('REHAB_REREVIEW_HELD', 'faglig genvurdering holdt', 60),
    type: 'PASSIVITY_REVIEW_HELD',
    aliasOf: 'REHAB_REREVIEW_HELD',
    sinceMigration: 'MIG-2026',
  },
  // Class 6b after TRIAL_ASSIGNED and TRIAL_EXEMPTED (W23); a same-date repeat is a duplicate (J3).
  {
    ...ev('JOBTALKS_EXEMPTED', 'undtaget fra jobsamtaler (op til 25 pct.)', 67, { reason: requiredText }),
    fulfilment: true,
    silent: true,
    sinceMigration: 'MIG-2026',
  },
];

type Phase = 'PRE' | 'LY' | 'JOB' | 'CLOSED';

const OTHER_ACTOR = 'other-actor-12m';

/** Half-open [from, to) day interval, `to` undefined while it runs. */
interface MutableInterval {
  from: EpochDay;
  to: EpochDay | undefined;
}

/**
 * C3 derived state. Without MIG-2026 the benefit spell is tied to other-actor-12m (C4, D5); after it the spell is
 * the case's own (law-2026 N0.4) and also carries the LY-days of the § 74 c ledger (N2.1): spells, pauses, leaves.
 */
class FleksjobState implements CaseState {
  phase: Phase = 'PRE';
  private inInternship = false;
  private firstJobPending = false;
  private permanentDecided = false;
  private spell: { implicit: boolean } | undefined;
  // law-2026 (migrated only): the LY-day ledger's intervals and the open pause and leave.
  private readonly spells: MutableInterval[] = [];
  private readonly excluded: MutableInterval[] = [];
  private pause: MutableInterval | undefined;
  private leave: MutableInterval | undefined;

  constructor(private readonly migrated: boolean) {}

  get closed(): boolean {
    return this.phase === 'CLOSED';
  }

  gate(event: EngineEvent, open: OpenOccurrenceView): string | undefined {
    if (this.migrated) {
      const refusal = this.migratedGate(event, open);
      if (refusal !== null) return refusal;
    }
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

  /** law-2026 refusals (a reason), acceptance (undefined), or null to fall through to the C4 gate. */
  private migratedGate(event: EngineEvent, open: OpenOccurrenceView): string | undefined | null {
    switch (event.type as FleksjobEventType) {
      case 'BENEFIT_STARTED':
        // N0.4: re-anchors an implicit spell without an open pause, or opens one; otherwise warns.
        if (this.phase !== 'LY') return `phase is ${this.phase}, not LY (ledig fleksjobvisiteret)`;
        if (this.spell && !(this.spell.implicit && this.pause === undefined))
          return 'the benefit spell has already started (explicit) or is paused';
        return undefined;
      case 'BENEFIT_SUSPENDED':
        if (this.phase !== 'LY') return `phase is ${this.phase}, not LY: no benefit to suspend`;
        return this.pause === undefined ? undefined : 'the benefit is already suspended';
      case 'BENEFIT_RESUMED':
        return this.pause === undefined ? 'no suspended benefit to resume' : undefined;
      case 'BENEFIT_LEAVE_STARTED':
        if (this.phase !== 'LY') return `phase is ${this.phase}, not LY: no ledighedsydelse during which to take leave`;
        return this.leave === undefined ? undefined : 'a leave is already open';
      case 'BENEFIT_LEAVE_ENDED':
        return this.leave === undefined ? 'no open leave to end' : undefined;
      case 'MUNICIPALITY_MOVED_IN':
        return this.phase === 'PRE' ? 'phase is PRE: no visitation yet, so no § 74 c run to extend' : undefined;
      case 'JOBTALK_REQUESTED':
        // N3 refusals, each a warning without an occurrence.
        if (event.date < REFORM_DATE) return 'before 2026-07-01: the right to a job talk on request is not tracked';
        if (this.phase !== 'LY') return `phase is ${this.phase}, not LY (ledighedsydelse)`;
        return open.isOpen('ly-jobtalk-on-request') ? 'a job talk on request is already open' : undefined;
      case 'JOBTALKS_EXEMPTED': {
        // N1.6, checked in this order (W31).
        if (event.date < REFORM_DATE)
          return 'EXEMPTION_NOT_EFFECTIVE: undtagelse fra jobsamtaler gælder fra 2026-07-01';
        const series = open.series('ly-jobtalk');
        if (series === undefined) return 'no open ly-jobtalk in the current period to exempt';
        if ((series.k ?? 1) < 2)
          return 'FIRST_TALK_REQUIRED: første jobsamtale skal holdes med alle, før der kan undtages';
        if (series.lastDay !== undefined && event.date > series.lastDay)
          return `EXEMPTION_AFTER_PERIOD: perioden sluttede ${formatIsoDate(series.lastDay)}`;
        return undefined;
      }
      default:
        return null;
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
      case 'spell-reanchors':
        return this.spell !== undefined && this.spell.implicit && this.pause === undefined;
      case 'qualifying-talk':
        return (
          JOBTALK_FORMS.includes(event.fields.form as string) &&
          JOBTALK_HOLDERS.includes((event.fields.heldBy ?? 'jobcenter') as string)
        );
      case 'first-job-pending':
        return this.firstJobPending;
      case 'no-permanent-outcome':
        return !this.permanentDecided;
      case 'recommendation-not-flexjob':
        return event.fields.recommendation !== 'flexjob';
      case 'outcome':
        return event.fields.outcome === arg;
      case 'outcome-not':
        return event.fields.outcome !== arg;
      default:
        throw new Error(`fleksjob: unknown guard ${name}`);
    }
  }

  apply(event: EngineEvent, started: (code: string) => boolean): void {
    switch (event.type as FleksjobEventType) {
      case 'VISITATION_DECIDED':
        this.phase = 'LY';
        this.firstJobPending = true;
        if (this.migrated ? this.spell === undefined : started(OTHER_ACTOR)) this.openSpell(event.date);
        break;
      case 'BENEFIT_STARTED':
        // Either re-anchored the implicit spell or opened an explicit one (the gate excluded anything else).
        if (this.migrated) {
          const current = this.spells[this.spells.length - 1];
          // N0.4/N2.1: re-anchoring is retroactive; days before the new anchor stop being LY-days.
          if (this.spell && current && current.to === undefined) current.from = event.date;
          else this.spells.push({ from: event.date, to: undefined });
        }
        this.spell = { implicit: false };
        break;
      case 'BENEFIT_SUSPENDED':
        if (this.migrated) {
          this.pause = { from: event.date, to: undefined };
          this.excluded.push(this.pause);
        }
        break;
      case 'BENEFIT_RESUMED':
        if (this.migrated && this.pause) {
          this.pause.to = event.date;
          this.pause = undefined;
        }
        break;
      case 'BENEFIT_LEAVE_STARTED':
        this.leave = { from: event.date, to: undefined };
        this.excluded.push(this.leave);
        break;
      case 'BENEFIT_LEAVE_ENDED':
        if (this.leave) this.leave.to = event.date;
        this.leave = undefined;
        break;
      case 'INTERNSHIP_STARTED':
        this.inInternship = true;
        break;
      case 'INTERNSHIP_ENDED':
        this.inInternship = false;
        break;
      case 'FLEXJOB_STARTED':
        this.phase = 'JOB';
        this.endSpell(event.date);
        this.firstJobPending = false;
        break;
      case 'FLEXJOB_ENDED':
        this.phase = 'LY';
        this.openSpell(event.date);
        break;
      case 'TEMPORARY_STATUS_DECIDED':
        if (event.fields.outcome === 'permanent') this.permanentDecided = true;
        break;
      case 'CASE_CLOSED':
        this.phase = 'CLOSED';
        this.endSpell(event.date);
        break;
      default:
        break;
    }
  }

  private openSpell(date: EpochDay): void {
    this.spell = { implicit: true };
    if (this.migrated) this.spells.push({ from: date, to: undefined });
  }

  /** The spell ends at a fleksjob or closure; that date is outside it, and an open pause or leave ends too. */
  private endSpell(date: EpochDay): void {
    this.spell = undefined;
    if (!this.migrated) return;
    const current = this.spells[this.spells.length - 1];
    if (current && current.to === undefined) current.to = date;
    if (this.pause) this.pause.to = date;
    if (this.leave) this.leave.to = date;
    this.pause = undefined;
    this.leave = undefined;
  }

  days(source: string): DaySource | undefined {
    return source === 'ly-days' ? { included: this.spells, excluded: this.excluded } : undefined;
  }

  afterEffects(event: EngineEvent): string | undefined {
    // W17: acts by event date (ressourceforløb abolished for new citizens from 2026-02-01).
    if (
      event.type === 'REHAB_TEAM_MEETING_HELD' &&
      event.fields.recommendation === 'resource-course' &&
      event.date >= RESSOURCEFORLOEB_ABOLISHED_ON
    )
      return 'RESSOURCEFORLOEB_ABOLISHED: ressourceforløb er afskaffet for nye borgere fra 2026-02-01';
    return undefined;
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
  migratedObligationCodes: FLEKSJOB_2026_OBLIGATION_CODES,
  defaultRuleSets: [FLEKSJOB_2024],
  migratedRuleSets: [FLEKSJOB_2026],
  dedupeKey(event: EngineEvent): string {
    // REREVIEW_WAIVED is declared equivalent to OBLIGATION_WAIVED {passivity-rereview} (C4), so they share a key.
    if (event.type === 'OBLIGATION_WAIVED') return `waive:${String(event.fields.code)}`;
    if (event.type === 'REREVIEW_WAIVED') return 'waive:passivity-rereview';
    return event.type;
  },
  admissibility,
  newState: (facts: CaseFactsView) => new FleksjobState(facts.migrated === true),
};
