/**
 * Case ids of the timer benchmark carry their clock shift, so the workflow sandbox can apply it deterministically
 * (also on replay) without any input the production workflow would have to know about.
 *
 * Layout (a valid RFC 9562 version-8 UUID): `<index:8 hex>-<wave:4 hex>-8bec-8000-<shift ms:12 hex>`.
 * No imports: this file is bundled into the workflow sandbox.
 */
const BENCH_CASE_ID = /^(?:case-)?([0-9a-f]{8})-([0-9a-f]{4})-8bec-8000-([0-9a-f]{12})$/;

export function benchCaseId(index: number, wave: number, shiftMs: number): string {
  if (!Number.isInteger(shiftMs) || shiftMs < 0 || shiftMs >= 2 ** 48) throw new RangeError(`bad shift ${shiftMs}`);
  const hex = (v: number, width: number) => v.toString(16).padStart(width, '0');
  return `${hex(index, 8)}-${hex(wave, 4)}-8bec-8000-${hex(shiftMs, 12)}`;
}

/** The clock shift in ms encoded in a bench case id or its workflow id; 0 for any other id. */
export function shiftOf(id: string): number {
  const m = BENCH_CASE_ID.exec(id);
  return m ? parseInt(m[3], 16) : 0;
}

export function isBenchCaseId(id: string): boolean {
  return BENCH_CASE_ID.test(id);
}
