/** The occurrences of one evaluation: at most one open per code (C5), creation order kept for numbering. */
import { type OpenOccurrenceView, obligationCodeId, registeredCodeCount } from '../case-types/case-type';
import { type EpochDay, addMonthsEpoch } from '../dates/iso-date';
import { type Duration, type ObligationDefinition, type RuleSet, type RuleSetSelector } from '../rule-sets/rule-set';
import { type CompiledDefinition, compileDefinition } from './compiled-rule-set';

export type CaseStateView = OpenOccurrenceView;

export interface PauseRecord {
  from: EpochDay;
  to?: EpochDay;
}

/**
 * One occurrence while the events are processed. A class with every field initialised up front, so all records
 * share one hidden class and the hot loops stay monomorphic.
 */
export class OccurrenceRecord {
  // `declare` + constructor assignments: native class-field initialisers are measurably slower to construct.
  declare readonly seq: number;
  declare readonly code: string;
  declare definition: ObligationDefinition;
  declare compiled: CompiledDefinition;
  declare ruleSet: RuleSet;
  declare startedOn: EpochDay;
  declare anchorOn: EpochDay;
  declare anchorLabel: string;
  /** Series index k and series start S (D8). */
  declare k: number | undefined;
  declare seriesStart: EpochDay | undefined;
  /** Per-case override of the due duration's amount, fixed when the occurrence is created (C4 CONTACT_CADENCE_SET). */
  declare overrideAmount: number | undefined;
  declare pauses: PauseRecord[] | undefined;
  declare closedAs: 'met' | 'waived' | 'cancelled' | undefined;
  declare closedOn: EpochDay | undefined;
  declare waiverReason: string | undefined;
  /** Cancelled on its own startedOn: zero-length, not reported (C5). */
  declare dropped: boolean;
  /** Count series (law-2026 N0.5): the window's last day L and the period the occurrence belongs to. */
  declare seriesEnd: EpochDay | undefined;
  declare period: SeriesPeriod | undefined;
  /** Flags set by start triggers or events (legal-basis variants, backfill), e.g. 'brought-forward'. */
  declare flags: string[] | undefined;
  /** law-2026: a nominal date fixed by events (a date field, a request, a restart) instead of the formula. */
  declare fixedNominal: EpochDay | undefined;
  /** law-2026: the whole explanation (a start with its own formula), and notes events append to it (R2, R5). */
  declare explanationText: string | undefined;
  declare explanationNote: string | undefined;

  constructor(seq: number, compiled: CompiledDefinition, ruleSet: RuleSet, date: EpochDay, anchorLabel: string) {
    this.seq = seq;
    this.code = compiled.definition.code;
    this.definition = compiled.definition;
    this.compiled = compiled;
    this.ruleSet = ruleSet;
    this.startedOn = date;
    this.anchorOn = date;
    this.anchorLabel = anchorLabel;
    this.k = undefined;
    this.seriesStart = undefined;
    this.overrideAmount = undefined;
    this.pauses = undefined;
    this.closedAs = undefined;
    this.closedOn = undefined;
    this.waiverReason = undefined;
    this.dropped = false;
    this.seriesEnd = undefined;
    this.period = undefined;
    this.flags = undefined;
    this.fixedNominal = undefined;
    this.explanationText = undefined;
    this.explanationNote = undefined;
  }
}

/** One window [S, L] of a count series (law-2026 N1.1, O3), with its counted talks and outcome facts. */
export class SeriesPeriod {
  heldCount = 0;
  exemptedOn: EpochDay | undefined = undefined;
  exemptionReason: string | undefined = undefined;
  endedOn: EpochDay | undefined = undefined;
  readonly records: OccurrenceRecord[] = [];

  constructor(
    readonly codeId: number,
    public start: EpochDay,
    public lastDay: EpochDay,
  ) {}

  get running(): boolean {
    return this.endedOn === undefined;
  }
}

export function addDuration(from: EpochDay, d: Duration): EpochDay {
  switch (d.unit) {
    case 'days':
      return from + d.amount;
    case 'weeks':
      return from + 7 * d.amount;
    case 'months':
      return addMonthsEpoch(from, d.amount);
  }
}

export class Ledger {
  readonly records: OccurrenceRecord[] = [];
  /** Open occurrence per obligationCodeId (C5: at most one per code). Maps churn badly under set/delete. */
  private readonly openByCode: Array<OccurrenceRecord | undefined>;
  readonly view: CaseStateView;

