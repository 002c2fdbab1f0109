/**
 * computeObligations (spec A1): a pure function of case facts, events and asOf. No clock, no I/O, no randomness.
 *
 * One pass over the events in same-date order (C2) interprets the rule sets' triggers against the case type's
 * state; due dates are computed afterwards from each occurrence's governing rule set (§G rule 2), because
 * re-anchoring can still change an occurrence's startedOn. Linear in the number of events after sorting.
 */
import { type CaseStateView, Ledger, type OccurrenceRecord } from './occurrence-ledger';
import {
  type CaseState,
  type CaseTypeDefinition,
  type EngineEvent,
  eventTypeId,
  obligationCodeId,
} from '../case-types/case-type';
import { eventDefinitions } from '../case-types/case-type-registry';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import { type ObligationDefinition, type RuleSet, RuleSetSelector, type Trigger } from '../rule-sets/rule-set';
import {
  type CompiledRuleSet,
  type CompiledTrigger,
  compileDefinition,
  compileRuleSet,
  compileTrigger,
} from './compiled-rule-set';
import {
  TimelineValidationError,
  type ValidationIssue,
  validateAsOf,
  validateCaseFacts,
  validateEngineEvent,
} from '../validation/timeline-validation';
import {
  type CaseEvent,
  type CaseFacts,
  type ComputeOptions,
  type EngineResult,
  type EngineWarning,
  type IsoDate,
  type Occurrence,
} from './engine-types';
import { finalizeOccurrences } from './finalize-occurrence';
import { TrialTracker } from '../trials/trial-overlay';
import { type MigrationState, NOT_MIGRATED, isMigrated, readMigrationState } from '../migration/migration';
import { LawExtensions, finishMigrated } from './law-extensions';
import { addDuration } from './occurrence-ledger';
import { orderByKeys } from './order-by-keys';

const selectorCache = new WeakMap<readonly RuleSet[], RuleSetSelector>();
const migratedSelectorCache = new WeakMap<readonly RuleSet[], RuleSetSelector>();

/**
 * Without MIG-2026 the candidates are today's published rule sets, selected by effectiveFrom. With it, the rule
 * sets published through it join, and selection is by legal date (law-2026 M2, M3, M6).
 */
function selectorFor(
  caseType: CaseTypeDefinition,
  ruleSets: readonly RuleSet[] | undefined,
  migrated = false,
): RuleSetSelector {
  const list = ruleSets ?? caseType.defaultRuleSets;
  const cache = migrated ? migratedSelectorCache : selectorCache;
  let selector = cache.get(list);
  if (!selector) {
    let own = list.filter((r) => r.caseType === caseType.id);
    if (migrated) own = [...own, ...(caseType.migratedRuleSets ?? []).filter((r) => !own.some((o) => o.id === r.id))];
    else own = own.filter((r) => r.requiresMigration === undefined);
    if (own.length === 0) throw new Error(`No rule set for case type ${caseType.id}`);
    selector = new RuleSetSelector(own, migrated);
    cache.set(list, selector);
  }
  return selector;
}

type CloseKind = 'met' | 'waived' | 'cancelled';

const compiledBySelector = new WeakMap<RuleSetSelector, readonly CompiledRuleSet[]>();

/** The selector's rule sets compiled, in `all` order. */
function compiledRuleSets(selector: RuleSetSelector): readonly CompiledRuleSet[] {
  let compiled = compiledBySelector.get(selector);
  if (!compiled) {
    const all = selector.all;
    compiled = all.map((ruleSet, i) => {
      if (!selector.byLegalDate) return compileRuleSet(ruleSet);
      // M6: a code that exists only in a later rule set is governed by it, also before its legal date.
      const own = new Set(ruleSet.obligations.map((o) => o.code));
      const laterOnly: Array<{ definition: ObligationDefinition; governing: RuleSet }> = [];
      for (let j = i + 1; j < all.length; j++)
        for (const definition of all[j].obligations)
          if (
            !own.has(definition.code) &&
            !all.slice(0, i).some((r) => r.obligations.some((o) => o.code === definition.code))
          ) {
            own.add(definition.code);
            laterOnly.push({ definition, governing: all[j] });
          }
      return compileRuleSet(ruleSet, laterOnly);
    });
    compiledBySelector.set(selector, compiled);
  }
  return compiled;
}

