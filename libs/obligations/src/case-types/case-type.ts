/**
 * A case type (fleksjob now; sygedagpenge later) owns what is specific to one kind of case, as data plus small
 * named guards: its event vocabulary with field schemas and same-date order (C2), its state machine (phase, flags),
 * and its default rule sets. The engine itself knows nothing about fleksjob.
 */
import { type EpochDay } from '../dates/iso-date';
import { type RuleSet } from '../rule-sets/rule-set';
import type { TrialProgramme } from '../trials/trial-programme';

/** The bound of every weekly-hours field: no one works more hours than a week has. */
export const HOURS_IN_A_WEEK = 168;

export type FieldSpec =
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly required: boolean }
  | { readonly kind: 'text'; readonly required: boolean }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly required: boolean }
  /** Greater than 0 and at most `max` (an input bound: 1e308 hours a week is no input). */
  | { readonly kind: 'positive-number'; readonly max: number; readonly required: boolean }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly required: boolean }
  | { readonly kind: 'obligation-code'; readonly required: boolean }
  | { readonly kind: 'boolean'; readonly required: boolean }
  | { readonly kind: 'date'; readonly required: boolean };

export interface EventTypeDefinition {
  readonly type: string;
  /** Danish meaning (C4). */
  readonly meaning: string;
  /** Same-date order: lower runs first; ties keep input order (C2, X8). */
  readonly rank: number;
  /** Fulfilment events (C2 class 6): with nothing to meet they warn (C5); a same-date repeat is ignored. */
  readonly fulfilment: boolean;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** A recording event: with nothing to meet it raises no warning (still deduplicated on one date, C5). */
  readonly silent?: boolean;
  /**
   * Checks beyond the field specs that still make the input invalid (e.g. an unknown trial programme or arm).
   * Returns [field, message] pairs; called only when every field spec passed.
   */
  readonly check?: (
    raw: Readonly<Record<string, unknown>>,
    /** MIG-2026 has run (M3): the field specs are `migratedFields`. */
    migrated: boolean,
    /** The trial programmes the evaluation knows (the published ones unless it was given others). */
    programmes: readonly TrialProgramme[],
  ) => ReadonlyArray<readonly [string, string]> | undefined;
  /** The field specs after MIG-2026 (law-2026 R0), when they differ: they replace `fields`. */
  readonly migratedFields?: Readonly<Record<string, FieldSpec>>;
  /** Known only after this migration has run (M3): before it the type is unknown and the input invalid. */
  readonly sinceMigration?: 'MIG-2026';
  /** An alias: counts as this type for the same-date duplicate rule (C5, J3) and in every trigger. */
  readonly aliasOf?: string;
}

