/**
 * Rule sets compiled once (memoised per immutable rule set) into trigger tables indexed by event-type id, so an
 * event only looks at the obligations it can affect. Keeps evaluation linear with a small constant.
 */
import { eventTypeId, obligationCodeId } from '../case-types/case-type';
import {
  type CaseExemption,
  type Duration,
  type ObligationDefinition,
  type Precondition,
  type RuleSet,
  type StartTrigger,
  type Trigger,
} from '../rule-sets/rule-set';
import {
  type CompiledTemplate,
  TEMPLATE_SLOTS,
  type TemplateSlot,
  compileTemplate,
  durationLabel,
  durationShortLabel,
  partiallyRender,
} from '../text/danish-text';

export interface CompiledGuard {
  readonly name: string;
  readonly arg: string | undefined;
}

export interface CompiledTrigger {
  readonly on: string;
  /** All must hold. */
  readonly guards: readonly CompiledGuard[];
  readonly anchor: string;
  readonly continues: boolean;
  readonly flag: string | undefined;
  /** StartTrigger.resumes (law-2026 R6). */
  readonly resumes: boolean;
  /** The start trigger itself, for its own formula (StartTrigger.due). */
  readonly start: StartTrigger | undefined;
}

/** What one event type can do to one obligation. */
export interface DefinitionEffects {
  readonly metBy: readonly CompiledTrigger[];
  readonly waivedBy: readonly CompiledTrigger[];
  readonly cancelledBy: readonly CompiledTrigger[];
  readonly reanchoredBy: readonly CompiledTrigger[];
}

/** The task title and explanation of one obligation, with its per-occurrence constants already filled in. */
export interface TextVariant {
  readonly title: CompiledTemplate;
  readonly explanation: CompiledTemplate;
  /** The texts use no dynamic slot beyond anchorOn, nominalDueOn, dueOn and base (itself a function of anchorOn). */
  readonly simple: boolean;
  /** Rendered texts by anchorOn, for occurrences whose texts depend on anchorOn only (see finalize-occurrence). */
  readonly memo: TextMemo;
  readonly durationLabel: string;
  readonly durationShortLabel: string;
  /** The explanation places E's shift note itself ({shift}); otherwise it is appended. */
  readonly placesShift: boolean;
}

export interface CompiledDefinition {
  readonly definition: ObligationDefinition;
  /** Text variants by anchor label and duration override (see textVariant). */
  readonly variants: Map<string, TextVariant>;
  /** obligationCodeId(definition.code). */
  readonly codeId: number;
  /** Indexed by event-type id; undefined where the type does not affect this obligation. */
  readonly effects: ReadonlyArray<DefinitionEffects | undefined>;
  /** A count series' countedBy / endedBy triggers (law-2026 N1.3, N1.5) by event-type id; empty without one. */
  readonly countedBy: ReadonlyArray<readonly CompiledTrigger[] | undefined>;
  readonly endedBy: ReadonlyArray<readonly CompiledTrigger[] | undefined>;
  readonly taskTitle: CompiledTemplate;
  readonly explanation: CompiledTemplate;
  /** Danish labels of the catalog durations, rendered once. */
  readonly afterLabel: string;
  readonly afterShortLabel: string;
  readonly capLabel: string | undefined;
}

export interface DefinitionTriggers {
  readonly compiled: CompiledDefinition;
  readonly triggers: readonly CompiledTrigger[];
  /** The rule set governing what it starts, when not the compiled one (a later-only code, law-2026 M6). */
  readonly governing?: RuleSet;
}

export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  /** Per event-type id, in catalog order: obligations the type may start, with their start triggers for it. */
  readonly starts: ReadonlyArray<readonly DefinitionTriggers[] | undefined>;
  readonly pending: ReadonlyArray<readonly DefinitionTriggers[] | undefined>;
  /** Per event-type id: per-case duration overrides it sets, as [code, field]. */
  readonly overrides: ReadonlyArray<ReadonlyArray<readonly [string, string]> | undefined>;
  /** Per event-type id: the case-level exemption it triggers (M7). */
  readonly exemptions: ReadonlyArray<CaseExemption | undefined>;
  readonly preconditions: ReadonlyArray<Precondition | undefined>;
  /** Per event-type id: a recording event under this rule set (N0.3). */
  readonly recording: readonly boolean[];
}

export function compileTrigger(t: Trigger | StartTrigger): CompiledTrigger {
  const guards = (t.when ?? []).map((g): CompiledGuard => {
    const colon = g.indexOf(':');
    return colon < 0 ? { name: g, arg: undefined } : { name: g.slice(0, colon), arg: g.slice(colon + 1) };
  });
  const start = t as Partial<StartTrigger>;
  return {
    on: t.on,
    guards,
    anchor: start.anchor ?? '',
    continues: start.continues === true,
    flag: start.flag,
    resumes: start.resumes === true,
    start: start.due === undefined ? undefined : (t as StartTrigger),
  };
}