/** Event types with special handling, as dense boolean tables by event-type id. */
interface PauseTypes {
  suspend: boolean[];
  resume: boolean[];
  /** Types that can re-anchor some obligation (checked before scanning the open occurrences). */
  reanchor: boolean[];
  /**
   * By event-type id: the obligation code ids (ascending) whose definition, in any of the selector's rule sets,
   * can be met, waived, cancelled or re-anchored by that type. Only these open occurrences need looking at.
   */
  effectCodes: number[][];
}

const pauseTypesCache = new WeakMap<RuleSetSelector, PauseTypes>();

function pauseTypes(selector: RuleSetSelector): PauseTypes {
  let types = pauseTypesCache.get(selector);
  if (!types) {
    // Dense boolean tables by event-type id.
    types = {
      suspend: new Array<boolean>(96).fill(false),
      resume: new Array<boolean>(96).fill(false),
      reanchor: new Array<boolean>(96).fill(false),
      effectCodes: [],
    };
    const codesByType: Array<Set<number> | undefined> = [];
    for (const r of compiledRuleSets(selector))
      for (const o of r.ruleSet.obligations) {
        const compiled = compileDefinition(o);
        compiled.effects.forEach((effects, id) => {
          if (effects !== undefined) (codesByType[id] ??= new Set()).add(compiled.codeId);
        });
      }
    const length = Math.max(96, codesByType.length);
    for (let id = 0; id < length; id++) types.effectCodes.push([...(codesByType[id] ?? [])].sort((a, b) => a - b));
    for (const r of selector.all)
      for (const o of r.obligations) {
        for (const t of o.reanchoredBy ?? []) types.reanchor[eventTypeId(t.on)] = true;
        if (o.due.pause) {
          types.suspend[eventTypeId(o.due.pause.suspendedBy)] = true;
          types.resume[eventTypeId(o.due.pause.resumedBy)] = true;
        }
      }
    pauseTypesCache.set(selector, types);
  }
  return types;
}

/** Evaluates a trigger's guards; the D11 waiver guards are generic, the rest belong to the case type. */
function triggerHolds(
  trigger: CompiledTrigger,
  code: string,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
): boolean {
  const guards = trigger.guards;
  for (let i = 0; i < guards.length; i++) {
    const { name, arg } = guards[i];
    if (name === 'waives-own-code') {
      if (event.fields.code !== code) return false;
    } else if (name === 'waives') {
      if (event.fields.code !== arg) return false;
    } else if (name === 'field-true') {
      if (event.fields[arg ?? ''] !== true) return false;
    } else if (!state.guard(name, arg, event, view)) return false;
  }
  return true;
}

function firstHolding(
  triggers: readonly CompiledTrigger[],
  code: string,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
): CompiledTrigger | undefined {
  for (let i = 0; i < triggers.length; i++) if (triggerHolds(triggers[i], code, event, state, view)) return triggers[i];
  return undefined;
}

/** Events dated ≤ asOf in processing order: by date, then same-date class (C2), then input order (X8). */
function eventsInOrder(events: readonly EngineEvent[], asOf: EpochDay): readonly EngineEvent[] {
  let due: readonly EngineEvent[] = events;
  for (let i = 0; i < events.length; i++)
    if (events[i].date > asOf) {
      due = events.filter((e) => e.date <= asOf);
      break;
    }
  const keys: number[] = [];
  for (let i = 0; i < due.length; i++) keys.push(due[i].date * 1024 + due[i].rank); // rank < 1024: exact
  const order = orderByKeys(keys); // stable: ties keep input order
  let identity = true;
  for (let i = 0; i < order.length && identity; i++) identity = order[i] === i;
  if (identity) return due;
  const sorted: EngineEvent[] = [];
  for (let i = 0; i < order.length; i++) sorted.push(due[order[i]]);
  return sorted;
}

export interface PreparedInput {
  caseType: CaseTypeDefinition;
  birthDate: EpochDay | undefined;
  events: EngineEvent[];
  asOf: EpochDay;
  migration: MigrationState;
}

