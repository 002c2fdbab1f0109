/**
 * The engine capabilities of law-2026 that exist only after MIG-2026: count-series periods (N0.5, N1, O3),
 * ledger deadlines over a sliding window (N2), precondition checks that only warn (N4) and the migrated output
 * (legalBasis, k, backfilled, provisional, periods[]; O2–O3). Created per evaluation only when MIG-2026 has run,
 * so un-migrated evaluations pay nothing and compute exactly what they computed before (M3).
 */
import { isWorkingDayEpoch, nonWorkingReasonEpoch, shiftEpoch, weekdayNameEpoch } from '../calendar/danish-calendar';
import { type CaseState, type EngineEvent, eventTypeId } from '../case-types/case-type';
import { type EpochDay, addMonthsEpoch, formatIsoDate, parseIsoDate, tryParseIsoDate } from '../dates/iso-date';
import { type MigrationState, type PolicyDecision, policyDecisionOn } from '../migration/migration';
import { TRIAL_LEGAL_BASIS, fixedLegalBasis, legalBasisFor } from '../rule-sets/legal-basis';
import { type ObligationDefinition, type RuleSet, type RuleSetSelector } from '../rule-sets/rule-set';
import { type LedgerClose, type LedgerFloor, ledgerCloseCheck, ledgerRuns } from './day-ledger';
import { type LyPeriod, type Occurrence, type OccurrenceStatus } from './engine-types';
import { finalizeOccurrences } from './finalize-occurrence';
import { type Ledger, type OccurrenceRecord, SeriesPeriod, addDuration } from './occurrence-ledger';
import { type CompiledTrigger } from './compiled-rule-set';
import type { PreparedInput } from './obligation-engine';

type Warn = (event: EngineEvent, reason: string) => void;

interface LedgerDefinition {
  readonly definition: ObligationDefinition;
  readonly ruleSet: RuleSet;
  readonly closes: LedgerClose[];
  readonly floors: LedgerFloor[];
}

/** What a selector's rule sets say about ledgers and adjusting events: the same for every evaluation. */
interface LawTables {
  readonly ledgers: ReadonlyArray<Pick<LedgerDefinition, 'definition' | 'ruleSet'>>;
  /** By event-type id: closes or floors a ledger deadline. */
  readonly ledgerTypes: readonly boolean[];
  /** By event-type id: moves an open occurrence's due date (DueRule.adjustedBy, R2, R5). */
  readonly adjustTypes: readonly boolean[];
  /** By event-type id: counts a talk in, or ends, a count series (CountSeriesRule.countedBy / endedBy). */
  readonly seriesTypes: readonly boolean[];
}

/** Keyed by the immutable selector (selectors are cached per rule-set list), so output never depends on history. */
const lawTables = new WeakMap<RuleSetSelector, LawTables>();

function lawTablesOf(selector: RuleSetSelector): LawTables {
  const known = lawTables.get(selector);
  if (known !== undefined) return known;
  const ledgers: Array<Pick<LedgerDefinition, 'definition' | 'ruleSet'>> = [];
  const ledgerTypes: boolean[] = [];
  const adjustTypes: boolean[] = [];
  const seen = new Set<string>();
  for (let i = selector.all.length - 1; i >= 0; i--)
    for (const definition of selector.all[i].obligations)
      if (definition.dayLedger && !seen.has(definition.code)) {
        seen.add(definition.code);
        ledgers.push({ definition, ruleSet: selector.all[i] });
      }
  for (const l of ledgers) {
    const rule = l.definition.dayLedger;
    if (rule === undefined) continue;
    for (const t of rule.acceptedBy) ledgerTypes[eventTypeId(t.on)] = true;
    if (rule.floorBy) ledgerTypes[eventTypeId(rule.floorBy.on)] = true;
  }
  const seriesTypes: boolean[] = [];
  for (const r of selector.all)
    for (const definition of r.obligations) {
      for (const a of definition.due.adjustedBy ?? []) adjustTypes[eventTypeId(a.on)] = true;
      const cs = definition.countSeries;
      for (const t of [...(cs?.countedBy ?? []), ...(cs?.endedBy ?? [])]) seriesTypes[eventTypeId(t.on)] = true;
    }
  const tables = { ledgers, ledgerTypes, adjustTypes, seriesTypes };
  lawTables.set(selector, tables);
  return tables;
}

