import fc from 'fast-check';
import { type DayInterval, type DaySource } from '../case-types/case-type';
import { CountedDays } from './day-ledger';

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
});