/** Validates trusted-but-checked input; throws TimelineValidationError with every issue found. */
export function prepareInput(
  caseFacts: CaseFacts,
  events: readonly CaseEvent[],
  asOf: IsoDate,
  options?: ComputeOptions,
): PreparedInput {
  const issues: ValidationIssue[] = [];
  const facts = validateCaseFacts(caseFacts, 'caseFacts', issues);
  const asOfDay = validateAsOf(asOf, 'asOf', issues);
  const migration =
    options?.migrations === undefined && options?.ruleSetConfig === undefined
      ? NOT_MIGRATED
      : readMigrationState(options.migrations, options.ruleSetConfig, issues);
  const migrated = isMigrated(migration);
  const prepared: EngineEvent[] = [];
  if (!Array.isArray(events)) issues.push({ path: 'events', message: 'must be an array' });
  else if (facts) {
    const definitions = eventDefinitions(facts.caseType);
    for (let i = 0; i < events.length; i++) {
      const e = validateEngineEvent(facts.caseType, events[i], i, issues, definitions, migrated);
      if (e) prepared.push(e);
    }
  }
  if (issues.length > 0 || !facts || asOfDay === undefined) throw new TimelineValidationError(issues);
  return { caseType: facts.caseType, birthDate: facts.birthDate, events: prepared, asOf: asOfDay, migration };
}

export function computeObligations(
  caseFacts: CaseFacts,
  events: CaseEvent[],
  asOf: IsoDate,
  options?: ComputeOptions,
): EngineResult {
  const input = prepareInput(caseFacts, events, asOf, options);
  const migrated = isMigrated(input.migration);
  const selector = selectorFor(input.caseType, options?.ruleSets, migrated);
  const { ledger, warnings, trials, law } = runEvents(input, selector);
  if (law !== undefined) {
    const { occurrences: base, periods, ledgerOccurrences } = finishMigrated(law, ledger, input);
    let occurrences = insertSorted(base, ledgerOccurrences);
    if (trials) occurrences = mergeOverlays(occurrences, trials.occurrences(input.asOf).map(law.decorateOverlay));
    return {
      ruleSet: selector.governing(input.asOf).id,
      asOf: formatIsoDate(input.asOf),
      migrations: [...input.migration.ids],
      occurrences,
      warnings,
      periods,
      enrolments: trials ? trials.enrolmentsOutput() : [],
    };
  }
  let occurrences = finalizeOccurrences(ledger.records, input.asOf);
  if (trials) occurrences = mergeOverlays(occurrences, trials.occurrences(input.asOf));
  return {
    ruleSet: selector.governing(input.asOf).id,
    asOf: formatIsoDate(input.asOf),
    occurrences,
    warnings,
    enrolments: trials ? trials.enrolmentsOutput() : [],
  };
}

