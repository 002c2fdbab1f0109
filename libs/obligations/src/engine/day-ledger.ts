/**
 * A ledger deadline over a sliding window (law-2026 N0.5, N2): counted days (e.g. days on ledighedsydelse) come
 * from the case type's state; the duty arises on T + 1, T being the first day on which the counted days of the last
 * `within` reach the calendar days of the last `reach`; it is due on the day the counted days from R (the earliest
 * counted day of T's window) reach the calendar days of `dueAfter` − 1 day. Runs are split by accepted closes.
 *
 * Days after a run's cut-off (asOf while open, the closing date when met or waived, the day before a case
 * closure) are assumed counted (N2.4). The real counted days are kept as intervals with cumulative counts (N0.5
 * allows iterating days; an index over the source's intervals gives the same counts without a per-day pass).
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

/** Sorted, merged [from, to) intervals (to = undefined: up to `end`), clipped to end before `end`. */
function mergedIntervals(intervals: readonly DayInterval[], end: EpochDay): Array<[EpochDay, EpochDay]> {
  const clipped: Array<[EpochDay, EpochDay]> = [];
  for (const i of intervals) {
    const to = Math.min(i.to ?? end, end);
    if (i.from < to) clipped.push([i.from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  const merged: Array<[EpochDay, EpochDay]> = [];
  for (const c of clipped) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && c[0] <= prev[1]) prev[1] = Math.max(prev[1], c[1]);
    else merged.push([c[0], c[1]]);
  }
  return merged;
}

/**
 * Real counted days of a source up to `last` (days after it are unknown): included minus excluded, as sorted
 * disjoint intervals with cumulative counts. Queries binary-search the intervals, so building and asking cost
 * O(intervals), not O(days since the first counted day), every evaluation.
 */
export class CountedDays {
  readonly last: EpochDay;
  /** Counted day stretches [starts[i], ends[i]), sorted and disjoint. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** before[i] = counted days in the stretches before i. */
  private readonly before: number[] = [];

  constructor(source: DaySource, last: EpochDay) {
    this.last = last;
    const end = last + 1;
    const excluded = mergedIntervals(source.excluded, end);
    let e = 0;
    let total = 0;
    for (const [from, to] of mergedIntervals(source.included, end)) {
      let cursor = from;
      while (e < excluded.length && excluded[e][1] <= cursor) e++;
      for (let j = e; j < excluded.length && excluded[j][0] < to && cursor < to; j++) {
        if (excluded[j][0] > cursor) this.push(cursor, excluded[j][0], total);
        total += Math.max(0, excluded[j][0] - cursor);
        cursor = Math.max(cursor, excluded[j][1]);
      }
      if (cursor < to) {
        this.push(cursor, to, total);
        total += to - cursor;
      }
    }
  }

  private push(from: EpochDay, to: EpochDay, before: number): void {
    this.starts.push(from);
    this.ends.push(to);
    this.before.push(before);
  }

  /** Index of the last stretch starting on or before x, or −1. */
  private stretchAt(x: EpochDay): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Real counted days ≤ x. */
  countTo(x: EpochDay): number {
    const i = this.stretchAt(x);
    if (i < 0) return 0;
    return this.before[i] + Math.min(x + 1, this.ends[i]) - this.starts[i];
  }

  /** The first real counted day in (after, to], if any. */
  firstCounted(after: EpochDay, to: EpochDay): EpochDay | undefined {
    const end = Math.min(to, this.last);
    let i = Number.isFinite(after) ? this.stretchAt(after) : -1;
    if (i >= 0 && this.ends[i] > after + 1) return after + 1 <= end ? after + 1 : undefined;
    i++;
    return i < this.starts.length && this.starts[i] <= end ? this.starts[i] : undefined;
  }

  /** The last real counted day in (after, to], if any. */
  lastCounted(after: EpochDay, to: EpochDay): EpochDay | undefined {
    const hi = Math.min(to, this.last);
    const i = this.stretchAt(hi);
    if (i < 0) return undefined;
    const d = Math.min(this.ends[i] - 1, hi);
    return d > after ? d : undefined;
  }

  isCounted(day: EpochDay): boolean {
    const i = this.stretchAt(day);
    return i >= 0 && day < this.ends[i];
  }
}

/**
 * The counted days of one run: real days in (after, cutoff], every day after the cut-off assumed. `count(x)` is the
 * number of counted days ≤ x, from the shared interval index's cumulative counts (O(log intervals)).
 */
export class RunDays {
  readonly first: EpochDay | undefined;
  readonly lastReal: EpochDay | undefined;
  private readonly base: number;
  private readonly atCutoff: number;

  constructor(
    private readonly bitmap: CountedDays,
    private readonly after: EpochDay,
    readonly cutoff: EpochDay,
  ) {
    this.first = bitmap.firstCounted(after, cutoff);
    this.lastReal = this.first === undefined ? undefined : bitmap.lastCounted(after, cutoff);
    this.base = Number.isFinite(after) ? bitmap.countTo(after) : 0;
    this.atCutoff = bitmap.countTo(cutoff) - this.base;
  }

  /** Counted days ≤ x. */
  count(x: EpochDay): number {
    if (x <= this.after) return 0;
    if (x <= this.cutoff) return this.bitmap.countTo(x) - this.base;
    return this.atCutoff + (x - Math.max(this.cutoff, this.after)); // assumed days after the cut-off
  }

  isCounted(day: EpochDay): boolean {
    if (day <= this.after) return false;
    return day > this.cutoff ? true : this.bitmap.isCounted(day);
  }

  /** The first counted day ≥ x (days after the cut-off are assumed, so there always is one). */
  firstFrom(x: EpochDay): EpochDay {
    const from = Number.isFinite(this.after) ? Math.max(x, this.after + 1) : x;
    if (from > this.cutoff) return from;
    return this.bitmap.firstCounted(from - 1, this.cutoff) ?? this.cutoff + 1;
  }

  /** The last counted day ≤ x, if any. */
  lastUpTo(x: EpochDay): EpochDay | undefined {
    if (x > this.cutoff && x > this.after) return x;
    return this.bitmap.lastCounted(this.after, Math.min(x, this.cutoff));
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
  // W(d) ≤ d − first + 1 and Θ(d) ≥ the shortest `reach`, so nothing before first + Θ − 1 can trigger; from one
  // day to the next W − Θ grows by at most 2, so a shortfall s allows skipping ⌊s/2⌋ days.
  let d = days.first + (addDuration(days.first, p.reach) - days.first) - 2;
  if (d < days.first) d = days.first;
  while (d <= limit) {
    const windowStart = back(d, p.within, withinMonths); // (d − within) + 1 day is the first day of the window
    const counted = days.count(d) - days.count(windowStart);
    const needed = d - back(d, p.reach, reachMonths);
    if (counted >= needed) {
      return { trigger: d, start: days.firstFrom(windowStart + 1) };
    }
    d += Math.max(1, (needed - counted) >> 1);
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
  const bitmap = new CountedDays(c.source, lastClosedDay(c.source, c.asOf));
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
      // The stretches without counted days are found from the interval index, not by walking back a day at a time.
      if (start > days.first) {
        const before = days.lastUpTo(start - 2);
        gap = [before === undefined ? days.first : Math.max(days.first, before + 1), start - 1];
      }
      let pausedSince: EpochDay | undefined;
      if (open && !days.isCounted(c.asOf) && c.asOf > days.first)
        pausedSince = Math.max(days.first + 1, (days.lastUpTo(c.asOf - 1) ?? days.first) + 1);
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
  const bitmap = new CountedDays(source, date);
  const upToDate = new RunDays(bitmap, after, date);
  if (upToDate.first === undefined) return 'no-counted-day';
  const known = triggerOf(new RunDays(bitmap, after, date - 1), parameters);
  return known !== undefined && known.trigger + 1 <= date ? 'accepted' : 'before-trigger';
}
