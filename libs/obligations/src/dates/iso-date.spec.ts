import { ChronoUnit, LocalDate } from '@js-joda/core';
import fc from 'fast-check';
import { addMonths, isValidIsoDate } from '../index';
import { addMonthsEpoch, civilOf, epochDayOf, formatIsoDate, isoWeekday, tryParseIsoDate } from './iso-date';

const EPOCH = LocalDate.of(1970, 1, 1);
const anyDay = fc.integer({ min: epochDayOf(1900, 1, 1), max: epochDayOf(2199, 12, 31) });
const joda = (epochDay: number) => LocalDate.ofEpochDay(epochDay);

describe('B2 month arithmetic', () => {
  it.each([
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2024-02-29', 60, '2029-02-28'],
    ['2027-08-31', 4, '2027-12-31'],
    ['2024-02-29', 30, '2026-08-29'],
    ['2024-02-29', 54, '2028-08-29'],
    ['2029-02-28', 54, '2033-08-28'],
    ['1986-05-20', 480, '2026-05-20'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2027-03-31', -1, '2027-02-28'],
  ])('%s + %i months = %s', (from, n, expected) => {
    expect(addMonths(from, n)).toBe(expected);
  });

  it('one step from the anchor: anchor + 54 months is not (anchor + 30) + 24', () => {
    expect(addMonths('2023-08-31', 54)).toBe('2028-02-29');
    expect(addMonths(addMonths('2023-08-31', 30), 24)).toBe('2028-02-28');
  });

  it('property: agrees with js-joda LocalDate.plusMonths (clamping to the month end)', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -120, max: 720 }), (d, n) => {
        expect(formatIsoDate(addMonthsEpoch(d, n))).toBe(joda(d).plusMonths(n).toString());
      }),
      { numRuns: 20000 },
    );
  });
});

describe('epoch days', () => {
  it('property: conversion, formatting and weekday agree with js-joda', () => {
    fc.assert(
      fc.property(anyDay, (d) => {
        const date = joda(d);
        expect(civilOf(d)).toEqual([date.year(), date.monthValue(), date.dayOfMonth()]);
        expect(epochDayOf(date.year(), date.monthValue(), date.dayOfMonth())).toBe(d);
        expect(formatIsoDate(d)).toBe(date.toString());
        expect(isoWeekday(d)).toBe(date.dayOfWeek().value());
        expect(EPOCH.until(date, ChronoUnit.DAYS)).toBe(d);
      }),
      { numRuns: 20000 },
    );
  });

  it('strict parsing rejects impossible and malformed dates', () => {
    for (const bad of [
      '2027-02-30',
      '2027-02-29',
      '2027-13-01',
      '2027-00-10',
      '2027-1-01',
      '27-01-01',
      '2027/01/01',
      '2027-01-01T00:00',
      ' 2027-01-01',
      '',
      '1899-12-31',
      '2200-01-01',
    ])
      expect(tryParseIsoDate(bad)).toBeUndefined();
    for (const bad of [20270101, null, undefined, {}, ['2027-01-01']]) expect(isValidIsoDate(bad)).toBe(false);
    expect(tryParseIsoDate('2028-02-29')).toBe(epochDayOf(2028, 2, 29));
    expect(tryParseIsoDate('2000-02-29')).toBe(epochDayOf(2000, 2, 29));
    expect(tryParseIsoDate('2100-02-29')).toBeUndefined();
  });

  it('property: strict parsing accepts exactly what js-joda accepts (years 1900–2199)', () => {
    const candidate = fc.tuple(
      fc.integer({ min: 1900, max: 2199 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
    );
    fc.assert(
      fc.property(candidate, ([y, m, d]) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        let jodaOk: boolean;
        try {
          LocalDate.parse(text);
          jodaOk = true;
        } catch {
          jodaOk = false;
        }
        expect(tryParseIsoDate(text) !== undefined).toBe(jodaOk);
      }),
      { numRuns: 20000 },
    );
  });
});
