/** Sorting helper for the hot path (events into processing order, occurrences into output order). */

/**
 * Positions 0..n-1 ordered by ascending key (stable). Insertion sort for the usual few dozen items — a comparator
 * call per comparison costs more than computing the occurrences — and a comparator sort beyond that.
 */
export function orderByKeys(keys: readonly number[]): number[] {
  const n = keys.length;
  // Plain arrays: allocating a typed array costs more here than the whole sort.
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (n > 96) return order.sort((a, b) => keys[a] - keys[b] || a - b);
  for (let i = 1; i < n; i++) {
    const p = order[i];
    const k = keys[p];
    let j = i - 1;
    while (j >= 0 && keys[order[j]] > k) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = p;
  }
  return order;
}