export class LawExtensions {
  /** Count-series periods in creation order, and the current one per code id. */
  readonly periods: SeriesPeriod[] = [];
  private readonly current: Array<SeriesPeriod | undefined> = [];
  /** The code ids that have a current period, ascending (usually one), so an event skips the empty slots. */
  private readonly currentIds: number[] = [];
  private readonly ledgers: LedgerDefinition[];
  private cancelledOn: EpochDay | undefined;
  private readonly ledgerTypes: readonly boolean[];
  /**
   * The earliest date of each event type in the input (N4 preconditions look at any same-date class); built on the
   * first precondition check, since most evaluations never make one.
   */
  private firstDateOf: Map<string, EpochDay> | undefined;
  private readonly adjustTypes: readonly boolean[];
  private readonly seriesTypes: readonly boolean[];

  constructor(
    readonly migration: MigrationState,
    selector: RuleSetSelector,
    private readonly input: PreparedInput,
    private readonly state: CaseState,
  ) {
    const tables = lawTablesOf(selector);
    this.ledgers = tables.ledgers.map((l) => ({
      definition: l.definition,
      ruleSet: l.ruleSet,
      closes: [],
      floors: [],
    }));
    this.ledgerTypes = tables.ledgerTypes;
    this.adjustTypes = tables.adjustTypes;
    this.seriesTypes = tables.seriesTypes;
  }

  adjustsType(typeId: number): boolean {
    return this.adjustTypes[typeId] === true;
  }

  /**
   * R2, R5: the event moves the due date of each open occurrence whose definition names it: earlier on request
   * (min with date + after, flagged when it shortened), or to a date field of the event (the same date: nothing).
   */
  adjustDue(event: EngineEvent, open: ReadonlyArray<OccurrenceRecord | undefined>): void {
    for (const occ of open) {
      if (occ === undefined) continue;
      for (const a of occ.definition.due.adjustedBy ?? []) {
        if (a.on !== event.type) continue;
        const old = occ.fixedNominal ?? addDuration(occ.anchorOn, occ.definition.due.after);
        let target: EpochDay;
        let nominal: EpochDay;
        if ('bringForward' in a) {
          target = addDuration(event.date, a.bringForward);
          nominal = Math.min(old, target);
          if (nominal < old && a.flag !== undefined && !(occ.flags ?? []).includes(a.flag))
            (occ.flags ??= []).push(a.flag);
        } else {
          const day = tryParseIsoDate(event.fields[a.field]);
          if (day === undefined || day === old) continue;
          target = day;
          nominal = day;
        }
        occ.fixedNominal = nominal;
        const iso = formatIsoDate;
        occ.explanationNote =
          (occ.explanationNote ?? '') +
          a.note
            .replaceAll('{date}', iso(event.date))
            .replaceAll('{target}', iso(target))
            .replaceAll('{old}', iso(old))
            .replaceAll('{nominalDueOn}', iso(nominal));
      }
    }
  }

  /**
   * A new occurrence's law-2026 date rules: a nominal date from the start event's field (R4, R5), a formula counted
   * from a state date (R6 checkpoint: anchorOn = F), or the start trigger's own formula (R6 restart).
   */
  onStarted(occ: OccurrenceRecord, event: EngineEvent, trigger: CompiledTrigger): void {
    const due = occ.definition.due;
    if (due.fromField !== undefined) {
      const day = tryParseIsoDate(event.fields[due.fromField]);
      if (day !== undefined) occ.fixedNominal = day;
    }
    if (due.from !== undefined) {
      const from = this.state.anchor?.(due.from.slice('state:'.length));
      if (from !== undefined) occ.anchorOn = from;
    }
    const own = trigger.start?.due;
    if (own !== undefined) {
      const base = addDuration(event.date, own.after);
      const from = this.state.anchor?.(own.atLeast.anchor.slice('state:'.length));
      const atLeastOn = from === undefined ? undefined : addDuration(from, own.atLeast.after);
      const nominal = atLeastOn === undefined ? base : Math.max(base, atLeastOn);
      const iso = formatIsoDate;
      occ.fixedNominal = nominal;
      occ.explanationText = own.explanation
        .replaceAll('{anchorOn}', iso(event.date))
        .replaceAll('{atLeastAnchor}', from === undefined ? '' : iso(from))
        .replaceAll('{atLeastOn}', atLeastOn === undefined ? '' : iso(atLeastOn))
        .replaceAll('{base}', iso(base))
        .replaceAll('{nominalDueOn}', iso(nominal));
    }
  }

