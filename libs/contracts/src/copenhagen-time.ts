/** Deadlines are Copenhagen calendar dates; these convert between instants and those dates without I/O. */
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Copenhagen',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The Copenhagen calendar date (YYYY-MM-DD) of an instant. */
export function copenhagenDate(epochMs: number): string {
  return dateFormat.format(epochMs);
}

/** The instant at which Copenhagen date `isoDate` begins (local midnight; CET or CEST). */
export function copenhagenStartOfDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  for (const offsetHours of [1, 2, 0]) {
    const candidate = utcMidnight - offsetHours * 3_600_000;
    if (copenhagenDate(candidate) === isoDate && Number(hourFormat.format(candidate)) === 0) return candidate;
  }
  throw new RangeError(`no Copenhagen midnight for ${isoDate}`);
}

export function addDaysIso(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