export function runEvents(
  input: PreparedInput,
  selector: RuleSetSelector,
): { ledger: Ledger; warnings: EngineWarning[]; trials: TrialTracker | undefined; law: LawExtensions | undefined } {
  const { caseType, asOf } = input;
  const pauses = pauseTypes(selector);
  const migrated = isMigrated(input.migration);
  const facts = migrated ? { birthDate: input.birthDate, migrated } : { birthDate: input.birthDate };
  const state = caseType.newState(facts);
  // law-2026 capabilities (count-series periods, ledger deadlines, preconditions): only after MIG-2026.
  const law = migrated ? new LawExtensions(input.migration, selector, input, state) : undefined;
  const seriesTriggerHolds = (definition: ObligationDefinition, on: 'countedBy' | 'endedBy', event: EngineEvent) => {
    const triggers = compiledSeriesTriggers(definition)[on][event.typeId];
    return triggers !== undefined && firstHolding(triggers, definition.code, event, state, view) !== undefined;
  };
  const ledger = new Ledger(selector);
  const view = ledger.view;
  const warnings: EngineWarning[] = [];
  const warn = (e: EngineEvent, reason: string) => warnings.push({ eventIndex: e.index, type: e.type, reason });
  // By obligationCodeId: a held (pending) meeting date, and a per-case duration override.
  const pending: Array<EpochDay | undefined> = new Array<EpochDay | undefined>(32).fill(undefined);
  const overrides: Array<number | undefined> = new Array<number | undefined>(32).fill(undefined);
  // Per-event scratch lists hold a handful of entries, so small fresh arrays beat Maps, Sets and `length = 0`.
  let seenToday: string[] = [];
  let seenDate = Number.NaN;
  // Which codes the current event started: startedAt[codeId] === the event's sequence number (no per-event arrays).
  const startedAt: number[] = new Array<number>(32).fill(-1);
  let eventSeq = 0;
  const started = (code: string) => startedAt[obligationCodeId(code)] === eventSeq;
  const closes: OccurrenceRecord[] = [];
  const closeKinds: CloseKind[] = [];
  const closedNow: OccurrenceRecord[] = [];
  const reanchorTypes = pauses.reanchor;
  const effectCodes = pauses.effectCodes;
  const compiledSets = compiledRuleSets(selector);
  // Trial overlays (T): created by the first trial event, so timelines without a trial never touch them.
  let trials: TrialTracker | undefined;
  let overlayFulfilled = false;

  const due = eventsInOrder(input.events, asOf);
  for (let ei = 0; ei < due.length; ei++) {
    const event = due[ei];
    const typeId = event.typeId;
    eventSeq = ei;
    if (trials !== undefined) trials.advance(event.date, event.rank);
    if (state.closed) {
      warn(event, `after ${caseType.closingEvent}`);
      continue;
    }
    const admissibility = caseType.admissibility(facts, event);
    if (admissibility) {
      warn(event, `${admissibility.code}: ${admissibility.message}`);
      continue;
    }
    if (event.fulfilment) {
      if (event.date !== seenDate) {
        seenDate = event.date;
        seenToday = [];
      }
      const key = caseType.dedupeKey(event);
      if (seenToday.includes(key)) {
        warn(
          event,
          `a second ${key.startsWith('waive:') ? `waiver of ${key.slice(6)}` : event.type} on the same date is ignored`,
        );
        continue;
      }
      seenToday.push(key);
    }
    const gate = state.gate(event, view);
    if (gate) {
      warn(event, gate);
      continue;
    }
    if (trials === undefined && event.trial) trials = new TrialTracker(caseType, state, view);
    overlayFulfilled = trials !== undefined && trials.onEvent(event, warn);
    if (event.type === caseType.closingEvent) {
      for (const occ of ledger.openRecords()) ledger.cancel(occ, event.date);
      law?.onCaseClosed(event);
      state.apply(event, started, view);
      continue;
    }
    const ruleSet = compiledSets[selector.governingIndex(event.date)];
    if (law !== undefined) {
      // Counted talks and period ends (N1.3, N1.5) are decided against the state before the event.
      law.countAndEnd(event, false, seriesTriggerHolds);
      // Ledger deadlines (N2.5, N2.6): closes, waivers and floors of a ledger have no other effect.
      if (law.handlesLedgerType(typeId) || law.handlesLedgerWaiver(event)) {
        law.onLedgerEvent(event, warn, (when) => (when ?? []).every((g) => guardHolds(g, '', event, state, view)));
        state.apply(event, started, view);
        continue;
      }
      // N0.4: a suspension pauses the spell (the state) and an open, unpaused other-actor-12m; the gate warned.
      if (pauses.suspend[typeId]) {
        for (const o of ledger.openRecords())
          if (o.definition.due.pause?.suspendedBy === event.type && !ledger.hasOpenPause(o))
            ledger.openPause(o, event.date);
        state.apply(event, started, view);
        continue;
      }
      if (pauses.resume[typeId]) {
        const occ = ledger.latestWithOpenPause(event.type);
        if (occ) ledger.closePause(occ, event.date);
        state.apply(event, started, view);
        continue;
      }
    }

    // Pauses of a pausable obligation (B5).
    if (pauses.suspend[typeId]) {
      let occ: OccurrenceRecord | undefined;
      for (const o of ledger.openRecords()) if (o.definition.due.pause?.suspendedBy === event.type) occ = o;
      if (!occ) warn(event, 'no open obligation that this suspension can pause (other-actor-12m)');
      else if (ledger.hasOpenPause(occ)) warn(event, `${occ.code} is already paused`);
      else ledger.openPause(occ, event.date);
      state.apply(event, started, view);
      continue;
    }
    if (pauses.resume[typeId]) {
      const occ = ledger.latestWithOpenPause(event.type);
      if (!occ) warn(event, 'no suspended benefit to resume');
      else ledger.closePause(occ, event.date);
      state.apply(event, started, view);
      continue;
    }

    const overrideFields = ruleSet.overrides[typeId];
    if (overrideFields)
      for (const [code, field] of overrideFields) overrides[obligationCodeId(code)] = event.fields[field] as number;

    // Closing effects, decided against the state before the event (guards see the pre-event state). Scratch
    // arrays are reused with explicit counts: this loop runs for every event of every evaluation.
    let nCloses = 0;
    let fulfils = false;
    const open = ledger.openTable();
    const exemption = law === undefined ? undefined : ruleSet.exemptions[typeId];
    if (exemption !== undefined) {
      // M7: a case-level exemption waives every open occurrence it names, whatever its rule set.
      const reasonSpec = exemption.waiverReason;
      const field = typeof reasonSpec === 'string' ? undefined : textField(event, reasonSpec.field);
      const reason = typeof reasonSpec === 'string' ? reasonSpec : `${reasonSpec.prefix}${field ?? ''}`;
      for (const code of exemption.codes) {
        const occ = open[obligationCodeId(code)];
        if (occ === undefined) continue;
        ledger.close(occ, 'waived', event.date, reason);
        if (occ.period !== undefined && exemption.temporary !== true) {
          occ.period.exemptedOn = event.date;
          occ.period.exemptionReason = field;
        }
        fulfils = true;
      }
    }
    const candidates = effectCodes[typeId]; // ascending code ids, as a scan of the whole open table would visit them
    for (let i = 0; i < candidates.length; i++) {
      const occ = open[candidates[i]];
      if (occ === undefined) continue;
      const effects = occ.compiled.effects[typeId];
      if (effects === undefined) continue;
      let how: CloseKind | undefined;
      if (effects.metBy.length > 0 && firstHolding(effects.metBy, occ.code, event, state, view)) how = 'met';
      else if (effects.waivedBy.length > 0 && firstHolding(effects.waivedBy, occ.code, event, state, view))
        how = 'waived';
      else if (effects.cancelledBy.length > 0 && firstHolding(effects.cancelledBy, occ.code, event, state, view))
        how = 'cancelled';
      if (how === undefined) continue;
      if (how !== 'cancelled') fulfils = true;
      closes[nCloses] = occ;
      closeKinds[nCloses] = how;
      nCloses++;
    }
    if (event.fulfilment && !fulfils) {
      // C5: nothing to meet. The pending rule (C4) holds the event for the next occurrence instead.
      let held = false;
      for (const { compiled, triggers } of ruleSet.pending[typeId] ?? [])
        if (firstHolding(triggers, compiled.definition.code, event, state, view)) {
          pending[compiled.codeId] = event.date;
          held = true;
        }
      if (!held && !event.silent && !overlayFulfilled && !(law !== undefined && ruleSet.recording[typeId]))
        warn(event, nothingToMeetReason(event));
      continue;
    }
    let nClosed = 0;
    for (let i = 0; i < nCloses; i++) {
      const occ = closes[i];
      const how = closeKinds[i];
      if (how === 'cancelled') ledger.cancel(occ, event.date);
      else {
        ledger.close(occ, how, event.date, how === 'waived' ? textField(event, 'reason') : undefined);
        closedNow[nClosed++] = occ;
      }
    }

    // law-2026 R2, R5: events that move an open occurrence's due date.
    if (law !== undefined && law.adjustsType(typeId)) law.adjustDue(event, ledger.openTable());

    if (reanchorTypes[typeId]) {
      const moved: number[] = [];
      for (const occ of ledger.openRecords()) {
        const effects = occ.compiled.effects[typeId];
        if (effects === undefined || effects.reanchoredBy.length === 0) continue;
        const trigger = firstHolding(effects.reanchoredBy, occ.code, event, state, view);
        if (!trigger) continue;
        const period = occ.period;
        const cs = occ.definition.countSeries;
        if (period !== undefined && cs !== undefined) {
          // N1.1: S moves only while the first occurrence is open and nothing has been counted.
          if (occ.k !== cs.firstK || period.heldCount > 0) continue;
          ledger.reanchor(occ, event.date, trigger.anchor);
          period.start = event.date;
          period.lastDay = addDuration(event.date, cs.window) - 1;
          occ.seriesStart = period.start;
          occ.seriesEnd = period.lastDay;
          moved.push(period.codeId);
        } else ledger.reanchor(occ, event.date, trigger.anchor);
      }
      if (law !== undefined) warnUnmovedPeriods(law, moved, event, state, view, warn);
    }

    const starts = ruleSet.starts[typeId];
    if (starts)
      for (const dt of starts) {
        const { compiled, triggers } = dt;
        const def = compiled.definition;
        if (ledger.isOpenId(compiled.codeId)) continue; // "starts X" only if no X is open (C4)
        if (law !== undefined && law.switchedOff(def)) continue; // N0.1 switches, read at creation
        let previous: OccurrenceRecord | undefined;
        for (let i = 0; i < nClosed; i++) if (closedNow[i].code === def.code) previous = closedNow[i];
        const count = def.series?.count ?? def.countSeries?.count;
        let trigger: CompiledTrigger | undefined;
        for (const t of triggers) {
          if (t.continues && (!previous || (count !== undefined && (previous.k ?? 0) >= count))) continue;
          if (t.resumes) {
            // R6: the series resumes after its last occurrence, whatever closed it.
            const last = ledger.lastOf(compiled.codeId);
            if (last === undefined || last.period === undefined || (last.k ?? 0) >= (count ?? 0)) continue;
            if (triggerHolds(t, def.code, event, state, view)) {
              previous = last;
              trigger = t;
              break;
            }
            continue;
          }
          if (triggerHolds(t, def.code, event, state, view)) {
            trigger = t;
            break;
          }
        }
        if (!trigger) continue;
        const chained = trigger.continues || trigger.resumes;
        const cs = def.countSeries;
        let seriesStart: EpochDay | undefined;
        let seriesEnd: EpochDay | undefined;
        if (cs !== undefined) {
          // N0.5: a count series has a fixed window [S, L]; nothing starts after L or after an exemption.
          if (chained && previous !== undefined) {
            if (previous.period?.exemptedOn !== undefined) continue;
            seriesStart = previous.seriesStart;
            seriesEnd = previous.seriesEnd;
          } else {
            seriesStart = cs.anchor === 'start' ? event.date : state.anchor?.(cs.anchor.slice('state:'.length));
            if (seriesStart === undefined) continue;
            seriesEnd = addDuration(seriesStart, cs.window) - 1;
          }
          if (seriesEnd === undefined || event.date > seriesEnd) continue;
        }
        // R7: a series that keeps its rule set continues with the formula of the occurrence it continues.
        const kept = def.keepsSeriesRuleSet === true && trigger.continues && previous !== undefined;
        const occ = ledger.start(
          kept ? (previous as OccurrenceRecord).compiled : compiled,
          kept ? (previous as OccurrenceRecord).ruleSet : (dt.governing ?? ruleSet.ruleSet),
          event.date,
          trigger.anchor,
          trigger.continues ? previous : undefined,
          overrides[compiled.codeId],
        );
        if (law !== undefined) law.onStarted(occ, event, trigger);
        if (cs !== undefined && law !== undefined) {
          occ.k = chained && previous !== undefined ? (previous.k ?? cs.firstK) + 1 : cs.firstK;
          occ.seriesStart = seriesStart;
          occ.seriesEnd = seriesEnd;
          occ.anchorOn = seriesStart as EpochDay;
          const period =
            chained && previous?.period !== undefined
              ? previous.period
              : law.newPeriod(compiled.codeId, seriesStart as EpochDay, seriesEnd as EpochDay);
          occ.period = period;
          period.records.push(occ);
        }
        if (trigger.flag !== undefined) (occ.flags ??= []).push(trigger.flag);
        startedAt[compiled.codeId] = eventSeq;
        const heldOn = pending[compiled.codeId];
        if (heldOn !== undefined) {
          ledger.close(occ, 'met', heldOn, undefined);
          pending[compiled.codeId] = undefined;
        }
      }
    state.apply(event, started, view);
    if (law !== undefined) {
      const precondition = ruleSet.preconditions[typeId];
      if (precondition !== undefined) law.precondition(precondition, event, warn);
      const after = state.afterEffects?.(event);
      if (typeof after === 'string') warn(event, after);
      else if (after !== undefined) for (const reason of after) warn(event, reason);
    }
  }
  if (trials !== undefined) trials.advance(asOf, Number.POSITIVE_INFINITY);
  return { ledger, warnings, trials, law };
}