  /**
   * Whether the definition's switch is off for an occurrence starting on `day`: a policy decision in effect then
   * decides, else the static ruleSetConfig (N0.1).
   */
  switchedOff(definition: ObligationDefinition, day: EpochDay): boolean {
    if (definition.switch === undefined) return false;
    const decision = policyDecisionOn(this.migration, definition.switch, day);
    return decision ? !decision.enabled : this.migration.switchedOff.has(definition.switch);
  }

  newPeriod(codeId: number, start: EpochDay, lastDay: EpochDay): SeriesPeriod {
    const period = new SeriesPeriod(codeId, start, lastDay);
    this.periods.push(period);
    while (this.current.length <= codeId) this.current.push(undefined);
    if (this.current[codeId] === undefined) {
      let at = this.currentIds.length;
      while (at > 0 && this.currentIds[at - 1] > codeId) at--;
      this.currentIds.splice(at, 0, codeId);
    }
    this.current[codeId] = period;
    return period;
  }

  /** Whether an event of this type can count a talk in, or end, some count series of the selector (N1.3, N1.5). */
  countsOrEnds(typeId: number): boolean {
    return this.seriesTypes[typeId] === true;
  }

  /**
   * Counts the event in every running period whose series counts it (N1.3), and ends periods (N1.5). `holds`
   * decides a series' compiled triggers for this event type against the state before the event.
   */
  countAndEnd(event: EngineEvent, holds: (triggers: readonly CompiledTrigger[], code: string) => boolean): void {
    const typeId = event.typeId;
    for (let i = 0; i < this.currentIds.length; i++) {
      const period = this.current[this.currentIds[i]] as SeriesPeriod;
      if (!period.running) continue;
      const { countedBy, endedBy, definition } = period.records[0].compiled;
      const counting = countedBy[typeId];
      if (
        counting !== undefined &&
        event.date >= period.start &&
        event.date <= period.lastDay &&
        holds(counting, definition.code)
      )
        period.heldCount++;
      const ending = endedBy[typeId];
      if (ending !== undefined && holds(ending, definition.code)) period.endedOn = event.date;
    }
  }

  runningPeriod(codeId: number): SeriesPeriod | undefined {
    const period = this.current[codeId];
    return period !== undefined && period.running ? period : undefined;
  }

  onCaseClosed(event: EngineEvent): void {
    this.cancelledOn = event.date;
    for (const period of this.current) if (period !== undefined && period.running) period.endedOn = event.date;
  }

  private firstDates(): Map<string, EpochDay> {
    if (this.firstDateOf !== undefined) return this.firstDateOf;
    const firstDateOf = new Map<string, EpochDay>();
    for (const e of this.input.events) {
      if (e.date > this.input.asOf) continue;
      const known = firstDateOf.get(e.type);
      if (known === undefined || e.date < known) firstDateOf.set(e.type, e.date);
    }
    this.firstDateOf = firstDateOf;
    return firstDateOf;
  }

  /** A precondition check (N4): warns, never refuses. */
  precondition(
    ruleSetPre: { requires: readonly string[]; code: string; message: string },
    event: EngineEvent,
    warn: Warn,
  ): void {
    for (const type of ruleSetPre.requires) {
      const first = this.firstDates().get(type);
      if (first !== undefined && first <= event.date) return;
    }
    warn(event, `${ruleSetPre.code}: ${ruleSetPre.message}`);
  }

