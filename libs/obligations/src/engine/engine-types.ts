/** Public input and output types of the engine (spec §C1 and §E). */
import { type IsoDate } from '../dates/iso-date';
import { type ObligationKind, type RuleSet } from '../rule-sets/rule-set';

export type { IsoDate };

export type CaseTypeId = 'fleksjob';

export interface CaseFacts {
  caseId?: string;
  birthDate: IsoDate;
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

export type OccurrenceStatus = 'open' | 'overdue' | 'met' | 'met-late' | 'waived' | 'cancelled';

export interface Occurrence {
  code: string;
  /** 1..n per code across the whole case, in creation order, after dropping zero-length occurrences (C5). */
  occurrence: number;
  kind: ObligationKind;
  status: OccurrenceStatus;
  /** The governing rule set, chosen by startedOn (§G rule 2). */
  ruleSet: string;
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
  /** Danish: the D template plus any shift note. */
  explanation: string;
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
}

export interface ComputeOptions {
  /** Replaces the case type's published rule sets (tests, a municipality's derived rule sets). */
  ruleSets?: readonly RuleSet[];
}
