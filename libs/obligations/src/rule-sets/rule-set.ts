/**
 * Rule sets are data (§G): an immutable id, an effectiveFrom date and a declarative obligation catalog.
 * The engine interprets the triggers; the case type (e.g. fleksjob) supplies the event vocabulary, the state
 * guards named in `when`, and the same-date order. A municipality's policy change (say a 21-day contact interval
 * from a given date) is a new rule set built with `deriveRuleSet`, never an edit of a published one.
 */
import { type IsoDate, parseIsoDate } from '../dates/iso-date';

export type ObligationKind = 'legal' | 'target' | 'policy';

export type DurationUnit = 'days' | 'weeks' | 'months';

export interface Duration {
  readonly unit: DurationUnit;
  readonly amount: number;
}

export const days = (amount: number): Duration => ({ unit: 'days', amount });
export const weeks = (amount: number): Duration => ({ unit: 'weeks', amount });
export const months = (amount: number): Duration => ({ unit: 'months', amount });

/**
 * A reference from an obligation to an event type. `when` lists guard names (all must hold) that the case type
 * evaluates against the case state before the event is applied; a guard may take one argument as `name:arg`.
 */
export interface Trigger {
  readonly on: string;
  readonly when?: readonly string[];
}

export interface StartTrigger extends Trigger {
  /** Danish name of the anchor event used in explanations, e.g. "visitation", "kontakt", "dispensation". */
  readonly anchor: string;
  /**
   * The new occurrence succeeds the occurrence of the same code that this very event met or waived: it only fires
   * then, continues a series (k + 1, same series start) and, with `renewal`, anchors on the previous period's end.
   */
  readonly continues?: boolean;
  /** A flag set on the new occurrence (legal-basis variants, backfill scope), e.g. 'restarted'. */
  readonly flag?: string;
  /**
   * Resumes a count series after a break (law-2026 R6): k + 1 after the code's last occurrence, whatever closed
   * it, in the same window; only while that k is below the count and the event is inside the window.
   */
  readonly resumes?: boolean;
  /**
   * This start's own formula (law-2026 R6 restart): nominal = max(date + after, the state's `atLeast.anchor` date +
   * `atLeast.after`), with its own Danish explanation ({anchorOn} {base} {atLeastAnchor} {atLeastOn}
   * {nominalDueOn}); the engine appends the shift note.
   */
  readonly due?: {
    readonly after: Duration;
    readonly atLeast: { readonly anchor: `state:${string}`; readonly after: Duration };
    readonly explanation: string;
  };
}

/**
 * An event that changes the due date of an open occurrence (law-2026 R2, R5), with a Danish note appended to its
 * explanation ({date} the event's date, {target} the date it asks for, {old} the date before, {nominalDueOn}).
 */
export type DueAdjustment =
  /** nominal = min(current, date + after): an earlier deadline on request; `flag` marks a row it shortened. */
  | { readonly on: string; readonly bringForward: Duration; readonly flag?: string; readonly note: string }
  /** nominal = the event's date field; the same date changes nothing. */
  | { readonly on: string; readonly field: string; readonly note: string };

export interface DueRule {
  /** nominal = anchorOn + after (B2, one step from the anchor). */
  readonly after: Duration;
  /** nominal = min(anchor + after, seriesStart + cap): the follow-up window (D8). */
  readonly cap?: Duration;
  /** Paused days on benefit extend the date (B5). */
  readonly pause?: { readonly suspendedBy: string; readonly resumedBy: string };
  /** law-2026: the nominal date is the start event's date field (R4 expectedReturnOn, R5 revurderingOn). */
  readonly fromField?: string;
  /** law-2026: the formula counts from a date the case state names (R6: F), not from the start event's date. */
  readonly from?: `state:${string}`;
  /** law-2026: events that move the open occurrence's due date (R2, R5). */
  readonly adjustedBy?: readonly DueAdjustment[];
  /** A per-case override of `after` set by an event field, applying to occurrences created after it (C4, G3). */
  readonly override?: {
    /** One event type, or several that set the same field (e.g. the first talk and a later cadence change). */
    readonly on: string | readonly string[];
    readonly field: string;
    readonly unit: DurationUnit;
  };
}