  /**
   * Ledger-deadline events (N2.5, N2.6): an accepted close, a waiver of the ledger's code, or a floor. Returns
   * true when the event was one of them (it then has no other effect).
   */
  onLedgerEvent(event: EngineEvent, warn: Warn, guard: (when: readonly string[] | undefined) => boolean): boolean {
    for (const l of this.ledgers) {
      const rule = l.definition.dayLedger;
      if (rule === undefined) continue;
      const waiver = event.type === 'OBLIGATION_WAIVED' && event.fields.code === l.definition.code;
      const accepted = rule.acceptedBy.some((t) => t.on === event.type && guard(t.when));
      if (waiver || accepted) {
        const source = this.state.days?.(rule.source);
        const after = l.closes.length > 0 ? l.closes[l.closes.length - 1].date : Number.NEGATIVE_INFINITY;
        const check = source ? ledgerCloseCheck(source, after, event.date, rule) : 'no-counted-day';
        if (check === 'no-counted-day')
          warn(event, `no ${l.definition.code} run has a counted day on or before this date`);
        else if (check === 'before-trigger' && !waiver)
          warn(
            event,
            `${rule.beforeTriggerCode}: dated before the duty arose (12 måneders ledighedsydelse inden for 18 måneder er ikke nået)`,
          );
        else
          l.closes.push({
            date: event.date,
            how: waiver ? 'waived' : 'met',
            reason: waiver && typeof event.fields.reason === 'string' ? event.fields.reason : undefined,
          });
        return true;
      }
      if (rule.floorBy && rule.floorBy.on === event.type) {
        if (guard(rule.floorBy.when))
          l.floors.push({ date: event.date, floor: addDuration(event.date, rule.floorBy.after) });
        return true;
      }
    }
    return false;
  }

  handlesLedgerType(typeId: number): boolean {
    return this.ledgerTypes[typeId] === true;
  }

  handlesLedgerWaiver(event: EngineEvent): boolean {
    return event.type === 'OBLIGATION_WAIVED' && this.ledgers.some((l) => l.definition.code === event.fields.code);
  }

  readonly decorateOverlay = (o: Occurrence): Occurrence => ({
    ...o,
    legalBasis: { ...TRIAL_LEGAL_BASIS },
    backfilled: false,
  });

  /** The series' source for its period: the rule before its tracked date, if it names one (N1 Source). */
  static sourceOf(definition: ObligationDefinition, seriesStart: EpochDay | undefined): string {
    const cs = definition.countSeries;
    if (cs?.trackedFrom !== undefined && cs.sourceBeforeTracked !== undefined && seriesStart !== undefined)
      if (formatIsoDate(seriesStart) < cs.trackedFrom) return cs.sourceBeforeTracked;
    return definition.source;
  }

