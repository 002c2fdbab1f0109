// Benchmark timelines from the shared case simulator (libs/testing), sized to an event count.
import { addDays, type CaseEvent, type IsoDate } from '@frist/obligations';
import { rng, simulateCase, simulateSygedagpengeCase, type SimulatedCase } from '@frist/testing';

export type { SimulatedCase };

/** A timeline of about `targetEvents` events spanning `years` years and ending on `asOf`. */
export function timelineOf(years: number, targetEvents: number, asOf: IsoDate, seed: number): SimulatedCase {
  const start = addDays(asOf, -Math.round(years * 365.25));
  // Search the share of ledighedsydelse that gives about the wanted number of events.
  let best: SimulatedCase | undefined;
  for (let attempt = 0; attempt < 60; attempt++) {
    const lyShare = Math.min(0.97, Math.max(0.05, (targetEvents / (years * 26)) * (0.8 + (attempt % 6) * 0.08)));
    const c = simulateCase({ start, end: asOf, seed: seed * 1000 + attempt, lyShare });
    if (!best || Math.abs(c.events.length - targetEvents) < Math.abs(best.events.length - targetEvents)) best = c;
    if (Math.abs(c.events.length - targetEvents) <= Math.max(2, targetEvents * 0.05)) break;
  }
  return best!;
}

/** A sygedagpenge course of `days` days from `start` (sick leave, first follow-up, one every ~4 weeks). */
export function sygedagpengeTimelineOf(start: IsoDate, days: number, seed: number): CaseEvent[] {
  return simulateSygedagpengeCase(start, addDays(start, days), rng(seed));
}
