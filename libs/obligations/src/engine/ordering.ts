/**
 * The engine's two orders: events into processing order (by date, then same-date class C2, then input order X8)
 * and occurrences into output order (§E: dueOn, then code, then occurrence). Both use the standard stable sort.
 */
import { type EngineEvent } from '../case-types/case-type';
import { type EpochDay } from '../dates/iso-date';
import { type Occurrence } from './engine-types';

/** Processing order of two events; equal events keep input order because Array.prototype.sort is stable. */
function eventOrder(a: EngineEvent, b: EngineEvent): number {
  return a.date - b.date || a.rank - b.rank;
}

/** Events dated ≤ asOf in processing order. Recorded timelines are usually in order already: then no copy is made. */
export function eventsInOrder(events: readonly EngineEvent[], asOf: EpochDay): readonly EngineEvent[] {
  let due: readonly EngineEvent[] = events;
  for (let i = 0; i < events.length; i++)
    if (events[i].date > asOf) {
      due = events.filter((e) => e.date <= asOf);
      break;
    }
  for (let i = 1; i < due.length; i++) if (eventOrder(due[i - 1], due[i]) > 0) return [...due].sort(eventOrder);
  return due;
}

/** Output order (§E): dueOn (ISO dates order as strings), then code, then occurrence number. */
export function occurrenceOrder(a: Occurrence, b: Occurrence): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.occurrence - b.occurrence;
}

/** Base and overlay occurrences in output order. */
export function mergeOverlays(base: Occurrence[], overlays: Occurrence[]): Occurrence[] {
  if (overlays.length === 0) return base;
  return [...base, ...overlays].sort(occurrenceOrder);
}

/** A few occurrences (a ledger's runs) into a list already in output order, by binary search instead of a sort. */
export function insertSorted(sorted: Occurrence[], extra: readonly Occurrence[]): Occurrence[] {
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