/**
 * A count series with a legal cap (law-2026 N0.5): a fixed window [S, L] with L = (S + window) − 1 day; k runs
 * firstK..count, one open at a time; k = 1 is due min(S + due.after, L), every later k is due L and paced by a reminder; nothing starts after L.
 */
export interface CountSeriesRule {
  readonly window: Duration;
  /** k of the series' first occurrence (1 for ly-jobtalk; 2 where k = 1 is a separate first talk). */
  readonly firstK: number;
  readonly count: number;
  /** k ≥ 2: remindOn = shift(min(startedOn + remind, L), startedOn). */
  readonly remind?: Duration;
  /** S: the date of the event that starts the series, or an anchor the case type's state names ('state:<name>'). */
  readonly anchor: 'start' | `state:${string}`;
  /** Events counted in the period's heldCount while it runs (periods[], O3). */
  readonly countedBy?: readonly Trigger[];
  /** Events that end the period (endedOn); an ended period counts nothing more. */
  readonly endedBy?: readonly Trigger[];
  /** Report the series' periods in periods[] (O3). */
  readonly reportPeriods?: boolean;
  /** A legal date before which a period is backfilled by a migration: rows start no earlier than it (N5). */
  readonly trackedFrom?: IsoDate;
  /** The source of rows and periods whose S is before trackedFrom (N1 Source). */
  readonly sourceBeforeTracked?: string;
  /** Texts of the series' k = 1 (task title and explanation), when they differ from the later k. */
  readonly firstTexts?: { readonly taskTitle: string; readonly explanation: string };
  /** Warning code when a re-anchoring event cannot move S (N1.1). */
  readonly ambiguousReanchorCode?: string;
}

/**
 * A ledger deadline over a sliding window (law-2026 N2): counted days come from the case type's state
 * (`source`); the duty arises when the counted days in the last `within` reach the days of the last `reach`, and
 * is due when the counted days from the run's first day reach the days of `dueAfter`.
 */
export interface DayLedgerRule {
  readonly source: string;
  readonly reach: Duration;
  readonly within: Duration;
  readonly dueAfter: Duration;
  /** Events that close a run when accepted (met); the next run counts days after them. */
  readonly acceptedBy: readonly Trigger[];
  /** Refusal code of a closing event dated before the duty arose. */
  readonly beforeTriggerCode: string;
  /** Events adding a floor `date + floor.after` to the containing run, when the guard holds. */
  readonly floorBy?: { readonly on: string; readonly when?: readonly string[]; readonly after: Duration };
}

export interface ObligationDefinition {
  readonly code: string;
  /** Danish heading of the catalog entry, e.g. "Fase 1 inden for 10 uger". */
  readonly name: string;
  readonly kind: ObligationKind;
  readonly source: string;
  /** Danish task title template: {dueOn} {k} {count} {duration} {durationShort}. */
  readonly taskTitle: string;
  /**
   * Danish explanation template: {duration} {amount} {anchorLabel} {anchorOn} {nominalDueOn} {base} {k} {count}
   * {capDuration} {seriesStart} {capDate} {pauseSuffix}. The engine appends shift and provisional notes.
   */
  readonly explanation: string;
  readonly due: DueRule;
  /** Reminder date = shift(anchor + remind, startedOn) (D1). */
  readonly remind?: Duration;
  readonly startedBy: readonly StartTrigger[];
  readonly metBy: readonly Trigger[];
  readonly waivedBy: readonly Trigger[];
  readonly cancelledBy: readonly Trigger[];
  /** A meeting event with nothing open is held and meets the next occurrence (C4 pending rule). */
  readonly heldPendingBy?: readonly Trigger[];
  /** An open occurrence re-anchored by this event: startedOn = anchorOn = its date, pauses dropped (C4, X1). */
  readonly reanchoredBy?: readonly StartTrigger[];
  /** k = 1..count, one at a time (D8). */
  readonly series?: { readonly count: number };
  /** A continuing occurrence anchors on the previous anchor + period (D10: P(n+1) = P(n) + 60 months). */
  readonly renewal?: { readonly period: Duration };
  /** Kind per occurrence (J3): from this k on the occurrence has this kind instead of `kind`. */
  readonly kindFromK?: { readonly k: number; readonly kind: ObligationKind };
  /** A ruleSetConfig key (O1); false suppresses occurrences this definition would start. */
  readonly switch?: string;
  readonly countSeries?: CountSeriesRule;
  readonly dayLedger?: DayLedgerRule;
  /** M5: its occurrences exist only because of a rule set applied by MIG-2026 (backfilled when started before P). */
  readonly backfillable?: boolean;
  /**
   * A continuing occurrence stays with the rule set and formula of the occurrence it continues (law-2026 R7, W24:
   * a 2009 series keeps its rule set to its end), instead of taking the rule set of its start date.
   */
  readonly keepsSeriesRuleSet?: boolean;
  /**
   * Not reached back before its rule set's legal date (an exception to M6): only events dated on or after it start
   * the code (law-2026 R3, R7: the first talk's date fixes the regime).
   */
  readonly startsFromLegalDate?: boolean;
}

