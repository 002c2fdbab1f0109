/**
 * Occurrence lifecycle: what one accepted event does to the occurrences — pauses them (B5, N0.4), meets, waives or
 * cancels them (C4, M7), holds a meeting for the next occurrence (C4 pending), re-anchors them (D10, N1.1) and
 * starts new ones (C4, D8, N0.5). Guards are decided against the case state before the event is applied.
 */
import { type CaseState, type EngineEvent, obligationCodeId } from '../case-types/case-type';
import { type EpochDay } from '../dates/iso-date';
import { type RuleSetSelector } from '../rule-sets/rule-set';
import { type CompiledRuleSet, type CompiledTrigger } from './compiled-rule-set';
import { type LawExtensions } from './law-extensions';
import { type CaseStateView, Ledger, type OccurrenceRecord, addDuration } from './occurrence-ledger';
import { type EventTypeTables, eventTypeTables } from './rule-set-tables';
import { firstHolding, guardHolds, triggerHolds } from './trigger-guards';
import { formatIsoDate } from '../dates/iso-date';

export type Warn = (event: EngineEvent, reason: string) => void;
type CloseKind = 'met' | 'waived' | 'cancelled';

export class OccurrenceLifecycle {
  readonly ledger: Ledger;
  readonly view: CaseStateView;
  private readonly tables: EventTypeTables;
  // By obligationCodeId: a held (pending) meeting date, and a per-case duration override.
  private readonly pending = new Array<EpochDay | undefined>(32).fill(undefined);
  private readonly overrides = new Array<number | undefined>(32).fill(undefined);
  // Which codes the current event started: startedAt[codeId] === the event's sequence number (no per-event arrays).
  private readonly startedAt = new Array<number>(32).fill(-1);
  private eventSeq = -1;
  // Scratch lists reused with explicit counts: these steps run for every event of every evaluation.
  private readonly closes: OccurrenceRecord[] = [];
  private readonly closeKinds: CloseKind[] = [];
  private nCloses = 0;
  private readonly closedNow: OccurrenceRecord[] = [];
  private nClosed = 0;

  /** For the case state's transition: did the current event start an occurrence of this code? */
  readonly started = (code: string): boolean => this.startedAt[obligationCodeId(code)] === this.eventSeq;

  constructor(
    selector: RuleSetSelector,
    private readonly state: CaseState,
    private readonly law: LawExtensions | undefined,
    private readonly warn: Warn,
  ) {
    this.ledger = new Ledger(selector);
    this.view = this.ledger.view;
    this.tables = eventTypeTables(selector);
  }

  /** Starts the bookkeeping of the event with this sequence number (its position in processing order). */
  beginEvent(seq: number): void {
    this.eventSeq = seq;
    this.nCloses = 0;
    this.nClosed = 0;
  }

  suspends(typeId: number): boolean {
    return this.tables.suspend[typeId];
  }

  resumes(typeId: number): boolean {
    return this.tables.resume[typeId];
  }

  /** The closing event cancels everything open. */
  cancelAll(date: EpochDay): void {
    for (const occ of this.ledger.openRecords()) this.ledger.cancel(occ, date);
  }

  /** B5: a suspension pauses the latest open pausable occurrence; warns when there is none or it is paused. */
  pause(event: EngineEvent): void {
    let occ: OccurrenceRecord | undefined;
    for (const o of this.ledger.openRecords()) if (o.definition.due.pause?.suspendedBy === event.type) occ = o;
    if (!occ) this.warn(event, 'no open obligation that this suspension can pause (other-actor-12m)');
    else if (this.ledger.hasOpenPause(occ)) this.warn(event, `${occ.code} is already paused`);
    else this.ledger.openPause(occ, event.date);
  }

  /** N0.4 (migrated): a suspension pauses every open, unpaused occurrence it can; the case state's gate warned. */
  pauseAll(event: EngineEvent): void {
    for (const o of this.ledger.openRecords())
      if (o.definition.due.pause?.suspendedBy === event.type && !this.ledger.hasOpenPause(o))
        this.ledger.openPause(o, event.date);
  }

  /** Ends the most recent open pause this event type resumes (X2), optionally warning when there is none. */
  resume(event: EngineEvent, warnIfNone: boolean): void {
    const occ = this.ledger.latestWithOpenPause(event.type);
    if (occ) this.ledger.closePause(occ, event.date);
    else if (warnIfNone) this.warn(event, 'no suspended benefit to resume');
  }

  /** C4 CONTACT_CADENCE_SET and the like: a per-case due duration, fixed when the next occurrence starts. */
  recordOverrides(event: EngineEvent, ruleSet: CompiledRuleSet): void {
    const fields = ruleSet.overrides[event.typeId];
    if (fields)
      for (const [code, field] of fields) this.overrides[obligationCodeId(code)] = event.fields[field] as number;
  }