const seriesTriggers = new WeakMap<
  ObligationDefinition,
  Record<'countedBy' | 'endedBy', ReadonlyArray<CompiledTrigger[] | undefined>>
>();

/** A count series' countedBy / endedBy triggers by event-type id, compiled once per definition. */
function compiledSeriesTriggers(
  definition: ObligationDefinition,
): Record<'countedBy' | 'endedBy', ReadonlyArray<CompiledTrigger[] | undefined>> {
  let compiled = seriesTriggers.get(definition);
  if (!compiled) {
    const table = (triggers: readonly Trigger[] | undefined) => {
      const byType: Array<CompiledTrigger[] | undefined> = [];
      for (const t of triggers ?? []) (byType[eventTypeId(t.on)] ??= []).push(compileTrigger(t));
      return byType;
    };
    compiled = { countedBy: table(definition.countSeries?.countedBy), endedBy: table(definition.countSeries?.endedBy) };
    seriesTriggers.set(definition, compiled);
  }
  return compiled;
}

/** A name guard ('name' or 'name:arg') of a trigger, outside the compiled tables. */
function guardHolds(g: string, code: string, event: EngineEvent, state: CaseState, view: CaseStateView): boolean {
  const colon = g.indexOf(':');
  const trigger: CompiledTrigger = {
    on: event.type,
    guards: [colon < 0 ? { name: g, arg: undefined } : { name: g.slice(0, colon), arg: g.slice(colon + 1) }],
    anchor: '',
    continues: false,
    flag: undefined,
    resumes: false,
    start: undefined,
  };
  return triggerHolds(trigger, code, event, state, view);
}

