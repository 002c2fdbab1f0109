/** The occurrences of one evaluation: at most one open per code (C5), creation order kept for numbering. */
import { type OpenOccurrenceView } from '../case-types/case-type';
import { type EpochDay, addMonthsEpoch } from '../dates/iso-date';
import { type Duration, type ObligationDefinition, type RuleSet, type RuleSetSelector } from '../rule-sets/rule-set';

export type CaseStateView = OpenOccurrenceView;

export interface PauseRecord {
  from: EpochDay;
  to?: EpochDay;
}

export interface OccurrenceRecord {
  readonly seq: number;
  readonly code: string;
  definition: ObligationDefinition;
  ruleSet: RuleSet;
  startedOn: EpochDay;
  anchorOn: EpochDay;
  anchorLabel: string;
  /** Series index k and series start S (D8). */
  k?: number;
  seriesStart?: EpochDay;
  /** Per-case override of the due duration's amount, fixed when the occurrence is created (C4 CONTACT_CADENCE_SET). */
  overrideAmount?: number;
  pauses?: PauseRecord[];
  closedAs?: 'met' | 'waived' | 'cancelled';
  closedOn?: EpochDay;
  waiverReason?: string;
  /** Cancelled on its own startedOn: zero-length, not reported (C5). */
  dropped: boolean;
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
  private readonly open = new Map<string, OccurrenceRecord>();
  readonly view: CaseStateView;

  constructor(private readonly selector: RuleSetSelector) {
    this.view = {
      isOpen: (code) => this.open.has(code),
      isPaused: (code) => {
        const occ = this.open.get(code);
        return occ !== undefined && this.hasOpenPause(occ);
      },
    };
  }

  openRecords(): OccurrenceRecord[] {
    return Array.from(this.open.values());
  }

  start(
    definition: ObligationDefinition,
    ruleSet: RuleSet,
    date: EpochDay,
    anchorLabel: string,
    previous: OccurrenceRecord | undefined,
    overrideAmount: number | undefined,
  ): OccurrenceRecord {
    const occ: OccurrenceRecord = {
      seq: this.records.length,
      code: definition.code,
      definition,
      ruleSet,
      startedOn: date,
      anchorOn: date,
      anchorLabel,
      dropped: false,
    };
    if (definition.series) {
      occ.k = previous ? (previous.k ?? 0) + 1 : 1;
      occ.seriesStart = previous?.seriesStart ?? date;
    }
    // D10: a renewed period starts where the previous one ends, not at the decision date.
    if (definition.renewal && previous) occ.anchorOn = addDuration(previous.anchorOn, definition.renewal.period);
    if (overrideAmount !== undefined && definition.due.override) occ.overrideAmount = overrideAmount;
    this.records.push(occ);
    this.open.set(definition.code, occ);
    return occ;
  }

  close(occ: OccurrenceRecord, how: 'met' | 'waived', date: EpochDay, waiverReason: string | undefined): void {
    occ.closedAs = how;
    occ.closedOn = date;
    if (waiverReason !== undefined) occ.waiverReason = waiverReason;
    this.open.delete(occ.code);
  }

  cancel(occ: OccurrenceRecord, date: EpochDay): void {
    occ.closedAs = 'cancelled';
    occ.closedOn = date;
    occ.dropped = date === occ.startedOn;
    this.open.delete(occ.code);
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
