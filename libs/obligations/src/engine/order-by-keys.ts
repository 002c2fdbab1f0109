/** Sorting helper for the hot path (events into processing order, occurrences into output order). */

/**
 * Positions 0..n-1 ordered by ascending numeric key, stable. Comparisons are inlined — a comparator call per
 * comparison (Array.prototype.sort) costs more than computing the occurrences — with insertion sort for short
 * inputs and a bottom-up merge sort beyond, so the cost stays O(n log n) with a small constant.
 */
export function orderByKeys(keys: readonly number[]): number[] {
  const n = keys.length;
  let order: number[] = [];
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order.push(i);
    if (i > 0 && keys[i - 1] > keys[i]) sorted = false;
  }
  if (sorted) return order; // the usual case for events recorded in date order
  if (n <= 32) {
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
  let buffer: number[] = order.slice();
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) buffer[k++] = keys[order[j]] < keys[order[i]] ? order[j++] : order[i++];
      while (i < mid) buffer[k++] = order[i++];
      while (j < hi) buffer[k++] = order[j++];
    }
    const swap = order;
    order = buffer;
    buffer = swap;
  }
  return order;
}