  constructor(private readonly selector: RuleSetSelector) {
    // Dense from the start (explicit undefined, no holes), sized for every code registered so far.
    this.openByCode = new Array<OccurrenceRecord | undefined>(registeredCodeCount()).fill(undefined);
    this.view = {
      isOpen: (code) => this.openByCode[obligationCodeId(code)] !== undefined,
      isPaused: (code) => {
        const occ = this.openByCode[obligationCodeId(code)];
        return occ !== undefined && this.hasOpenPause(occ);
      },
      series: (code) => {
        const occ = this.openByCode[obligationCodeId(code)];
        return occ === undefined ? undefined : { k: occ.k, start: occ.seriesStart, lastDay: occ.seriesEnd };
      },
    };
  }

  /**
   * The open occurrences as a live table indexed by obligationCodeId, with undefined where none is open. Callers
   * skip the gaps; the order carries no meaning (numbering follows `records`).
   */
  openTable(): ReadonlyArray<OccurrenceRecord | undefined> {
    return this.openByCode;
  }

  /** A snapshot list of the open occurrences (for the rare paths that close while iterating). */
  openRecords(): OccurrenceRecord[] {
    const list: OccurrenceRecord[] = [];
    for (const occ of this.openByCode) if (occ !== undefined) list.push(occ);
    return list;
  }

  /** The code's most recent occurrence, open or closed (a resumed series, law-2026 R6). */
  lastOf(codeId: number): OccurrenceRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--)
      if (this.records[i].compiled.codeId === codeId) return this.records[i];
    return undefined;
  }

  isOpenId(codeId: number): boolean {
    return this.openByCode[codeId] !== undefined;
  }

  private markClosed(occ: OccurrenceRecord): void {
    this.openByCode[occ.compiled.codeId] = undefined;
  }

  start(
    compiled: CompiledDefinition,
    ruleSet: RuleSet,
    date: EpochDay,
    anchorLabel: string,
    previous: OccurrenceRecord | undefined,
    overrideAmount: number | undefined,
  ): OccurrenceRecord {
    const definition = compiled.definition;
    const occ = new OccurrenceRecord(this.records.length, compiled, ruleSet, date, anchorLabel);
    if (definition.series) {
      occ.k = previous ? (previous.k ?? 0) + 1 : 1;
      occ.seriesStart = previous?.seriesStart ?? date;
    }
    // D10: a renewed period starts where the previous one ends, not at the decision date.
    if (definition.renewal && previous) occ.anchorOn = addDuration(previous.anchorOn, definition.renewal.period);
    if (overrideAmount !== undefined && definition.due.override) occ.overrideAmount = overrideAmount;
    this.records.push(occ);
    while (this.openByCode.length <= compiled.codeId) this.openByCode.push(undefined); // stays dense
    this.openByCode[compiled.codeId] = occ;
    return occ;
  }

  close(occ: OccurrenceRecord, how: 'met' | 'waived', date: EpochDay, waiverReason: string | undefined): void {
    occ.closedAs = how;
    occ.closedOn = date;
    if (waiverReason !== undefined) occ.waiverReason = waiverReason;
    this.markClosed(occ);
  }

  cancel(occ: OccurrenceRecord, date: EpochDay): void {
    occ.closedAs = 'cancelled';
    occ.closedOn = date;
    occ.dropped = date === occ.startedOn;
    this.markClosed(occ);
  }

  /** BENEFIT_STARTED on an implicit spell: startedOn = anchorOn = date; earlier pauses were not days on benefit (X1). */
  reanchor(occ: OccurrenceRecord, date: EpochDay, anchorLabel: string): void {
    occ.startedOn = date;
    occ.anchorOn = date;
    occ.anchorLabel = anchorLabel;
    occ.pauses = undefined;
    const ruleSet = this.selector.governing(date);
    const definition = this.selector.definition(ruleSet, occ.code);
    if (definition) {
      occ.ruleSet = ruleSet;
      occ.definition = definition;
      occ.compiled = compileDefinition(definition);
    }
  }

  hasOpenPause(occ: OccurrenceRecord): boolean {
    const pauses = occ.pauses;
    return pauses !== undefined && pauses.length > 0 && pauses[pauses.length - 1].to === undefined;
  }

  openPause(occ: OccurrenceRecord, date: EpochDay): void {
    (occ.pauses ??= []).push({ from: date });
  }

  /** The most recent occurrence with an open pause that this event type resumes, open or already closed (X2). */
  latestWithOpenPause(resumeType: string): OccurrenceRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const occ = this.records[i];
      if (occ.definition.due.pause?.resumedBy === resumeType && this.hasOpenPause(occ)) return occ;
    }
    return undefined;
  }

  closePause(occ: OccurrenceRecord, date: EpochDay): void {
    const pauses = occ.pauses;
    if (pauses && pauses.length > 0) pauses[pauses.length - 1].to = date;
  }
}
