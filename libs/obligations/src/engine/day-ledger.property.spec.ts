import fc from 'fast-check';
import { type DayInterval, type DaySource } from '../case-types/case-type';
import { CountedDays, RunDays } from './day-ledger';

/** The day-by-day reading the interval index replaced: mark included days, unmark excluded ones, up to `last`. */
function dayByDay(source: DaySource, last: number): Set<number> {
  const counted = new Set<number>();
  for (const i of source.included) for (let d = i.from; d < Math.min(i.to ?? last + 1, last + 1); d++) counted.add(d);
  for (const e of source.excluded)
    for (let d = e.from; d < Math.min(e.to ?? last + 1, last + 1); d++) counted.delete(d);
  return counted;
}

const intervalArb: fc.Arbitrary<DayInterval> = fc
  .record({ from: fc.integer({ min: 0, max: 400 }), length: fc.integer({ min: 0, max: 120 }), open: fc.boolean() })
  .map(({ from, length, open }) => ({ from, to: open ? undefined : from + length }));

const ledgerArb = fc.record({
  included: fc.array(intervalArb, { maxLength: 8 }),
  excluded: fc.array(intervalArb, { maxLength: 8 }),
  last: fc.integer({ min: -5, max: 600 }),
  queries: fc.array(fc.tuple(fc.integer({ min: -10, max: 620 }), fc.integer({ min: -10, max: 620 })), {
    minLength: 1,
    maxLength: 20,
  }),
});

describe('CountedDays (the ledger interval index)', () => {
  it('answers every query as the day-by-day reading of the same random ledger does', () => {
    fc.assert(
      fc.property(ledgerArb, ({ included, excluded, last, queries }) => {
        const source = { included, excluded };
        const days = new CountedDays(source, last);
        const counted = dayByDay(source, last);
        const sorted = [...counted].sort((a, b) => a - b);
        for (const [a, b] of queries) {
          expect(days.isCounted(a)).toBe(counted.has(a));
          expect(days.countTo(a)).toBe(sorted.filter((d) => d <= a).length);
          for (const after of [a, Number.NEGATIVE_INFINITY]) {
            const within = sorted.filter((d) => d > after && d <= b);
            expect(days.firstCounted(after, b)).toBe(within[0]);
            expect(days.lastCounted(after, b)).toBe(within[within.length - 1]);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("finds a run's counted days before and after a day as walking day by day does (assumed days after the cut-off)", () => {
    fc.assert(
      fc.property(
        ledgerArb,
        fc.option(fc.integer({ min: -10, max: 600 }), { nil: undefined }),
        fc.integer({ min: -10, max: 600 }),
        ({ included, excluded, last, queries }, afterOrNone, cutoffWanted) => {
          const days = new CountedDays({ included, excluded }, last);
          const after = afterOrNone ?? Number.NEGATIVE_INFINITY;
          const cutoff = Math.min(cutoffWanted, last);
          const run = new RunDays(days, after, cutoff);
          for (const [x] of queries) {
            let next = x;
            while (!run.isCounted(next)) next++;
            expect(run.firstFrom(x)).toBe(next);
            let previous: number | undefined = x;
            while (previous > -20 && !run.isCounted(previous)) previous--;
            expect(run.lastUpTo(x)).toBe(previous > -20 ? previous : undefined);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
