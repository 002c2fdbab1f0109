/**
 * A ledger deadline over a sliding window (law-2026 N0.5, N2): counted days (e.g. days on ledighedsydelse) come
 * from the case type's state; the duty arises on T + 1, T being the first day on which the counted days of the last
 * `within` reach the calendar days of the last `reach`; it is due on the day the counted days from R (the earliest
 * counted day of T's window) reach the calendar days of `dueAfter` − 1 day. Runs are split by accepted closes.
 *
 * Days after a run's cut-off (asOf while open, the closing date when met or waived, the day before a case
 * closure) are assumed counted (N2.4). The engine iterates days (N0.5 allows it), with prefix sums, so a run
 * costs O(days it spans).
 */
import { type DayInterval, type DaySource } from '../case-types/case-type';
import { type EpochDay, addMonthsEpoch } from '../dates/iso-date';
import { type Duration } from '../rule-sets/rule-set';
import { addDuration } from './occurrence-ledger';

export interface LedgerClose {
  readonly date: EpochDay;
  readonly how: 'met' | 'waived';
  readonly reason: string | undefined;
}

export interface LedgerFloor {
  readonly date: EpochDay;
  readonly floor: EpochDay;
}

export interface LedgerParameters {
  readonly reach: Duration;
  readonly within: Duration;
  readonly dueAfter: Duration;
}

/** One run's computed dates (all epoch days). */
export interface LedgerRun {
  /** R: startedOn = anchorOn. */
  readonly start: EpochDay;
  readonly trigger: EpochDay;
  /** T ≤ cut-off: the trigger is known, not assumed. */
  readonly triggerKnown: boolean;
  /** D before floors, the plain R + dueAfter − 1 day, and the counted days that pushed it. */
  readonly deadline: EpochDay;
  readonly plainDeadline: EpochDay;
  readonly pushedDays: number;
  /** max(D, floor) and the floor that won, if any. */
  readonly nominal: EpochDay;
  readonly floor: LedgerFloor | undefined;
  /** The gap before R when the window re-anchored past the run's first counted day (N2.7). */
  readonly gap: readonly [EpochDay, EpochDay] | undefined;
  readonly closedAs: 'met' | 'waived' | 'cancelled' | undefined;
  readonly closedOn: EpochDay | undefined;
  readonly waiverReason: string | undefined;
  /** Open runs: the first non-counted day of the stretch running at asOf (N2.4). */
  readonly pausedSince: EpochDay | undefined;
  readonly provisional: boolean;
}

/** Real counted days of a source as a bitmap from `origin`, plus prefix sums; days after `last` are unknown. */
class DayBitmap {
  readonly origin: EpochDay;
  readonly last: EpochDay;
  private readonly counted: Uint8Array;

  constructor(source: DaySource, last: EpochDay) {
    let origin = last + 1;
    for (const i of source.included) if (i.from < origin) origin = i.from;
    this.origin = origin;
    this.last = last;
    const n = Math.max(0, last - origin + 1);
    const counted = new Uint8Array(n);
    const mark = (interval: DayInterval, value: 0 | 1) => {
      const from = Math.max(interval.from, origin);
      const to = Math.min(interval.to ?? last + 1, last + 1);
      for (let d = from; d < to; d++) counted[d - origin] = value;
    };
    for (const i of source.included) mark(i, 1);
    for (const e of source.excluded) mark(e, 0);
    this.counted = counted;
  }

  isCounted(day: EpochDay): boolean {
    return day >= this.origin && day <= this.last && this.counted[day - this.origin] === 1;
  }
}

/**
 * The counted days of one run: real days in (after, cutoff], every day after the cut-off assumed. `count(x)` is the
 * number of counted days ≤ x (prefix sums over the real part).
 */
class RunDays {
  private readonly prefix: Int32Array;
  readonly first: EpochDay | undefined;
  readonly lastReal: EpochDay | undefined;

  constructor(
    private readonly bitmap: DayBitmap,
    private readonly after: EpochDay,
    readonly cutoff: EpochDay,
  ) {
    const from = bitmap.origin;
    const n = Math.max(0, cutoff - from + 1);
    const prefix = new Int32Array(n + 1);
    let first: EpochDay | undefined;
    let lastReal: EpochDay | undefined;
    for (let i = 0; i < n; i++) {
      const d = from + i;
      const c = d > after && bitmap.isCounted(d) ? 1 : 0;
      if (c === 1) {
        if (first === undefined) first = d;
        lastReal = d;
      }
      prefix[i + 1] = prefix[i] + c;
    }
    this.prefix = prefix;
    this.first = first;
    this.lastReal = lastReal;
  }

  /** Counted days ≤ x. */
  count(x: EpochDay): number {
    const from = this.bitmap.origin;
    if (x < from) return 0;
    const n = this.prefix.length - 1;
    if (x - from < n) return this.prefix[x - from + 1];
    return this.prefix[n] + (x - Math.max(this.cutoff, from - 1)); // assumed days after the cut-off
  }

  isCounted(day: EpochDay): boolean {
    if (day <= this.after) return false;
    return day > this.cutoff ? true : this.bitmap.isCounted(day);
  }
}

interface TriggerDates {
  trigger: EpochDay;
  start: EpochDay;
}

