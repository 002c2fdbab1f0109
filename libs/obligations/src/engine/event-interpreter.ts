/**
 * Event application: one pass over the events in processing order. Each event is first checked against the case
 * (closed, admissible, a same-date repeat, the case state's gate), then routed: the closing event, the law-2026
 * capabilities, pauses, and otherwise the occurrence lifecycle's steps; last, the case state takes its transition.
 */
import { type CasePhase, type CaseTypeDefinition, type EngineEvent } from '../case-types/case-type';
import { type EpochDay } from '../dates/iso-date';
import { isMigrated } from '../migration/migration';
import { type RuleSetSelector } from '../rule-sets/rule-set';
import { TrialTracker } from '../trials/trial-overlay';
import { type EngineWarning } from './engine-types';
import { LawExtensions } from './law-extensions';
import { type Ledger } from './occurrence-ledger';
import { OccurrenceLifecycle } from './occurrence-lifecycle';
import { type PreparedInput } from './obligation-engine';
import { eventsInOrder } from './ordering';
import { compiledRuleSets } from './rule-set-tables';
import { firstHolding, guardHolds } from './trigger-guards';

export interface EventRun {
  ledger: Ledger;
  warnings: EngineWarning[];
  trials: TrialTracker | undefined;
  law: LawExtensions | undefined;
  /** The case type's state machine after the last event (its phase, C3/S1). */
  phase: CasePhase;
  /** The date of the event that closed the case, if one did. */
  closedOn: EpochDay | undefined;
}

export function runEvents(input: PreparedInput, selector: RuleSetSelector): EventRun {
  const { caseType, asOf } = input;
  const migrated = isMigrated(input.migration);
  const facts = migrated ? { birthDate: input.birthDate, migrated } : { birthDate: input.birthDate };
  const state = caseType.newState(facts);
  const warnings: EngineWarning[] = [];
  const warn = (e: EngineEvent, reason: string) => warnings.push({ eventIndex: e.index, type: e.type, reason });
  // law-2026 capabilities (count-series periods, ledger deadlines, preconditions): only after MIG-2026.
  const law = migrated ? new LawExtensions(input.migration, selector, input, state) : undefined;
  const lifecycle = new OccurrenceLifecycle(selector, state, law, warn);
  const { ledger, view, started } = lifecycle;
  const compiledSets = compiledRuleSets(selector);
  const sameDate = new SameDateRepeats(caseType);
  // Trial overlays (T): created by the first trial event, so timelines without a trial never touch them.
  let trials: TrialTracker | undefined;
  let closedOn: EpochDay | undefined;

  const due = eventsInOrder(input.events, asOf);
  for (let ei = 0; ei < due.length; ei++) {
    const event = due[ei];
    const typeId = event.typeId;
    lifecycle.beginEvent(ei);
    if (trials !== undefined) trials.advance(event.date, event.rank);
    const rejection = rejectionOf(caseType, facts, state, view, sameDate, event);
    if (rejection !== undefined) {
      warn(event, rejection);
      continue;
    }
    if (trials === undefined && event.trial) trials = new TrialTracker(caseType, state, view, input.programmes);
    const overlayFulfilled = trials !== undefined && trials.onEvent(event, warn);
    if (event.type === caseType.closingEvent) {
      lifecycle.cancelAll(event.date);
      law?.onCaseClosed(event);
      state.apply(event, started, view);
      closedOn = event.date;
      continue;
    }
    const ruleSet = compiledSets[selector.governingIndex(event.date)];
    if (law !== undefined) {
      // Counted talks and period ends (N1.3, N1.5) are decided against the state before the event.
      if (law.countsOrEnds(typeId))
        law.countAndEnd(event, (triggers, code) => firstHolding(triggers, code, event, state, view) !== undefined);
      // Ledger deadlines (N2.5, N2.6): closes, waivers and floors of a ledger have no other effect.
      if (law.handlesLedgerType(typeId) || law.handlesLedgerWaiver(event)) {
        law.onLedgerEvent(event, warn, (when) => (when ?? []).every((g) => guardHolds(g, '', event, state, view)));
        state.apply(event, started, view);
        continue;
      }
    }
    // Pauses of a pausable obligation (B5); after MIG-2026 a suspension pauses the spell (N0.4), the gate warned.
    if (lifecycle.suspends(typeId)) {
      if (law !== undefined) lifecycle.pauseAll(event);
      else lifecycle.pause(event);
      state.apply(event, started, view);
      continue;
    }
    if (lifecycle.resumes(typeId)) {
      lifecycle.resume(event, law === undefined);
      state.apply(event, started, view);
      continue;
    }

    lifecycle.recordOverrides(event, ruleSet);
    const fulfils = lifecycle.decideCloses(event, ruleSet);
    if (event.fulfilment && !fulfils) {
      // C5: nothing to meet. The pending rule (C4) holds the event for the next occurrence instead.
      const held = lifecycle.holdForNext(event, ruleSet);
      if (!held && !event.silent && !overlayFulfilled && !(law !== undefined && ruleSet.recording[typeId]))
        warn(event, nothingToMeetReason(event));
      continue;
    }
    lifecycle.applyCloses(event);
    lifecycle.adjustDue(event);
    lifecycle.reanchor(event);
    lifecycle.startObligations(event, ruleSet);
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
  return { ledger, warnings, trials, law, phase: state.phase, closedOn };
}

/** C5: a second fulfilment event of the same kind on one date is ignored. */
class SameDateRepeats {
  private date = Number.NaN;
  // A handful of keys per date: a fresh small array beats a Map or Set.
  private seen: string[] = [];

  constructor(private readonly caseType: CaseTypeDefinition) {}

  /** The key of a repeat already seen on the event's date, else undefined (and the event is remembered). */
  repeatOf(event: EngineEvent): string | undefined {
    if (event.date !== this.date) {
      this.date = event.date;
      this.seen = [];
    }
    const key = this.caseType.dedupeKey(event);
    if (this.seen.includes(key)) return key;
    this.seen.push(key);
    return undefined;
  }
}

/** Why the event does not apply to the case (a warning reason), or undefined when it does. */
function rejectionOf(
  caseType: CaseTypeDefinition,
  facts: Parameters<CaseTypeDefinition['admissibility']>[0],
  state: ReturnType<CaseTypeDefinition['newState']>,
  view: OccurrenceLifecycle['view'],
  sameDate: SameDateRepeats,
  event: EngineEvent,
): string | undefined {
  if (state.closed) return `after ${caseType.closingEvent}`;
  const admissibility = caseType.admissibility(facts, event);
  if (admissibility) return `${admissibility.code}: ${admissibility.message}`;
  if (event.fulfilment) {
    const key = sameDate.repeatOf(event);
    if (key !== undefined)
      return `a second ${key.startsWith('waive:') ? `waiver of ${key.slice(6)}` : event.type} on the same date is ignored`;
  }
  return state.gate(event, view);
}

function nothingToMeetReason(event: EngineEvent): string {
  if (event.type === 'OBLIGATION_WAIVED') return `no open ${String(event.fields.code)} to waive`;
  return 'nothing open to meet';
}
