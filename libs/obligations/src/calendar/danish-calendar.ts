/**
 * The Danish working-day calendar of spec §B3/B4.
 *
 * Why our own instead of a holiday package: the spec's notion of a non-working day is the jobcenter's, not the
 * statutory holiday list — it adds public-sector closing days (Grundlovsdag, 24 Dec, 31 Dec) and treats store
 * bededag as effective-dated by the date tested (≤ 2023). It must also be deterministic and tiny, because it runs
 * inside the Temporal workflow sandbox, and must not change when a dependency updates its data: a silently moved
 * legal deadline is exactly what the engine exists to prevent (§G rule 4). `date-holidays` is used in the tests as an
 * independent cross-check.
 */
import {
  type EpochDay,
  type IsoDate,
  epochDayOf,
  formatIsoDate,
  isoWeekday,
  parseIsoDate,
  yearOf,
} from '../dates/iso-date';

export type NonWorkingKind = 'weekend' | 'public-holiday' | 'closing-day';

export interface DanishHoliday {
  date: IsoDate;
  /** Danish name, lower case as used in explanations ("påskedag", "2. pinsedag", "juleaftensdag"). */
  name: string;
  kind: Exclude<NonWorkingKind, 'weekend'>;
}

/** Store bededag was abolished from 2024; it is non-working only in years up to and including this one. */
export const LAST_STORE_BEDEDAG_YEAR = 2023;

export const DANISH_WEEKDAY_NAMES = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'] as const;

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSundayEpoch(year: number): EpochDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayOf(year, month, day);
}

export function easterSunday(year: number): IsoDate {
  return formatIsoDate(easterSundayEpoch(year));
}

interface YearHolidays {
  /** epoch day → Danish names (a day can be two things at once, e.g. 2028-06-05 grundlovsdag and 2. pinsedag). */
  names: Map<EpochDay, string[]>;
  list: DanishHoliday[];
}

const EASTER_OFFSETS: ReadonlyArray<[number, string]> = [
  [-3, 'skærtorsdag'],
  [-2, 'langfredag'],
  [0, 'påskedag'],
  [1, '2. påskedag'],
  [39, 'Kristi himmelfartsdag'],
  [49, 'pinsedag'],
  [50, '2. pinsedag'],
];

// Memoised per year: a 5-year timeline touches a handful of years, evaluated many thousand times per second.
const byYear = new Map<number, YearHolidays>();

function holidaysOfYear(year: number): YearHolidays {
  let entry = byYear.get(year);
  if (entry) return entry;
  const list: DanishHoliday[] = [];
  const add = (epochDay: EpochDay, name: string, kind: DanishHoliday['kind']) =>
    list.push({ date: formatIsoDate(epochDay), name, kind });
  const easter = easterSundayEpoch(year);
  add(epochDayOf(year, 1, 1), 'nytårsdag', 'public-holiday');
  for (const [offset, name] of EASTER_OFFSETS) add(easter + offset, name, 'public-holiday');
  if (year <= LAST_STORE_BEDEDAG_YEAR) add(easter + 26, 'store bededag', 'public-holiday');
  add(epochDayOf(year, 12, 25), 'juledag', 'public-holiday');
  add(epochDayOf(year, 12, 26), '2. juledag', 'public-holiday');
  add(epochDayOf(year, 6, 5), 'grundlovsdag', 'closing-day');
  add(epochDayOf(year, 12, 24), 'juleaftensdag', 'closing-day');
  add(epochDayOf(year, 12, 31), 'nytårsaftensdag', 'closing-day');
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const names = new Map<EpochDay, string[]>();
  for (const h of list) {
    const key = parseIsoDate(h.date);
    const existing = names.get(key);
    if (existing) existing.push(h.name);
    else names.set(key, [h.name]);
  }
  entry = { names, list };
  byYear.set(year, entry);
  return entry;
}

// Working-day flags per epoch day, filled lazily: 0 unknown, 1 working, 2 non-working. Covers 1899-01-01..2300-12-31.
const CACHE_FROM = epochDayOf(1899, 1, 1);
const CACHE_TO = epochDayOf(2300, 12, 31);
const workingCache = new Uint8Array(CACHE_TO - CACHE_FROM + 1);

function computeIsWorkingDay(epochDay: EpochDay): boolean {
  if (isoWeekday(epochDay) >= 6) return false;
  return !holidaysOfYear(yearOf(epochDay)).names.has(epochDay);
}

export function isWorkingDayEpoch(epochDay: EpochDay): boolean {
  if (epochDay < CACHE_FROM || epochDay > CACHE_TO) return computeIsWorkingDay(epochDay);
  const i = epochDay - CACHE_FROM;
  const cached = workingCache[i];
  if (cached !== 0) return cached === 1;
  const working = computeIsWorkingDay(epochDay);
  workingCache[i] = working ? 1 : 2;
  return working;
}

/** Latest working day strictly before the given day. */
export function previousWorkingDayEpoch(epochDay: EpochDay): EpochDay {
  let d = epochDay - 1;
  while (!isWorkingDayEpoch(d)) d--;
  return d;
}

/**
 * B4: a due date on a non-working day moves to the previous working day, but never to before the occurrence
 * existed (the floor): if that working day precedes startedOn while startedOn ≤ nominal, the nominal date stands.
 */
export function shiftEpoch(nominal: EpochDay, startedOn: EpochDay): EpochDay {
  if (isWorkingDayEpoch(nominal)) return nominal;
  const w = previousWorkingDayEpoch(nominal);
  if (w < startedOn && startedOn <= nominal) return nominal;
  return w;
}

const reasons = new Map<EpochDay, string>();

/** Why a day is non-working, in Danish (holiday names joined with " og ", else the weekday); undefined if working. */
export function nonWorkingReasonEpoch(epochDay: EpochDay): string | undefined {
  if (isWorkingDayEpoch(epochDay)) return undefined;
  let reason = reasons.get(epochDay);
  if (reason === undefined) {
    const names = holidaysOfYear(yearOf(epochDay)).names.get(epochDay);
    reason = names ? names.join(' og ') : DANISH_WEEKDAY_NAMES[isoWeekday(epochDay) - 1];
    if (reasons.size >= 20_000) reasons.clear(); // bounded memo
    reasons.set(epochDay, reason);
  }
  return reason;
}

export function weekdayNameEpoch(epochDay: EpochDay): string {
  return DANISH_WEEKDAY_NAMES[isoWeekday(epochDay) - 1];
}

// ---- ISO-string API for dashboards, tests and other callers ----

export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayEpoch(parseIsoDate(date));
}

/** shift(nominal, startedOn) of B4; without startedOn there is no floor. */
export function shiftToWorkingDay(nominal: IsoDate, startedOn?: IsoDate): IsoDate {
  const n = parseIsoDate(nominal);
  return formatIsoDate(shiftEpoch(n, startedOn === undefined ? Number.POSITIVE_INFINITY : parseIsoDate(startedOn)));
}

export function previousWorkingDay(date: IsoDate): IsoDate {
  return formatIsoDate(previousWorkingDayEpoch(parseIsoDate(date)));
}

export function nonWorkingReason(date: IsoDate): string | undefined {
  return nonWorkingReasonEpoch(parseIsoDate(date));
}

/** All non-working days of a year other than weekends, in date order (closing days included, kind tells them apart). */
export function danishHolidays(year: number): DanishHoliday[] {
  return holidaysOfYear(year).list.map((h) => ({ ...h }));
}
