import Holidays from 'date-holidays';
import fc from 'fast-check';
import {
  addDays,
  danishHolidays,
  easterSunday,
  isWorkingDay,
  nonWorkingReason,
  previousWorkingDay,
  shiftToWorkingDay,
} from '../index';
import { epochDayOf, formatIsoDate } from '../dates/iso-date';
import { isWorkingDayEpoch, shiftEpoch } from './danish-calendar';

describe('Easter and the B3 table', () => {
  // year, Easter Sunday, skærtorsdag, langfredag, 2. påskedag, E+26 (store bededag), holiday?, Kristi himmelfart, 2. pinsedag
  const B3: Array<[number, string, string, string, string, string, boolean, string, string]> = [
    [2023, '2023-04-09', '04-06', '04-07', '04-10', '05-05', true, '05-18', '05-29'],
    [2024, '2024-03-31', '03-28', '03-29', '04-01', '04-26', false, '05-09', '05-20'],
    [2025, '2025-04-20', '04-17', '04-18', '04-21', '05-16', false, '05-29', '06-09'],
    [2026, '2026-04-05', '04-02', '04-03', '04-06', '05-01', false, '05-14', '05-25'],
    [2027, '2027-03-28', '03-25', '03-26', '03-29', '04-23', false, '05-06', '05-17'],
    [2028, '2028-04-16', '04-13', '04-14', '04-17', '05-12', false, '05-25', '06-05'],
    [2029, '2029-04-01', '03-29', '03-30', '04-02', '04-27', false, '05-10', '05-21'],
    [2030, '2030-04-21', '04-18', '04-19', '04-22', '05-17', false, '05-30', '06-10'],
    [2031, '2031-04-13', '04-10', '04-11', '04-14', '05-09', false, '05-22', '06-02'],
    [2032, '2032-03-28', '03-25', '03-26', '03-29', '04-23', false, '05-06', '05-17'],
  ];

  it.each(B3)('%i', (year, easter, skaertorsdag, langfredag, paaske2, e26, e26Holiday, himmelfart, pinse2) => {
    expect(easterSunday(year)).toBe(easter);
    const holidays = danishHolidays(year);
    const has = (date: string, name: string) => holidays.some((h) => h.date === date && h.name === name);
    expect(has(`${year}-${skaertorsdag}`, 'skærtorsdag')).toBe(true);
    expect(has(`${year}-${langfredag}`, 'langfredag')).toBe(true);
    expect(has(easter, 'påskedag')).toBe(true);
    expect(has(`${year}-${paaske2}`, '2. påskedag')).toBe(true);
    expect(has(`${year}-${himmelfart}`, 'Kristi himmelfartsdag')).toBe(true);
    expect(has(`${year}-${pinse2}`, '2. pinsedag')).toBe(true);
    expect(addDays(easter, 26)).toBe(`${year}-${e26}`);
    expect(isWorkingDay(`${year}-${e26}`)).toBe(!e26Holiday);
    expect(has(`${year}-${e26}`, 'store bededag')).toBe(e26Holiday);
  });

  // An independent Easter algorithm (Oudin 1940, as published by the US Naval Observatory) for 1900–2199.
  function oudinEaster(y: number): string {
    const c = Math.floor(y / 100);
    const n = y - 19 * Math.floor(y / 19);
    const k = Math.floor((c - 17) / 25);
    let i = c - Math.floor(c / 4) - Math.floor((c - k) / 3) + 19 * n + 15;
    i = i - 30 * Math.floor(i / 30);
    i = i - Math.floor(i / 28) * (1 - Math.floor(i / 28) * Math.floor(29 / (i + 1)) * Math.floor((21 - n) / 11));
    let j = y + Math.floor(y / 4) + i + 2 - c + Math.floor(c / 4);
    j = j - 7 * Math.floor(j / 7);
    const l = i - j;
    const month = 3 + Math.floor((l + 40) / 44);
    const day = l + 28 - 31 * Math.floor(month / 4);
    return formatIsoDate(epochDayOf(y, month, day));
  }

  it('agrees with an independent algorithm for every year 1900–2199, always a Sunday in 22 Mar–25 Apr', () => {
    for (let y = 1900; y <= 2199; y++) {
      const easter = easterSunday(y);
      expect(easter).toBe(oudinEaster(y));
      expect(new Date(`${easter}T12:00:00Z`).getUTCDay()).toBe(0);
      expect(easter >= `${y}-03-22` && easter <= `${y}-04-25`).toBe(true);
    }
  });
});