function groupByType(triggers: readonly Trigger[] | undefined): Map<number, CompiledTrigger[]> {
  const map = new Map<number, CompiledTrigger[]>();
  for (const t of triggers ?? []) {
    const id = eventTypeId(t.on);
    const list = map.get(id);
    if (list) list.push(compileTrigger(t));
    else map.set(id, [compileTrigger(t)]);
  }
  return map;
}

function byTypeId<T>(map: ReadonlyMap<number, T>): Array<T | undefined> {
  const table: Array<T | undefined> = [];
  for (const [id, value] of map) table[id] = value;
  return table;
}

function pushAt<T>(table: Array<T[] | undefined>, id: number, value: T): void {
  (table[id] ??= []).push(value);
}

/** Pads a table with explicit undefined so V8 keeps it a dense array (holes make every lookup slower). */
function dense<T>(table: Array<T | undefined>, length: number): Array<T | undefined> {
  for (let i = 0; i < length; i++) if (table[i] === undefined) table[i] = undefined;
  return Array.from(table);
}

/** Table length: every event type known when compiling (ids are small and dense). */
const TABLE_LENGTH = 96;

const EMPTY: readonly CompiledTrigger[] = [];

const compiledDefinitions = new WeakMap<ObligationDefinition, CompiledDefinition>();

export function compileDefinition(definition: ObligationDefinition): CompiledDefinition {
  let compiled = compiledDefinitions.get(definition);
  if (compiled) return compiled;
  const met = groupByType(definition.metBy);
  const waived = groupByType(definition.waivedBy);
  const cancelled = groupByType(definition.cancelledBy);
  const reanchored = groupByType(definition.reanchoredBy);
  let effects: Array<DefinitionEffects | undefined> = [];
  for (const id of new Set([...met.keys(), ...waived.keys(), ...cancelled.keys(), ...reanchored.keys()]))
    effects[id] = {
      metBy: met.get(id) ?? EMPTY,
      waivedBy: waived.get(id) ?? EMPTY,
      cancelledBy: cancelled.get(id) ?? EMPTY,
      reanchoredBy: reanchored.get(id) ?? EMPTY,
    };
  effects = dense(effects, Math.max(TABLE_LENGTH, effects.length));
  compiled = {
    definition,
    variants: new Map(),
    codeId: obligationCodeId(definition.code),
    effects,
    countedBy: dense(byTypeId(groupByType(definition.countSeries?.countedBy)), TABLE_LENGTH),
    endedBy: dense(byTypeId(groupByType(definition.countSeries?.endedBy)), TABLE_LENGTH),
    taskTitle: compileTemplate(definition.taskTitle),
    explanation: compileTemplate(definition.explanation),
    afterLabel: durationLabel(definition.due.after),
    afterShortLabel: durationShortLabel(definition.due.after),
    capLabel: definition.due.cap ? durationLabel(definition.due.cap) : undefined,
  };
  compiledDefinitions.set(definition, compiled);
  return compiled;
}

const compiledRuleSets = new WeakMap<RuleSet, CompiledRuleSet>();

/**
 * `laterOnly`: definitions of codes that exist only in later rule sets, which govern them (law-2026 M6); their
 * start triggers join this rule set's tables.
 */
export function compileRuleSet(
  ruleSet: RuleSet,
  laterOnly: ReadonlyArray<{ definition: ObligationDefinition; governing: RuleSet }> = [],
): CompiledRuleSet {
  let compiled = laterOnly.length === 0 ? compiledRuleSets.get(ruleSet) : undefined;
  if (compiled) return compiled;
  const starts: Array<DefinitionTriggers[] | undefined> = [];
  const pending: Array<DefinitionTriggers[] | undefined> = [];
  const overrides: Array<Array<readonly [string, string]> | undefined> = [];
  const exemptions: Array<CaseExemption | undefined> = [];
  const preconditions: Array<Precondition | undefined> = [];
  const recording: boolean[] = new Array<boolean>(TABLE_LENGTH).fill(false);
  for (const e of ruleSet.caseExemptions ?? []) exemptions[eventTypeId(e.on)] = e;
  for (const p of ruleSet.preconditions ?? []) preconditions[eventTypeId(p.on)] = p;
  for (const type of ruleSet.recordingEvents ?? []) {
    const id = eventTypeId(type);
    while (recording.length <= id) recording.push(false);
    recording[id] = true;
  }
  for (const { definition, governing } of laterOnly) {
    const cd = compileDefinition(definition);
    for (const [id, triggers] of groupByType(definition.startedBy))
      pushAt(starts, id, { compiled: cd, triggers, governing });
  }
  for (const definition of ruleSet.obligations) {
    const cd = compileDefinition(definition);
    for (const [id, triggers] of groupByType(definition.startedBy)) pushAt(starts, id, { compiled: cd, triggers });
    for (const [id, triggers] of groupByType(definition.heldPendingBy)) pushAt(pending, id, { compiled: cd, triggers });
    const override = definition.due.override;
    if (override)
      for (const on of typeof override.on === 'string' ? [override.on] : override.on)
        pushAt(overrides, eventTypeId(on), [definition.code, override.field] as const);
  }
  const length = Math.max(
    TABLE_LENGTH,
    starts.length,
    pending.length,
    overrides.length,
    exemptions.length,
    preconditions.length,
    recording.length,
  );
  while (recording.length < length) recording.push(false);
  compiled = {
    ruleSet,
    starts: dense(starts, length),
    pending: dense(pending, length),
    overrides: dense(overrides, length),
    exemptions: dense(exemptions, length),
    preconditions: dense(preconditions, length),
    recording,
  };
  if (laterOnly.length === 0) compiledRuleSets.set(ruleSet, compiled);
  return compiled;
}

