/** When must a sleeping workflow wake up and re-evaluate, absent new events? */
import { type EpochDay, type IsoDate, formatIsoDate, parseIsoDate } from '../dates/iso-date';
import { findProgramme, PROGRAMMES, programmeVersionOn } from '../trials/aht.programmes';
import { type TrialProgramme } from '../trials/trial-programme';
import { type EngineResult, type Enrolment } from './engine-types';

/**
 * The earliest date after asOf on which re-evaluating could change an occurrence's status or reminder state:
 * an open occurrence's remindOn, or dueOn + 1 when it turns overdue. An occurrence whose counted pause is still
 * open (B5) cannot turn overdue until the benefit resumes, which is an event, so its daily-moving provisional date
 * yields no wake-up. An active trial enrolment (trials-and-sygedagpenge.md T) also changes without events: its
 * next volume window opens on the grid (T3) and its period ends on L + 1 (T2 rule 3), cancelling what is open.
 * Undefined if nothing is time-dependent.
 */
export function nextChangeOn(
  result: EngineResult,
  /** The programmes the result was computed with (ComputeOptions.programmes). */
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): IsoDate | undefined {
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
  for (const e of result.enrolments ?? []) {
    if (e.status !== 'active') continue;
    const periodEnd = parseIsoDate(e.lastDayOn) + 1;
    if (periodEnd > asOf && periodEnd < next) next = periodEnd;
    const window = e.arm === 'participant' ? nextWindowStart(result, e, asOf, programmes) : undefined;
    if (window !== undefined && window < next) next = window;
  }
  return Number.isFinite(next) ? formatIsoDate(next) : undefined;
}

/**
 * The first day after asOf on which a volume window of this enrolment can open: the next start on its fixed grid
 * A + 7(w − 1) whose window still ends by L. A partial return may suppress it (U4); waking then changes nothing.
 */
function nextWindowStart(
  result: EngineResult,
  e: Enrolment,
  asOf: EpochDay,
  programmes: readonly TrialProgramme[],
): EpochDay | undefined {
  let gridStart: EpochDay | undefined;
  for (const o of result.occurrences)
    if (o.program === e.program && o.week !== undefined) {
      gridStart = parseIsoDate(o.startedOn) - 7 * (o.week - 1);
      break;
    }
  if (gridStart === undefined) {
    const programme = findProgramme(e.program, programmes);
    if (!programme?.overlays.some((d) => d.form === 'volume')) return undefined;
    gridStart = parseIsoDate(e.assignedOn) + programmeVersionOn(programme, e.assignedOn).parameters.leadInDays;
  }
  const start = gridStart + 7 * Math.max(0, Math.ceil((asOf + 1 - gridStart) / 7));
  return start + 6 <= parseIsoDate(e.lastDayOn) ? start : undefined;
}
