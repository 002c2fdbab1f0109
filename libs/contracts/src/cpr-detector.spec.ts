import fc from 'fast-check';
import { containsCpr, cprBirthYear } from './cpr-detector';

describe('containsCpr', () => {
  it.each([
    ['0101901234', 'plain'],
    ['010190-1234', 'with a dash'],
    ['010190 1234', 'with a space (the issue)'],
    ['01.01.90-1234', 'dotted date (the issue)'],
    ['01 01 90 12 34', 'in pairs'],
    ['０１０１９０－１２３４', 'full-width digits and dash (the issue)'],
    ['０１０１９０１２３４', 'full-width digits'],
    ['𝟎𝟏𝟎𝟏𝟗𝟎𝟏𝟐𝟑𝟒', 'mathematical digits'],
    ['٠١٠١٩٠-١٢٣٤', 'Arabic-Indic digits'],
    ['010190\u00a01234', 'a no-break space'],
    ['010190\u20131234', 'an en dash'],
    ['01/01/90-1234', 'slashes'],
    ['01011990-1234', 'a four-digit year its serial allows'],
    ['borgeren har cpr 290200-4000 oplyst', 'inside prose, 29 Feb 2000 (serial 4: 2000)'],
    ['sag 12 0101901234', 'after another number'],
  ])('finds %s (%s)', (text) => {
    expect(containsCpr(text)).toBe(true);
  });

  it.each([
    ['fagsystem-123', 'an opaque reference'],
    ['2026-09-01', 'an ISO date'],
    ['3201901234', 'day 32'],
    ['0113901234', 'month 13'],
    ['2902011234', '29 Feb 1901 (serial 1: 1901, no leap year)'],
    ['01019012345', '11 digits'],
    ['0101901234567', '13 digits with no break'],
    ['01011890-1234', 'a four-digit year the serial does not allow (1890 with serial 1)'],
    ['mødet 01.01.2026 10.30', 'a date and a time'],
    ['0101 901234', 'a break inside the date but not before the serial'],
    ['tlf. 12 34 56 78', 'a phone number'],
    ['', 'nothing'],
  ])('does not flag %s (%s)', (text) => {
    expect(containsCpr(text)).toBe(false);
  });

  it('applies the century rule of the serial', () => {
    expect(cprBirthYear(90, 0)).toBe(1990);
    expect(cprBirthYear(36, 4)).toBe(2036);
    expect(cprBirthYear(37, 9)).toBe(1937);
    expect(cprBirthYear(57, 5)).toBe(2057);
    expect(cprBirthYear(58, 8)).toBe(1858);
    // 29 Feb 1900 (serial 0-3) is no date; 29 Feb 2000 (serial 4) is.
    expect(containsCpr('290200-1234')).toBe(false);
    expect(containsCpr('290200-4234')).toBe(true);
  });

  it('finds every valid CPR number in every written form', () => {
    const cpr = fc
      .record({
        year: fc.integer({ min: 1858, max: 2057 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        rest: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ year, month, day, rest }) => {
        // A serial digit that puts this year in its century.
        const first = year < 1900 ? 5 : year < 2000 ? (year % 100 >= 58 ? 0 : 2) : year % 100 <= 36 ? 4 : 5;
        const p = (n: number, w: number) => String(n).padStart(w, '0');
        return { dd: p(day, 2), mm: p(month, 2), yy: p(year % 100, 2), serial: `${first}${p(rest, 3)}` };
      });
    const forms = fc.constantFrom(
      (c: { dd: string; mm: string; yy: string; serial: string }) => `${c.dd}${c.mm}${c.yy}${c.serial}`,
      (c: { dd: string; mm: string; yy: string; serial: string }) => `${c.dd}${c.mm}${c.yy}-${c.serial}`,
      (c: { dd: string; mm: string; yy: string; serial: string }) => `${c.dd}.${c.mm}.${c.yy} ${c.serial}`,
      (c: { dd: string; mm: string; yy: string; serial: string }) =>
        `${c.dd}${c.mm}${c.yy}${c.serial}`.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d))),
    );
    fc.assert(
      fc.property(cpr, forms, fc.string({ unit: 'grapheme-ascii', maxLength: 5 }), (c, form, prefix) => {
        expect(containsCpr(`${prefix.replace(/[\d\s./-]/g, 'x')} ${form(c)}`)).toBe(true);
      }),
      { seed: 20261207 },
    );
  });
});
