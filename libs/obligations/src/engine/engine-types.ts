/** Public input and output types of the engine (spec §C1 and §E). */
import { type CasePhase } from '../case-types/case-type';
import { type IsoDate } from '../dates/iso-date';
import { type ObligationKind, type RuleSet } from '../rule-sets/rule-set';
import { type LegalBasis } from '../rule-sets/legal-basis';
import { type MigrationInput, type PolicyDecisionInput } from '../migration/migration';
import { type TrialProgramme } from '../trials/trial-programme';

export type { LegalBasis, MigrationInput };

export type { IsoDate };

export type CaseTypeId = 'fleksjob' | 'sygedagpenge';

export interface CaseFacts {
  caseId?: string;
  /** Required for fleksjob; a sygedagpenge case stores no personal fact (H2). */
  birthDate?: IsoDate;
  /** Only routes tasks. */
  team?: string;
  /** Default 'fleksjob'. */
  caseType?: CaseTypeId;
}

/** A case event; fields beyond `type` and `date` depend on the type. Unknown keys are ignored. */
export interface CaseEvent {
  type: string;
  date: IsoDate;
  [field: string]: unknown;
}

/** `missed` is final and only for volume windows (T3). */
export type OccurrenceStatus = 'open' | 'overdue' | 'met' | 'met-late' | 'waived' | 'cancelled' | 'missed';

export interface Occurrence {
  code: string;
  /** 1..n per code across the whole case, in creation order, after dropping zero-length occurrences (C5). */
  occurrence: number;
  kind: ObligationKind;
  status: OccurrenceStatus;
  /** The governing rule set, chosen by startedOn (§G rule 2); for a trial overlay the programme version (T4). */
  ruleSet: string;
  /** Trial overlays only: the programme id (T4). */
  program?: string;
  source: string;
  /** Danish task title with placeholders filled. */
  title: string;
  startedOn: IsoDate;
  anchorOn: IsoDate;
  nominalDueOn: IsoDate;
  dueOn: IsoDate;
  remindOn?: IsoDate;
  metOn?: IsoDate;
  cancelledOn?: IsoDate;
  pausedSince?: IsoDate;
  waiverReason?: string;
  /** Volume windows only (T3/T4): grid week, target and registered hours. */
  week?: number;
  targetHours?: number;
  registeredHours?: number;
  /** Danish: the D template plus any shift note. */
  explanation: string;
  // Migrated output only (law-2026 O2): absent without MIG-2026, so un-migrated output is unchanged.
  /** Series index (flexjob-followups, count series). */
  k?: number;
  legalBasis?: LegalBasis;
  /** M5: exists only because of a rule set applied by MIG-2026, and started before its publication. */
  backfilled?: boolean;
  /** Ledger deadlines (ly-reassessment): a date still depends on assumed future days (N2.4). */
  provisional?: boolean;
  /** A policy occurrence started while a published local decision enabled its switch: that decision. */
  policy?: { decisionId: string; title: string; decisionDate: IsoDate; effectiveFrom: IsoDate };
}

/** One ly-jobtalk period (law-2026 O3). */
export interface LyPeriod {
  code: string;
  periodStart: IsoDate;
  /** The nominal L. */
  lastDay: IsoDate;
  heldCount: number;
  outcome: 'exempted' | 'met' | 'ended-early' | 'short' | 'open';
  exemptedOn: IsoDate | null;
  exemptionReason: string | null;
  endedOn: IsoDate | null;
  source: string;
}

export interface EngineWarning {
  /** Index of the event in the caller's input array. */
  eventIndex: number;
  type: string;
  reason: string;
}

export interface EngineResult {
  /** The rule set governing asOf (the baseline for dates before every effectiveFrom). */
  ruleSet: string;
  asOf: IsoDate;
  /** Sorted by dueOn, then code, then occurrence (§E). */
  occurrences: Occurrence[];
  warnings: EngineWarning[];
  /** Trial enrolments (T4), in assignment order; empty without a trial. */
  enrolments: Enrolment[];
  /** The case type's phase at asOf (fleksjob C3, sygedagpenge S1), from the same pass that computed the rest. */
  phase: CasePhase;
  /** The date of the event that closed the case, null while it is open. */
  closedOn: IsoDate | null;
  /** Migrated output only (O2): the migrations that have run, e.g. ['MIG-2026']. */
  migrations?: string[];
  /** Migrated output only (O3): the tracked count-series periods, ordered by periodStart. */
  periods?: LyPeriod[];
}

export interface Enrolment {
  program: string;
  arm: 'participant' | 'control';
  assignedOn: IsoDate;
  /** L = assignedOn + periodMonths − 1 day (T2 rule 1, Z13). */
  lastDayOn: IsoDate;
  status: 'active' | 'completed' | 'exempted' | 'ended';
  endedOn: IsoDate | null;
  outcome: 'period-ended' | 'flexjob' | 'returned-to-work' | 'case-closed' | 'exempted' | null;
  exemptionReason: string | null;
}

export interface ComputeOptions {
  /** Replaces the case type's published rule sets (tests, a municipality's derived rule sets). */
  ruleSets?: readonly RuleSet[];
  /** law-2026 O1: the migrations that have run; MIG-2026 selects rule sets by their legal dates. */
  migrations?: readonly MigrationInput[];
  /** law-2026 O1: [P] switches, booleans defaulting to true; read only after MIG-2026. */
  ruleSetConfig?: Readonly<Record<string, unknown>>;
  /** Effective-dated local decisions on the switches (issue 14); they override ruleSetConfig from their date. */
  policyDecisions?: readonly PolicyDecisionInput[];
  /** Replaces the published trial programmes (tests with fixture programmes, programme versions not yet published). */
  programmes?: readonly TrialProgramme[];
}