  ledgerOccurrences(asOf: EpochDay): Occurrence[] {
    const out: Occurrence[] = [];
    const publishedOn = this.migration.publishedOn;
    for (const l of this.ledgers) {
      const rule = l.definition.dayLedger;
      const source = rule ? this.state.days?.(rule.source) : undefined;
      if (!rule || !source || source.included.length === 0) continue;
      const runs = ledgerRuns({
        source,
        closes: l.closes,
        floors: l.floors,
        cancelledOn: this.cancelledOn,
        asOf,
        parameters: rule,
      });
      runs.forEach((run, i) => {
        const iso = formatIsoDate;
        const startedOn = run.start;
        const dueOn = shiftEpoch(run.nominal, startedOn);
        const remindOn = shiftEpoch(run.trigger + 1, startedOn);
        let status: OccurrenceStatus;
        if (run.closedAs === 'met') status = (run.closedOn as EpochDay) <= dueOn ? 'met' : 'met-late';
        else if (run.closedAs === 'waived') status = 'waived';
        else if (run.closedAs === 'cancelled') status = 'cancelled';
        else status = dueOn >= asOf || (run.pausedSince !== undefined && run.nominal > asOf) ? 'open' : 'overdue';
        const plainEnd = iso(addMonthsEpoch(startedOn, rule.dueAfter.amount) - 1);
        let explanation =
          `12 måneders ledighedsydelse inden for 18 måneder ${run.triggerKnown ? `nået ${iso(run.trigger)}` : `nås ${iso(run.trigger)} (foreløbig)`}` +
          `; vurderingen skal være afsluttet, når der er modtaget ledighedsydelse i 18 måneder: ${iso(startedOn)} + 18 måneder − 1 dag = ${plainEnd}`;
        if (run.pushedDays > 0) explanation += ` + ${run.pushedDays} dage uden ledighedsydelse = ${iso(run.deadline)}`;
        if (run.gap)
          explanation += `; genankret: dage uden ledighedsydelse ${iso(run.gap[0])} – ${iso(run.gap[1])} udelukker 12 måneder inden for 18 måneder før ${iso(startedOn)}`;
        if (run.floor)
          explanation += `; tilflytning ${iso(run.floor.date)}: senest 6 måneder efter flytningen = ${iso(run.floor.floor)}`;
        explanation += shiftNote(run.nominal, dueOn, startedOn);
        const o: Occurrence = {
          code: l.definition.code,
          occurrence: i + 1,
          kind: l.definition.kind,
          status,
          ruleSet: l.ruleSet.id,
          title: l.definition.taskTitle.replace('{dueOn}', iso(dueOn)),
          startedOn: iso(startedOn),
          anchorOn: iso(startedOn),
          nominalDueOn: iso(run.nominal),
          dueOn: iso(dueOn),
          remindOn: iso(remindOn),
          source: l.definition.source,
          explanation,
        };
        if (run.closedAs === 'met' || run.closedAs === 'waived') o.metOn = iso(run.closedOn as EpochDay);
        if (run.closedAs === 'cancelled') o.cancelledOn = iso(run.closedOn as EpochDay);
        if (run.pausedSince !== undefined && run.closedAs === undefined) o.pausedSince = iso(run.pausedSince);
        if (run.waiverReason !== undefined) o.waiverReason = run.waiverReason;
        o.legalBasis = legalBasisFor(l.ruleSet.id, l.definition.code, {
          k: undefined,
          seriesStart: undefined,
          flags: undefined,
        });
        o.backfilled = publishedOn !== undefined && startedOn < publishedOn;
        o.provisional = run.provisional;
        addPolicyProvenance(o, l.definition, startedOn, this.migration);
        out.push(o);
      });
    }
    return out;
  }
}

/** E's shift note (same wording as finalize-occurrence). */
export function shiftNote(nominal: EpochDay, dueOn: EpochDay, startedOn: EpochDay): string {
  const iso = formatIsoDate;
  if (dueOn !== nominal)
    return `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)} → forfalder ${weekdayNameEpoch(dueOn)} ${iso(dueOn)}`;
  if (!isWorkingDayEpoch(nominal))
    return `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)}, men fristen flyttes ikke til før startdatoen ${iso(startedOn)}`;
  return '';
}

/**
 * A switchable (policy) occurrence started while a policy decision enabled its switch names that decision: which
 * policy and which decision date made the deadline (issue 14), in its output and its Danish explanation. Decided
 * from the row's own definition while the row is built (the last key it gains), not by a second pass.
 */
function addPolicyProvenance(
  o: Occurrence,
  definition: ObligationDefinition,
  startedOn: EpochDay,
  migration: MigrationState,
): void {
  const decision = policyDecisionOf(definition, startedOn, migration);
  if (decision === undefined) return;
  o.policy = policyOf(decision);
  o.explanation += policyNote(decision);
}

/** The enabling decision in effect when a switchable occurrence started, if any. */
function policyDecisionOf(
  definition: ObligationDefinition,
  startedOn: EpochDay,
  migration: MigrationState,
): PolicyDecision | undefined {
  if (definition.switch === undefined || migration.decisions.length === 0) return undefined;
  const decision = policyDecisionOn(migration, definition.switch, startedOn);
  return decision?.enabled ? decision : undefined;
}