/**
 * N1.1: an event that re-anchors a running count-series period but could not move it (a talk was counted or the
 * first occurrence is closed) warns with the series' code; the event keeps its other effects.
 */
function warnUnmovedPeriods(
  law: LawExtensions,
  moved: readonly number[],
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
  warn: (e: EngineEvent, reason: string) => void,
): void {
  for (const period of law.periods) {
    if (!period.running || moved.includes(period.codeId) || law.runningPeriod(period.codeId) !== period) continue;
    const definition = period.records[0].definition;
    const code = definition.countSeries?.ambiguousReanchorCode;
    if (code === undefined) continue;
    const triggers = definition.reanchoredBy ?? [];
    if (
      !triggers.some(
        (t) => t.on === event.type && (t.when ?? []).every((g) => guardHolds(g, definition.code, event, state, view)),
      )
    )
      continue;
    warn(
      event,
      `${code}: a talk has already been counted or the first talk is closed; the period start stays ${formatIsoDate(period.start)}`,
    );
  }
}

/** Base and overlay occurrences sorted by dueOn, then code, then occurrence (§E). */
function mergeOverlays(base: Occurrence[], overlays: Occurrence[]): Occurrence[] {
  if (overlays.length === 0) return base;
  if (base.length === 0) return [...overlays].sort(occurrenceOrder);
  return [...base, ...overlays].sort(occurrenceOrder);
}

/** A few occurrences (a ledger's runs) into a sorted list, by binary search instead of a full sort. */
function insertSorted(sorted: Occurrence[], extra: readonly Occurrence[]): Occurrence[] {
  for (const o of extra) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (occurrenceOrder(sorted[mid], o) <= 0) lo = mid + 1;
      else hi = mid;
    }
    sorted.splice(lo, 0, o);
  }
  return sorted;
}

function occurrenceOrder(a: Occurrence, b: Occurrence): number {
  return a.dueOn !== b.dueOn
    ? a.dueOn < b.dueOn
      ? -1
      : 1
    : a.code !== b.code
      ? a.code < b.code
        ? -1
        : 1
      : a.occurrence - b.occurrence;
}

function textField(event: EngineEvent, field: string): string | undefined {
  const value = event.fields[field];
  return typeof value === 'string' ? value : undefined;
}

function nothingToMeetReason(event: EngineEvent): string {
  if (event.type === 'OBLIGATION_WAIVED') return `no open ${String(event.fields.code)} to waive`;
  return 'nothing open to meet';
}
