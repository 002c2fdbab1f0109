/**
 * Cases for the timer benchmark: a realistic live case (3–8 months old, on ledighedsydelse) whose engine answer on
 * day T has an open occurrence due on T, so that the workflow's next wake-up is the start of T+1 (Copenhagen) and
 * the task turns overdue then. Each case is checked with the engine itself before it is used.
 */
import {
  addDays,
  computeObligations,
  isWorkingDay,
  nextChangeOn,
  type CaseEvent,
  type IsoDate,
} from '@frist/obligations';
import { rng, simulateCase } from '@frist/testing';

export interface TimerCase {
  birthDate: IsoDate;
  events: (CaseEvent & { eventId: string })[];
  /** The obligation code that turns overdue at the start of T+1. */
  turnsOverdue: string;
}

/** Max events one create request carries (the API accepts 50, and adds CASE_OPENED itself). */
const MAX_EVENTS = 48;

function check(birthDate: IsoDate, events: CaseEvent[], T: IsoDate): string | undefined {
  const today = computeObligations({ birthDate }, events, T);
  if (nextChangeOn(today) !== addDays(T, 1)) return undefined;
  const due = today.occurrences.find((o) => o.status === 'open' && o.dueOn === T);
  if (!due) return undefined;
  const tomorrow = computeObligations({ birthDate }, events, addDays(T, 1));
  const after = tomorrow.occurrences.find((o) => o.code === due.code && o.occurrence === due.occurrence);
  return after?.status === 'overdue' ? due.code : undefined;
}

/** A new case as a caseworker registers it: its first event (a visitation two weeks ago) makes contact due on T. */
export function firstEventTimerCase(index: number, T: IsoDate): TimerCase {
  const events: CaseEvent[] = isWorkingDay(T)
    ? [{ type: 'VISITATION_DECIDED', date: addDays(T, -14) }]
    : [
        { type: 'VISITATION_DECIDED', date: addDays(T, -30) },
        { type: 'FLEXJOB_STARTED', date: T, hoursPerWeek: 12, employer: 'Byens Bageri ApS' },
      ];
  const birthDate = `19${60 + (index % 38)}-0${1 + (index % 9)}-1${index % 10}`;
  const code = check(birthDate, events, T);
  if (!code) throw new Error(`no first-event timer case for ${T}`);
  return { birthDate, events: withIds(events), turnsOverdue: code };
}

export function timerCase(index: number, T: IsoDate): TimerCase & { fallback: boolean } {
  const r = rng(7919 * index + 17);
  const workingDay = isWorkingDay(T);
  for (let attempt = 0; attempt < 8; attempt++) {
    const ageDays = 90 + Math.floor(r() * 150);
    const sim = simulateCase({
      start: addDays(T, -ageDays),
      end: addDays(T, -15),
      seed: index * 31 + attempt,
      lyShare: 0.9,
      endInLy: true,
    });
    // On a working day T the case worker held the last contact 14 days ago, so the next is due on T; when T is not
    // a working day no contact can fall due on it, and a fleksjob starting on T (agreement due that day) is used.
    const events: CaseEvent[] = [
      ...sim.events,
      workingDay
        ? { type: 'CONTACT_HELD', date: addDays(T, -14), form: 'phone' }
        : { type: 'FLEXJOB_STARTED', date: T, hoursPerWeek: 12, employer: 'Byens Bageri ApS' },
    ];
    if (events.length > MAX_EVENTS) continue;
    const code = check(sim.birthDate, events, T);
    if (code) return { birthDate: sim.birthDate, events: withIds(events), turnsOverdue: code, fallback: false };
  }
  // Minimal fallback (rare): visitation 14 days ago, or visitation then a fleksjob starting on T.
  const events: CaseEvent[] = workingDay
    ? [{ type: 'VISITATION_DECIDED', date: addDays(T, -14) }]
    : [
        { type: 'VISITATION_DECIDED', date: addDays(T, -40) },
        { type: 'FLEXJOB_STARTED', date: T, hoursPerWeek: 12, employer: 'Byens Bageri ApS' },
      ];
  const code = check('1980-05-05', events, T);
  if (!code) throw new Error(`no timer case for ${T}`);
  return { birthDate: '1980-05-05', events: withIds(events), turnsOverdue: code, fallback: true };
}

function withIds(events: CaseEvent[]): (CaseEvent & { eventId: string })[] {
  return events.map((e, i) => ({ ...e, eventId: `${e.type.toLowerCase()}-${e.date}-${i}` }));
}