/** T and R of a run (N2.2, N2.3); undefined without a counted day. */
function triggerOf(days: RunDays, p: LedgerParameters): TriggerDates | undefined {
  if (days.first === undefined) return undefined;
  const withinMonths = p.within.unit === 'months';
  const reachMonths = p.reach.unit === 'months';
  const back = (d: EpochDay, duration: Duration, months: boolean) =>
    months ? addMonthsEpoch(d, -duration.amount) : d - (duration.unit === 'weeks' ? 7 : 1) * duration.amount;
  // Bounded: after the cut-off every day counts, so W reaches Θ within `within` of it.
  const limit = Math.max(days.cutoff, days.first) + addDuration(0, p.within) + 400;
  for (let d = days.first; d <= limit; d++) {
    const windowStart = back(d, p.within, withinMonths); // (d − within) + 1 day is the first day of the window
    const counted = days.count(d) - days.count(windowStart);
    const needed = d - back(d, p.reach, reachMonths);
    if (counted >= needed) {
      let start = windowStart + 1;
      while (!days.isCounted(start)) start++;
      return { trigger: d, start };
    }
  }
  return undefined;
}

/** D (N2.3): the first day on which the counted days in [R, D] reach the calendar days of [R, R + dueAfter − 1]. */
function deadlineOf(days: RunDays, start: EpochDay, p: LedgerParameters): { deadline: EpochDay; plain: EpochDay } {
  const plain = addDuration(start, p.dueAfter) - 1;
  const needed = plain - start + 1;
  const before = days.count(start - 1);
  let d = start + needed - 1;
  while (days.count(d) - before < needed) d += needed - (days.count(d) - before);
  return { deadline: d, plain };
}

export interface LedgerComputation {
  readonly source: DaySource;
  readonly closes: readonly LedgerClose[];
  readonly floors: readonly LedgerFloor[];
  /** CASE_CLOSED date: cancels the open run; its cut-off is the day before. */
  readonly cancelledOn: EpochDay | undefined;
  readonly asOf: EpochDay;
  readonly parameters: LedgerParameters;
}

function lastClosedDay(source: DaySource, fallback: EpochDay): EpochDay {
  let last = fallback;
  for (const i of source.included) if (i.to !== undefined && i.to - 1 > last) last = i.to - 1;
  return last;
}

/** Every run of the ledger, in run order (N2.4). */
export function ledgerRuns(c: LedgerComputation): LedgerRun[] {
  const bitmap = new DayBitmap(c.source, lastClosedDay(c.source, c.asOf));
  const runs: LedgerRun[] = [];
  let after = Number.NEGATIVE_INFINITY;
  const segments: Array<{ close: LedgerClose | undefined }> = [
    ...c.closes.map((close) => ({ close })),
    { close: undefined },
  ];
  for (const { close } of segments) {
    const cancelled = close === undefined && c.cancelledOn !== undefined;
    const cutoff = close ? close.date : cancelled ? c.cancelledOn - 1 : c.asOf;
    const days = new RunDays(bitmap, after, cutoff);
    const found = triggerOf(days, c.parameters);
    if (found !== undefined && days.first !== undefined) {
      let { start } = found;
      const open = close === undefined && !cancelled;
      // N2.4: when every real day is dead (R is an assumed day), keep the R of the last real counted day.
      if (open && start > cutoff && days.lastReal !== undefined) {
        const kept = triggerOf(new RunDays(bitmap, after, days.lastReal), c.parameters);
        if (kept !== undefined) start = kept.start;
      }
      const { deadline, plain } = deadlineOf(days, start, c.parameters);
      let nominal = deadline;
      let floor: LedgerFloor | undefined;
      for (const f of c.floors)
        if (f.date > after && f.date <= cutoff + (open ? Number.POSITIVE_INFINITY : 0) && f.floor > nominal) {
          nominal = f.floor;
          floor = f;
        }
      let gap: [EpochDay, EpochDay] | undefined;
      if (start > days.first) {
        let gapStart = start - 1;
        while (gapStart > days.first && !days.isCounted(gapStart - 1)) gapStart--;
        gap = [gapStart, start - 1];
      }
      let pausedSince: EpochDay | undefined;
      if (open && !days.isCounted(c.asOf) && c.asOf > days.first) {
        let d = c.asOf;
        while (d - 1 > days.first && !days.isCounted(d - 1)) d--;
        pausedSince = d;
      }
      runs.push({
        start,
        trigger: found.trigger,
        triggerKnown: found.trigger <= cutoff,
        deadline,
        plainDeadline: plain,
        pushedDays: deadline - plain,
        nominal,
        floor,
        gap,
        closedAs: close ? close.how : cancelled ? 'cancelled' : undefined,
        closedOn: close ? close.date : cancelled ? c.cancelledOn : undefined,
        waiverReason: close?.reason,
        pausedSince,
        provisional: open && (found.trigger > c.asOf || deadline > c.asOf || nominal > c.asOf),
      });
    }
    if (close) after = close.date;
  }
  return runs;
}

/**
 * Whether a closing event on `date` is accepted (N2.5): the run (days after `after`) needs a counted day on or
 * before the date, and T + 1 ≤ date with T as known that day (real days to the day before, later days assumed).
 */
export function ledgerCloseCheck(
  source: DaySource,
  after: EpochDay,
  date: EpochDay,
  parameters: LedgerParameters,
): 'accepted' | 'no-counted-day' | 'before-trigger' {
  const bitmap = new DayBitmap(source, date);
  const upToDate = new RunDays(bitmap, after, date);
  if (upToDate.first === undefined) return 'no-counted-day';
  const known = triggerOf(new RunDays(bitmap, after, date - 1), parameters);
  return known !== undefined && known.trigger + 1 <= date ? 'accepted' : 'before-trigger';
}
