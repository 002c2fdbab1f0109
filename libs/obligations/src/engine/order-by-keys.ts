/** Sorting helper for the hot path (events into processing order, occurrences into output order). */

/**
 * Positions 0..n-1 ordered by ascending key (stable). Insertion sort for the usual few dozen items — a comparator
 * call per comparison costs more than computing the occurrences — and a comparator sort beyond that.
 */
export function orderByKeys(keys: Float64Array): Int32Array {
  const n = keys.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 96) {
    const sorted = Array.from(order).sort((a, b) => keys[a] - keys[b] || a - b);
    order.set(sorted);
    return order;
  }
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