const SLOT = Object.fromEntries(TEMPLATE_SLOTS.map((name, i) => [name, i])) as Record<TemplateSlot, number>;

/**
 * The texts of an occurrence with the constant slots (durations, anchor label, series count, cap duration)
 * filled once per obligation × anchor label × override, so each evaluation only concatenates dates.
 */
export function textVariant(
  compiled: CompiledDefinition,
  anchorLabel: string,
  overrideAmount: number | undefined,
  first = false,
): TextVariant {
  const baseKey = overrideAmount === undefined ? anchorLabel : `${overrideAmount}|${anchorLabel}`;
  const key = first ? `first|${baseKey}` : baseKey;
  let variant = compiled.variants.get(key);
  if (!variant) {
    const def = compiled.definition;
    const firstTexts = first ? def.countSeries?.firstTexts : undefined;
    const taskTitle = firstTexts ? compileTemplate(firstTexts.taskTitle) : compiled.taskTitle;
    const explanationTemplate = firstTexts ? compileTemplate(firstTexts.explanation) : compiled.explanation;
    const after: Duration =
      overrideAmount !== undefined && def.due.override
        ? { unit: def.due.override.unit, amount: overrideAmount }
        : def.due.after;
    const known = new Map<number, string | number>([
      [SLOT.duration, durationLabel(after)],
      [SLOT.durationShort, durationShortLabel(after)],
      [SLOT.anchorLabel, anchorLabel],
      [SLOT.amount, after.amount],
    ]);
    const seriesCount = def.series?.count ?? def.countSeries?.count;
    if (seriesCount !== undefined) known.set(SLOT.count, seriesCount);
    if (def.due.cap) known.set(SLOT.capDuration, durationLabel(def.due.cap));
    const title = partiallyRender(taskTitle, known);
    const explanation = partiallyRender(explanationTemplate, known);
    const simpleSlots = new Set([SLOT.anchorOn, SLOT.nominalDueOn, SLOT.dueOn, SLOT.base]);
    variant = {
      title,
      explanation,
      placesShift: explanation.parts.includes(SLOT.shift),
      simple: [...title.parts, ...explanation.parts].every((p) => typeof p === 'string' || simpleSlots.has(p)),
      memo: new TextMemo(),
      durationLabel: durationLabel(after),
      durationShortLabel: durationShortLabel(after),
    };
    compiled.variants.set(key, variant);
  }
  return variant;
}

/** [title, explanation] by epoch day in 512-day pages allocated on use; bounded by dropping all pages when full. */
export class TextMemo {
  private static readonly ORIGIN = -25567; // 1900-01-01
  private static readonly MAX_PAGES = 64;
  private pages: Array<Array<readonly [string, string] | 0> | undefined> = [];
  private allocated = 0;

  get(epochDay: number): readonly [string, string] | undefined {
    const offset = epochDay - TextMemo.ORIGIN;
    if (offset < 0) return undefined;
    const entry = this.pages[offset >> 9]?.[offset & 511];
    return entry === 0 ? undefined : entry;
  }

  set(epochDay: number, title: string, explanation: string): void {
    const offset = epochDay - TextMemo.ORIGIN;
    if (offset < 0 || offset >= 1 << 20) return;
    const index = offset >> 9;
    let page = this.pages[index];
    if (page === undefined) {
      if (this.allocated >= TextMemo.MAX_PAGES) {
        this.pages = [];
        this.allocated = 0;
      }
      while (this.pages.length <= index) this.pages.push(undefined); // dense
      page = new Array<readonly [string, string] | 0>(512).fill(0);
      this.pages[index] = page;
      this.allocated++;
    }
    page[offset & 511] = [title, explanation];
  }
}
