import { addDaysIso, copenhagenDate, copenhagenStartOfDay } from './copenhagen-time';

describe('Copenhagen time', () => {
  it.each([
    ['2027-01-15', '2027-01-14T23:00:00.000Z'], // CET
    ['2027-07-15', '2027-07-14T22:00:00.000Z'], // CEST
    ['2027-03-28', '2027-03-27T23:00:00.000Z'], // DST starts at 02:00 that day
    ['2027-10-31', '2027-10-30T22:00:00.000Z'], // DST ends at 03:00 that day
  ])('day %s starts at %s', (day, instant) => {
    expect(new Date(copenhagenStartOfDay(day)).toISOString()).toBe(instant);
    expect(copenhagenDate(copenhagenStartOfDay(day))).toBe(day);
    expect(copenhagenDate(copenhagenStartOfDay(day) - 1)).toBe(addDaysIso(day, -1));
  });

  it('adds days across month and year ends', () => {
    expect(addDaysIso('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDaysIso('2028-03-01', -1)).toBe('2028-02-29');
  });
});