  /**
   * Decides which open occurrences the event meets, waives or cancels (applied by applyCloses) and applies the
   * case-level exemptions (M7). Returns whether the event fulfils anything.
   */
  decideCloses(event: EngineEvent, ruleSet: CompiledRuleSet): boolean {
    const typeId = event.typeId;
    const { ledger, state, view } = this;
    let fulfils = false;
    const open = ledger.openTable();
    const exemption = this.law === undefined ? undefined : ruleSet.exemptions[typeId];
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
    const candidates = this.tables.effectCodes[typeId]; // ascending code ids, as a scan of the open table would visit
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
      this.closes[this.nCloses] = occ;
      this.closeKinds[this.nCloses] = how;
      this.nCloses++;
    }
    return fulfils;
  }

  /** C4 pending: a fulfilment with nothing to meet is held for the next occurrence it would meet. */
  holdForNext(event: EngineEvent, ruleSet: CompiledRuleSet): boolean {
    let held = false;
    for (const { compiled, triggers } of ruleSet.pending[event.typeId] ?? [])
      if (firstHolding(triggers, compiled.definition.code, event, this.state, this.view)) {
        this.pending[compiled.codeId] = event.date;
        held = true;
      }
    return held;
  }

  /** Applies what decideCloses decided. */
  applyCloses(event: EngineEvent): void {
    for (let i = 0; i < this.nCloses; i++) {
      const occ = this.closes[i];
      const how = this.closeKinds[i];
      if (how === 'cancelled') this.ledger.cancel(occ, event.date);
      else {
        this.ledger.close(occ, how, event.date, how === 'waived' ? textField(event, 'reason') : undefined);
        this.closedNow[this.nClosed++] = occ;
      }
    }
  }

  /** law-2026 R2, R5: events that move an open occurrence's due date. */
  adjustDue(event: EngineEvent): void {
    if (this.law !== undefined && this.law.adjustsType(event.typeId))
      this.law.adjustDue(event, this.ledger.openTable());
  }

  /** D10, N1.1: moves the open occurrences this event re-anchors. */
  reanchor(event: EngineEvent): void {
    const typeId = event.typeId;
    if (!this.tables.reanchor[typeId]) return;
    const { ledger, state, view, law } = this;
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
    if (law !== undefined) this.warnUnmovedPeriods(law, moved, event);
  }

  /** C4: starts each obligation the event starts, unless one of its code is open; D8/N0.5 series continue. */
  startObligations(event: EngineEvent, ruleSet: CompiledRuleSet): void {
    const starts = ruleSet.starts[event.typeId];
    if (!starts) return;
    const { ledger, state, view, law } = this;
    for (const dt of starts) {
      const { compiled, triggers } = dt;
      const def = compiled.definition;
      if (ledger.isOpenId(compiled.codeId)) continue; // "starts X" only if no X is open (C4)
      if (law !== undefined && law.switchedOff(def, event.date)) continue; // N0.1 switches, read at creation
      let previous: OccurrenceRecord | undefined;
      for (let i = 0; i < this.nClosed; i++) if (this.closedNow[i].code === def.code) previous = this.closedNow[i];
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
        this.overrides[compiled.codeId],
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
      this.startedAt[compiled.codeId] = this.eventSeq;
      const heldOn = this.pending[compiled.codeId];
      if (heldOn !== undefined) {
        ledger.close(occ, 'met', heldOn, undefined);
        this.pending[compiled.codeId] = undefined;
      }
    }
  }

  /**
   * N1.1: an event that re-anchors a running count-series period but could not move it (a talk was counted or the
   * first occurrence is closed) warns with the series' code; the event keeps its other effects.
   */
  private warnUnmovedPeriods(law: LawExtensions, moved: readonly number[], event: EngineEvent): void {
    for (const period of law.periods) {
      if (!period.running || moved.includes(period.codeId) || law.runningPeriod(period.codeId) !== period) continue;
      const definition = period.records[0].definition;
      const code = definition.countSeries?.ambiguousReanchorCode;
      if (code === undefined) continue;
      const triggers = definition.reanchoredBy ?? [];
      if (
        !triggers.some(
          (t) =>
            t.on === event.type &&
            (t.when ?? []).every((g) => guardHolds(g, definition.code, event, this.state, this.view)),
        )
      )
        continue;
      this.warn(
        event,
        `${code}: a talk has already been counted or the first talk is closed; the period start stays ${formatIsoDate(period.start)}`,
      );
    }
  }
}

export function textField(event: EngineEvent, field: string): string | undefined {
  const value = event.fields[field];
  return typeof value === 'string' ? value : undefined;
}
