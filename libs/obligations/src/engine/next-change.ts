/** When must a sleeping workflow wake up and re-evaluate, absent new events? */
import { type IsoDate, formatIsoDate, parseIsoDate } from '../dates/iso-date';
import { type EngineResult } from './engine-types';

/**
 * The earliest date after asOf on which re-evaluating could change an occurrence's status or reminder state:
 * an open occurrence's remindOn, or dueOn + 1 when it turns overdue. An occurrence whose counted pause is still
 * open (B5) cannot turn overdue until the benefit resumes, which is an event, so its daily-moving provisional date
 * yields no wake-up. Undefined if nothing is time-dependent.
 */
export function nextChangeOn(result: EngineResult): IsoDate | undefined {
  const asOf = parseIsoDate(result.asOf);
  let next = Number.POSITIVE_INFINITY;
  for (const o of result.occurrences) {
    if (o.status !== 'open') continue;
    if (o.remindOn !== undefined) {
      const remind = parseIsoDate(o.remindOn);
      if (remind > asOf && remind < next) next = remind;
    }
    // A counted open pause puts the nominal date after asOf (B5); an uncounted one leaves it on or before asOf.
    const provisional = o.pausedSince !== undefined && parseIsoDate(o.nominalDueOn) > asOf;
    if (provisional) continue;
    const overdueFrom = parseIsoDate(o.dueOn) + 1;
    if (overdueFrom > asOf && overdueFrom < next) next = overdueFrom;
  }
  return Number.isFinite(next) ? formatIsoDate(next) : undefined;
}
