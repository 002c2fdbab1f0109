import fc from 'fast-check';
import { orderByKeys } from './order-by-keys';

describe('orderByKeys', () => {
  it('orders positions by key, stably, for short and long inputs (against Array.prototype.sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 400 }), (keys) => {
        const expected = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
        expect(orderByKeys(keys)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the identity for sorted input', () => {
    expect(orderByKeys([1, 2, 2, 5])).toEqual([0, 1, 2, 3]);
    expect(orderByKeys([])).toEqual([]);
  });
});