/** A precondition check (N0.5): gives a warning, no occurrence. */
export interface Precondition {
  readonly on: string;
  /** Any of these event types, dated on or before the checked event (any same-date class), satisfies it. */
  readonly requires: readonly string[];
  readonly code: string;
  readonly message: string;
}

/** A case-level exemption (M7): an accepted event waives every open occurrence of `codes`, whatever its rule set. */
export interface CaseExemption {
  readonly on: string;
  readonly codes: readonly string[];
  /** A fixed reason, or a prefix followed by an event field. */
  readonly waiverReason: string | { readonly prefix: string; readonly field: string };
  /** The exemption can end (law-2026 R6): it does not end the series' period, which may resume later. */
  readonly temporary?: boolean;
}

export interface RuleSet {
  readonly id: string;
  readonly caseType: string;
  readonly effectiveFrom: IsoDate;
  /** The date the law behind it took effect (M2); MIG-2026 selects rule sets by it. Default effectiveFrom. */
  readonly legalEffectiveFrom?: IsoDate;
  /** Published only through this migration (M2): without it the rule set is not a candidate. */
  readonly requiresMigration?: string;
  readonly description: string;
  /** Event types that never warn "nothing open to meet" when this rule set governs their date (N0.3). */
  readonly recordingEvents?: readonly string[];
  readonly caseExemptions?: readonly CaseExemption[];
  /** Checks that only warn (law-2026 N4): an accepted `on` event without a `requires` event dated on or before it. */
  readonly preconditions?: readonly Precondition[];
  /** Catalog order is the order in which one event starts several obligations (and the creation order, C5). */
  readonly obligations: readonly ObligationDefinition[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Validates and freezes a rule set: once published it cannot be edited (§G rule 1). */
export function defineRuleSet(ruleSet: RuleSet): RuleSet {
  parseIsoDate(ruleSet.effectiveFrom);
  const codes = new Set<string>();
  for (const o of ruleSet.obligations) {
    if (codes.has(o.code)) throw new Error(`Rule set ${ruleSet.id}: duplicate obligation ${o.code}`);
    codes.add(o.code);
    if (!Number.isInteger(o.due.after.amount) || o.due.after.amount < 0)
      throw new Error(`Rule set ${ruleSet.id}: ${o.code} has an invalid duration`);
  }
  return deepFreeze(structuredCloneish(ruleSet));
}

// structuredClone is not available in every sandbox we run in; rule sets are plain JSON-like data.
function structuredCloneish<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export interface RuleSetChanges {
  id: string;
  effectiveFrom: IsoDate;
  legalEffectiveFrom?: IsoDate;
  requiresMigration?: string;
  description: string;
  recordingEvents?: readonly string[];
  caseExemptions?: readonly CaseExemption[];
  preconditions?: readonly Precondition[];
  /** New obligations, appended in catalog order. */
  add?: readonly ObligationDefinition[];
  /** Per obligation code, fields to replace (shallow per field; `due` is merged one level deep). */
  obligations?: Record<string, Partial<Omit<ObligationDefinition, 'code' | 'due'>> & { due?: Partial<DueRule> }>;
}

/** A new rule set from an existing one with some obligations changed (a new id; the base stays untouched). */
export function deriveRuleSet(base: RuleSet, changes: RuleSetChanges): RuleSet {
  const known = new Set(base.obligations.map((o) => o.code));
  for (const code of Object.keys(changes.obligations ?? {}))
    if (!known.has(code)) throw new Error(`deriveRuleSet: ${base.id} has no obligation ${code}`);
  const optional = {
    ...(changes.legalEffectiveFrom === undefined ? {} : { legalEffectiveFrom: changes.legalEffectiveFrom }),
    ...(changes.requiresMigration === undefined ? {} : { requiresMigration: changes.requiresMigration }),
    ...(changes.recordingEvents === undefined ? {} : { recordingEvents: changes.recordingEvents }),
    ...(changes.caseExemptions === undefined ? {} : { caseExemptions: changes.caseExemptions }),
    ...(changes.preconditions === undefined ? {} : { preconditions: changes.preconditions }),
  };
  return defineRuleSet({
    id: changes.id,
    caseType: base.caseType,
    effectiveFrom: changes.effectiveFrom,
    ...optional,
    description: changes.description,
    obligations: [
      ...base.obligations.map((o) => {
        const change = changes.obligations?.[o.code];
        if (!change) return o;
        return { ...o, ...change, code: o.code, due: { ...o.due, ...change.due } };
      }),
      ...(changes.add ?? []),
    ],
  });
}

/** Rule sets of one case type ordered by effectiveFrom; the first is the baseline (§G rule 2). */
export class RuleSetSelector {
  private readonly sorted: readonly RuleSet[];
  private readonly starts: readonly number[];
  private readonly definitions = new Map<RuleSet, Map<string, ObligationDefinition>>();
  private readonly byId = new Map<string, RuleSet>();

  /** `byLegalDate`: select by legalEffectiveFrom (MIG-2026, M3/M6) instead of effectiveFrom. */
  constructor(
    ruleSets: readonly RuleSet[],
    readonly byLegalDate = false,
  ) {
    if (ruleSets.length === 0) throw new Error('At least one rule set is required');
    const key = (r: RuleSet) => (byLegalDate ? (r.legalEffectiveFrom ?? r.effectiveFrom) : r.effectiveFrom);
    const ids = new Set<string>();
    for (const r of ruleSets) {
      if (ids.has(r.id)) throw new Error(`Duplicate rule set id ${r.id}`);
      ids.add(r.id);
    }
    this.sorted = [...ruleSets].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    this.starts = this.sorted.map((r) => parseIsoDate(key(r)));
    for (const r of this.sorted) {
      this.definitions.set(r, new Map(r.obligations.map((o) => [o.code, o])));
      this.byId.set(r.id, r);
    }
  }

  get baseline(): RuleSet {
    return this.sorted[0];
  }

  get all(): readonly RuleSet[] {
    return this.sorted;
  }

  /** The rule set with the latest effectiveFrom ≤ date; the baseline also governs earlier dates. */
  governing(epochDay: number): RuleSet {
    return this.sorted[this.governingIndex(epochDay)];
  }

  /** Position in `all` of the governing rule set. */
  governingIndex(epochDay: number): number {
    let chosen = 0;
    for (let i = 1; i < this.starts.length; i++) {
      if (this.starts[i] <= epochDay) chosen = i;
      else break;
    }
    return chosen;
  }

  definition(ruleSet: RuleSet, code: string): ObligationDefinition | undefined {
    return this.definitions.get(ruleSet)?.get(code);
  }

  /** The definition of `code` in the rule set with this id (an output row's `ruleSet`), from the index. */
  definitionIn(ruleSetId: string, code: string): ObligationDefinition | undefined {
    const ruleSet = this.byId.get(ruleSetId);
    return ruleSet === undefined ? undefined : this.definitions.get(ruleSet)?.get(code);
  }

  /**
   * The rule set governing an occurrence of `code` started on a date (M6): the governing one, unless the code
   * exists only in a later rule set, which then governs it.
   */
  governingFor(code: string, epochDay: number): RuleSet | undefined {
    const index = this.governingIndex(epochDay);
    for (let i = index; i >= 0; i--) if (this.definitions.get(this.sorted[i])?.has(code)) return this.sorted[i];
    for (let i = index + 1; i < this.sorted.length; i++)
      if (this.definitions.get(this.sorted[i])?.has(code)) return this.sorted[i];
    return undefined;
  }
}
