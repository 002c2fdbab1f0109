/**
 * Calendar dates as integers (days since 1970-01-01, "epoch days").
 *
 * The engine evaluates tens of thousands of timelines per second, so hot paths work on plain integers with the
 * proleptic-Gregorian civil algorithms (H. Hinnant). js-joda's LocalDate implements the same calendar and is used in
 * the tests as an independent oracle for parsing and for month addition (B2).
 */

/** A calendar date 'YYYY-MM-DD' (Europe/Copenhagen, B1). */
export type IsoDate = string;

/** Days since 1970-01-01. */
export type EpochDay = number;

/** epochDayOf(1900, 1, 1); the format memo covers 512 pages of 512 days from here (to 2617). */
const EPOCH_DAY_1900 = -25567;

/** Dates outside this range are rejected as input: the calendar is verified for 1900–2199 (B3). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Epoch day of a valid (year, month 1–12, day) triple. */
export function epochDayOf(year: number, month: number, day: number): EpochDay {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of an epoch day, as [year, month, day]. */
export function civilOf(epochDay: EpochDay): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

export function yearOf(epochDay: EpochDay): number {
  return civilOf(epochDay)[0];
}

/** ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(epochDay: EpochDay): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

// Timelines are re-evaluated with the same date strings over and over; a bounded memo makes parsing a lookup.
const parsed = new Map<string, EpochDay>();

/**
 * Strict parse of 'YYYY-MM-DD' (exactly ten characters, a real calendar date, year within MIN_YEAR..MAX_YEAR).
 * Returns undefined instead of throwing so validation can report every issue at once.
 */
export function tryParseIsoDate(value: unknown): EpochDay | undefined {
  if (typeof value !== 'string' || value.length !== 10) return undefined;
  const known = parsed.get(value);
  if (known !== undefined) return known;
  const epochDay = parseStrict(value);
  if (epochDay !== undefined) {
    if (parsed.size >= 20_000) parsed.clear(); // bounded memo: starting over keeps the hot set and caps memory
    parsed.set(value, epochDay);
  }
  return epochDay;
}

function parseStrict(value: string): EpochDay | undefined {
  if (value[4] !== '-' || value[7] !== '-') return undefined;
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return epochDayOf(year, month, day);
}

/** Parse a date known to be valid; throws a plain Error otherwise (programming error, not input validation). */
export function parseIsoDate(value: IsoDate): EpochDay {
  const epochDay = tryParseIsoDate(value);
  if (epochDay === undefined)
    throw new Error(`Not a valid date (YYYY-MM-DD, years ${MIN_YEAR}–${MAX_YEAR}): ${String(value)}`);
  return epochDay;
}

// Formatting is on the output path of every evaluation: memoised in 512-day pages, allocated on first use so a
// workflow sandbox only pays for the dates it meets. Pages are filled with '' (not `new Array(n)`), which keeps
// them dense, fast arrays in V8.
const PAGE = 512;
const pages: IsoDate[][] = [];

function format(epochDay: EpochDay): IsoDate {
  const [y, m, d] = civilOf(epochDay);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function formatIsoDate(epochDay: EpochDay): IsoDate {
  const offset = epochDay - EPOCH_DAY_1900;
  if (offset < 0 || offset >= 512 * PAGE) return format(epochDay);
  const pageIndex = offset >> 9;
  let page = pages[pageIndex];
  if (page === undefined) {
    while (pages.length < pageIndex) pages.push(undefined as unknown as IsoDate[]);
    page = [];
    for (let i = 0; i < PAGE; i++) page.push('');
    pages[pageIndex] = page;
  }
  const i = offset & (PAGE - 1);
  let text = page[i];
  if (text === '') {
    text = format(epochDay);
    page[i] = text;
  }
  return text;
}

// Month arithmetic is on the hot path: a table of month starts (epoch days) for 1900-01 … 2599-12 turns
// "which month is this day in" and "first day of month n" into array lookups.
const TABLE_FIRST_YEAR = 1900;
const TABLE_MONTHS = (2600 - TABLE_FIRST_YEAR) * 12;
// Built on first use, not at module load: the workflow sandbox evaluates this module afresh for every workflow it
// creates (Temporal's reusable V8 context keeps one module cache per workflow) and its validators never need it.
let monthStarts: number[] = [];

function buildMonthStarts(): number[] {
  const table: number[] = [EPOCH_DAY_1900];
  for (let i = 0; i < TABLE_MONTHS; i++) {
    const year = TABLE_FIRST_YEAR + Math.floor(i / 12);
    table.push(table[i] + daysInMonth(year, (i % 12) + 1));
  }
  return table;
}

/** Index into monthStarts of the month containing the day, or -1 outside the table. */
function monthIndexOf(epochDay: EpochDay): number {
  if (monthStarts.length === 0) monthStarts = buildMonthStarts();
  if (epochDay < monthStarts[0] || epochDay >= monthStarts[TABLE_MONTHS]) return -1;
  let i = Math.floor((epochDay - monthStarts[0]) / 30.436875);
  while (monthStarts[i] > epochDay) i--;
  while (monthStarts[i + 1] <= epochDay) i++;
  return i;
}

/**
 * B2 month addition: keep the day of month; if it does not exist in the target month, use its last day.
 * Always one step from the anchor (never chained), so callers pass the full month count.
 */
export function addMonthsEpoch(epochDay: EpochDay, months: number): EpochDay {
  const i = monthIndexOf(epochDay);
  const target = i + months;
  if (i >= 0 && target >= 0 && target < TABLE_MONTHS) {
    const dayOfMonth = epochDay - monthStarts[i];
    const length = monthStarts[target + 1] - monthStarts[target];
    return monthStarts[target] + (dayOfMonth < length ? dayOfMonth : length - 1);
  }
  const [y, m, d] = civilOf(epochDay);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return epochDayOf(year, month, Math.min(d, daysInMonth(year, month)));
}

/** ISO-string convenience wrappers for callers outside the hot path. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return formatIsoDate(parseIsoDate(date) + days);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return formatIsoDate(addMonthsEpoch(parseIsoDate(date), months));
}

export function isValidIsoDate(value: unknown): value is IsoDate {
  return tryParseIsoDate(value) !== undefined;
}