describe('non-working days (B3) against date-holidays (DK), 2020–2035', () => {
  const hd = new Holidays('DK');
  const years = Array.from({ length: 16 }, (_, i) => 2020 + i);

  it.each(years)(
    '%i: public holidays equal date-holidays public holidays (store bededag only ≤ 2023 in both)',
    (year) => {
      const theirs = hd
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .sort();
      const ours = danishHolidays(year)
        .filter((h) => h.kind === 'public-holiday')
        .map((h) => h.date)
        .sort();
      expect(ours).toEqual(theirs);
      expect(danishHolidays(year).some((h) => h.name === 'store bededag')).toBe(year <= 2023);
    },
  );

  it.each(years)('%i: closing days are Grundlovsdag, 24 Dec (observances there) and 31 Dec (ours only)', (year) => {
    const observances = new Set(
      hd
        .getHolidays(year)
        .filter((h) => h.type === 'observance')
        .map((h) => h.date.slice(0, 10)),
    );
    const closing = danishHolidays(year).filter((h) => h.kind === 'closing-day');
    expect(closing.map((h) => [h.date, h.name])).toEqual([
      [`${year}-06-05`, 'grundlovsdag'],
      [`${year}-12-24`, 'juleaftensdag'],
      [`${year}-12-31`, 'nytårsaftensdag'],
    ]);
    expect(observances.has(`${year}-06-05`)).toBe(true);
    expect(observances.has(`${year}-12-24`)).toBe(true);
    // Other observances (fastelavn, 1. maj, mors dag) are ordinary working days for the jobcenter.
    for (const d of observances)
      if (!closing.some((h) => h.date === d))
        expect(isWorkingDay(d) || [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())).toBe(true);
  });

  it('every weekday of 2020–2035 is working iff it is in neither list', () => {
    for (const year of years) {
      const off = new Set(danishHolidays(year).map((h) => h.date));
      for (let d = epochDayOf(year, 1, 1); d <= epochDayOf(year, 12, 31); d++) {
        const iso = formatIsoDate(d);
        const weekend = [0, 6].includes(new Date(`${iso}T12:00:00Z`).getUTCDay());
        expect(isWorkingDay(iso)).toBe(!weekend && !off.has(iso));
      }
    }
  });
});

describe('shift rule (B4)', () => {
  it.each([
    ['2027-03-28', '2027-03-24', 'påskedag'],
    ['2026-12-25', '2026-12-23', 'juledag'],
    ['2027-01-01', '2026-12-30', 'nytårsdag'],
    ['2028-06-05', '2028-06-02', '2. pinsedag og grundlovsdag'],
    ['2023-05-05', '2023-05-04', 'store bededag'],
    ['2024-04-26', '2024-04-26', undefined],
  ])('%s → %s (%s)', (nominal, due, reason) => {
    expect(shiftToWorkingDay(nominal)).toBe(due);
    expect(nonWorkingReason(nominal)).toBe(reason);
  });

  it('floor: an agreement for a fleksjob starting Saturday 2026-08-01 is due 2026-08-01', () => {
    expect(shiftToWorkingDay('2026-08-01', '2026-08-01')).toBe('2026-08-01');
    expect(previousWorkingDay('2026-08-01')).toBe('2026-07-31');
    // X5: a nominal date before the occurrence started is shifted normally.
    expect(shiftToWorkingDay('2026-08-01', '2026-08-10')).toBe('2026-07-31');
  });

  const day = fc.integer({ min: epochDayOf(1990, 1, 1), max: epochDayOf(2150, 12, 31) });

  it('property: the result is a working day unless the floor applies, and never later than the nominal date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -30, max: 30 }), (nominal, offset) => {
        const startedOn = nominal - Math.abs(offset);
        const due = shiftEpoch(nominal, startedOn);
        expect(due).toBeLessThanOrEqual(nominal);
        if (!isWorkingDayEpoch(due)) {
          // only the floor keeps a non-working day: the previous working day precedes startedOn
          expect(due).toBe(nominal);
          let w = nominal - 1;
          while (!isWorkingDayEpoch(w)) w--;
          expect(w).toBeLessThan(startedOn);
        } else if (!isWorkingDayEpoch(nominal)) {
          // moved to the latest working day before the nominal date, with only non-working days in between
          for (let d = due + 1; d <= nominal; d++) expect(isWorkingDayEpoch(d)).toBe(false);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('property: a working nominal date never moves', () => {
    fc.assert(
      fc.property(day, (nominal) => {
        if (isWorkingDayEpoch(nominal)) expect(shiftEpoch(nominal, nominal)).toBe(nominal);
      }),
    );
  });
});