/** A validated event inside the engine: input index, epoch-day date and its fields. */
export interface EngineEvent {
  readonly index: number;
  /** The vocabulary's own (interned) type string. */
  readonly type: string;
  /** Small integer id of the type (eventTypeId), for array-indexed lookups on the hot path. */
  readonly typeId: number;
  readonly fulfilment: boolean;
  /** See EventTypeDefinition.silent. */
  readonly silent: boolean;
  /** A trial event (TRIAL_EVENT_TYPES): the engine's trial overlays start with the first one. */
  readonly trial: boolean;
  readonly date: EpochDay;
  readonly rank: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

const typeIds = new Map<string, number>();

/** A process-wide small integer per event type string, so compiled rule sets can index arrays by type. */
export function eventTypeId(type: string): number {
  let id = typeIds.get(type);
  if (id === undefined) {
    id = typeIds.size;
    typeIds.set(type, id);
  }
  return id;
}

const codeIds = new Map<string, number>();

/** A process-wide small integer per obligation code, so open occurrences can live in an array indexed by code. */
export function obligationCodeId(code: string): number {
  let id = codeIds.get(code);
  if (id === undefined) {
    id = codeIds.size;
    codeIds.set(code, id);
  }
  return id;
}

export function registeredCodeCount(): number {
  return codeIds.size;
}

/** Read-only view of the open occurrences a case type may consult in its guards. */
export interface OpenOccurrenceView {
  isOpen(code: string): boolean;
  isPaused(code: string): boolean;
  /** The open occurrence's series index and window [start, lastDay] (count series, law-2026 N0.5), if open. */
  series(
    code: string,
  ): { k: number | undefined; start: EpochDay | undefined; lastDay: EpochDay | undefined } | undefined;
}

export interface AdmissibilityIssue {
  /** e.g. PERMANENT_REQUIRES_AGE_40, EVENT_BEFORE_BIRTH */
  readonly code: string;
  readonly field?: string;
  readonly message: string;
}

/** The phases of every case type's state machine (fleksjob C3: PRE → LY ⇄ JOB → CLOSED; sygedagpenge S1). */
export type CasePhase = 'PRE' | 'LY' | 'JOB' | 'SICK' | 'RECOVERED' | 'CLOSED';

/** One evaluation's mutable case state; created fresh per computeObligations call. */
export interface CaseState {
  /** The phase after the events applied so far (the read model's and search attributes' case phase). */
  readonly phase: CasePhase;
  /** Returns a warning reason if the event does not fit the state (C1, X3), else undefined. */
  gate(event: EngineEvent, open: OpenOccurrenceView): string | undefined;
  /** Evaluates a named guard of a trigger (before the event's effects are applied). */
  guard(name: string, arg: string | undefined, event: EngineEvent, open: OpenOccurrenceView): boolean;
  /** State transition after the event's obligation effects; `started(code)` tells whether this event opened it. */
  apply(event: EngineEvent, started: (code: string) => boolean, open: OpenOccurrenceView): void;
  /** True once the case is closed: later events are ignored with a warning. */
  readonly closed: boolean;
  /** A named date the state knows (count-series anchors 'state:<name>'), e.g. the first day of absence. */
  anchor?(name: string): EpochDay | undefined;
  /** Counted days for a ledger deadline (DayLedgerRule.source). */
  days?(source: string): DaySource | undefined;
  /** A warning with a code (law-2026 O4), decided after the event's effects; e.g. NO_HEALTH_ADVICE_RECORDED. */
  afterEffects?(event: EngineEvent): string | readonly string[] | undefined;
}

export interface CaseFactsView {
  readonly birthDate?: EpochDay;
  /** MIG-2026 has run (law-2026 M3): the case type applies the amended rules (e.g. N0.4's benefit spell). */
  readonly migrated?: boolean;
}

/** Half-open day intervals [from, to); `to` undefined = still running. */
export interface DayInterval {
  readonly from: EpochDay;
  readonly to: EpochDay | undefined;
}

/** A case type's counted days for a ledger deadline (law-2026 N2.1): inside `included`, outside `excluded`. */
export interface DaySource {
  readonly included: readonly DayInterval[];
  readonly excluded: readonly DayInterval[];
}

export interface CaseTypeDefinition {
  readonly id: string;
  readonly events: readonly EventTypeDefinition[];
  /** The event that closes the case and cancels everything open. */
  readonly closingEvent: string;
  /** Required case facts besides the common ones. */
  readonly requiresBirthDate: boolean;
  readonly obligationCodes: readonly string[];
  /** Codes OBLIGATION_WAIVED accepts only after MIG-2026 (the new rule sets' codes). */
  readonly migratedObligationCodes?: readonly string[];
  readonly defaultRuleSets: readonly RuleSet[];
  /** Rule sets published only through a migration (M2), e.g. fleksjob-2026. */
  readonly migratedRuleSets?: readonly RuleSet[];
  /** Key under which two same-date fulfilment events count as "the same type" (C5). */
  dedupeKey(event: EngineEvent): string;
  /** Domain rules on a single event given the case facts; a failure makes the input invalid. */
  admissibility(facts: CaseFactsView, event: EngineEvent): AdmissibilityIssue | undefined;
  newState(facts: CaseFactsView): CaseState;
}