function policyOf(decision: PolicyDecision): NonNullable<Occurrence['policy']> {
  return {
    decisionId: decision.id,
    title: decision.title,
    decisionDate: decision.decisionDate,
    effectiveFrom: decision.effectiveFrom,
  };
}

function policyNote(decision: PolicyDecision): string {
  return `; lokal politik: ${decision.title} (besluttet ${decision.decisionDate}, gælder fra ${decision.effectiveFrom})`;
}

function periodOutcome(period: SeriesPeriod, count: number, asOf: EpochDay): LyPeriod['outcome'] {
  if (period.exemptedOn !== undefined) return 'exempted';
  if (period.heldCount >= count) return 'met';
  if (period.endedOn !== undefined && period.endedOn <= period.lastDay) return 'ended-early';
  if (period.lastDay < asOf) return 'short';
  return 'open';
}

/**
 * Finishes a migrated evaluation: applies the tracked rule and backfill start of count series (N5), numbers and
 * dates the ledger's rows, and adds the migrated row fields (O2) and periods[] (O3).
 */
export function finishMigrated(
  law: LawExtensions,
  ledger: Ledger,
  input: PreparedInput,
): { occurrences: Occurrence[]; periods: LyPeriod[]; ledgerOccurrences: Occurrence[] } {
  const periods: LyPeriod[] = [];
  const reported: Array<{ period: SeriesPeriod; entry: LyPeriod }> = [];
  for (const period of law.periods) {
    const first = period.records[0];
    const cs = first.definition.countSeries;
    if (cs === undefined || first.dropped) continue; // a zero-length first occurrence drops the period (W30)
    const trackedFrom = cs.trackedFrom === undefined ? undefined : parseDay(cs.trackedFrom);
    if (trackedFrom !== undefined) {
      const tracked =
        period.lastDay >= trackedFrom &&
        !(period.endedOn !== undefined && period.endedOn <= Math.max(period.start, trackedFrom));
      if (!tracked) {
        for (const rec of period.records) rec.dropped = true;
        continue;
      }
      for (const rec of period.records) if (rec.startedOn < trackedFrom) rec.startedOn = trackedFrom; // N5 backfill
    }
    if (!cs.reportPeriods) continue;
    const iso = formatIsoDate;
    const entry: LyPeriod = {
      code: first.code,
      periodStart: iso(period.start),
      lastDay: iso(period.lastDay),
      heldCount: period.heldCount,
      outcome: periodOutcome(period, cs.count, input.asOf),
      exemptedOn: period.exemptedOn === undefined ? null : iso(period.exemptedOn),
      exemptionReason: period.exemptionReason ?? null,
      endedOn: period.endedOn === undefined ? null : iso(period.endedOn),
      source: LawExtensions.sourceOf(first.definition, period.start),
    };
    reported.push({ period, entry });
  }
  reported.sort((a, b) => a.period.start - b.period.start);
  for (const r of reported) periods.push(r.entry);

  const { migration } = law;
  const publishedOn = migration.publishedOn;
  const occurrences = finalizeOccurrences(ledger.records, input.asOf, (rec, into) => {
    const definition = rec.definition;
    into.source = definition.countSeries ? LawExtensions.sourceOf(definition, rec.seriesStart) : definition.source;
    into.k = rec.k;
    into.legalBasis =
      fixedLegalBasis(rec.ruleSet.id, rec.code) ??
      legalBasisFor(rec.ruleSet.id, rec.code, {
        k: rec.k,
        seriesStart: rec.seriesStart === undefined ? undefined : formatIsoDate(rec.seriesStart),
        flags: rec.flags,
      });
    into.backfilled =
      publishedOn !== undefined &&
      rec.startedOn < publishedOn &&
      (definition.backfillable === true || (rec.flags ?? []).includes('backfillable'));
    const decision = policyDecisionOf(definition, rec.startedOn, migration);
    into.policy = decision === undefined ? undefined : policyOf(decision);
    into.explanationNote = decision === undefined ? '' : policyNote(decision);
  });
  return { occurrences, periods, ledgerOccurrences: law.ledgerOccurrences(input.asOf) };
}

function parseDay(iso: string): EpochDay {
  return parseIsoDate(iso);
}
