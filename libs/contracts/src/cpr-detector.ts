/**
 * The one detector of Danish CPR numbers in text, used on every free-text field and the citizen reference at the
 * API's edge and by the tests that scan logs and workflow histories. frist must never hold a CPR number.
 *
 * A CPR number is DDMMYY-SSSS: a birth date and a serial whose first digit fixes the century. People write it with
 * any separators (`010190-1234`, `010190 1234`, `01.01.90-1234`, `01 01 90 12 34`), in full-width or other Unicode
 * digits, or with a four-digit year (`01011990-1234`). The detector reads digit groups split by such separators and
 * flags any run of whole groups with 10 (or 12) digits whose date part is a real date of the century its serial
 * names. A longer number (13 digits with no break) is not a CPR number; neither is a date alone.
 */

/** Characters that may separate the groups of one number: spaces, dashes, dots, slashes. */
const SEPARATOR = /[\p{Zs}\t\p{Pd}\u2212./]/u;
const DIGIT = /\p{Nd}/u;
/** More separators than this in a row end the number ("1. 2. 3." style prose stays two numbers apart). */
const MAX_SEPARATOR_RUN = 3;

/** The value 0–9 of a Unicode decimal digit (every script's digits are a contiguous run from its zero). */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 48 && cp <= 57) return cp - 48;
  let start = cp;
  // Runs of decimal digits are whole 0–9 blocks (mathematical digits are five blocks in a row).
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1)) && cp - start < 60) start--;
  return (cp - start) % 10;
}

/** The digit groups of each number in the text: `01.01.90-1234 og 5` → [['01', '01', '90', '1234'], ['5']]. */
function numbers(text: string): string[][] {
  const out: string[][] = [];
  let groups: string[] = [];
  let group = '';
  let separators = 0;
  const flush = (): void => {
    if (group) groups.push(group);
    if (groups.length) out.push(groups);
    groups = [];
    group = '';
  };
  // NFKC folds full-width and compatibility digits (１, 𝟏) to ASCII first; other scripts' digits are mapped below.
  for (const ch of text.normalize('NFKC')) {
    if (DIGIT.test(ch)) {
      if (separators > 0 && group) {
        groups.push(group);
        group = '';
      }
      separators = 0;
      group += String(digitValue(ch));
    } else if (SEPARATOR.test(ch) && group !== '' && separators < MAX_SEPARATOR_RUN) {
      separators++;
    } else {
      flush();
      separators = 0;
    }
  }
  flush();
  return out;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The CPR register's century rule: the serial's first digit and the two-digit year give the full year. */
export function cprBirthYear(yy: number, serialFirstDigit: number): number {
  if (serialFirstDigit <= 3) return 1900 + yy;
  if (serialFirstDigit === 4 || serialFirstDigit === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

function isCpr(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  if (month < 1 || month > 12 || day < 1) return false;
  if (digits.length === 10)
    return day <= daysInMonth(cprBirthYear(Number(digits.slice(4, 6)), Number(digits[6])), month);
  // DDMMYYYY-SSSS: the written year must be the one the serial allows.
  const year = Number(digits.slice(4, 8));
  const yy = year % 100;
  return cprBirthYear(yy, Number(digits[8])) === year && day <= daysInMonth(year, month);
}

/**
 * Where the groups of a written CPR number may break: between day, month, year and serial pairs, and always
 * between date and serial when it breaks at all (`01.01.2026 10` is a date and a time, not `010120-2610`).
 */
const BREAKS: Record<number, { allowed: readonly number[]; required: number }> = {
  10: { allowed: [2, 4, 6, 8], required: 6 },
  12: { allowed: [2, 4, 8, 10], required: 8 },
};

/** True when the text contains something a person would read as a CPR number. */
export function containsCpr(text: string): boolean {
  for (const groups of numbers(text))
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      const breaks: number[] = [];
      for (let j = i; j < groups.length && digits.length < 12; j++) {
        if (j > i) breaks.push(digits.length);
        digits += groups[j];
        const shape = BREAKS[digits.length];
        if (
          shape &&
          (breaks.length === 0 ||
            (breaks.includes(shape.required) && breaks.every((b) => shape.allowed.includes(b)))) &&
          isCpr(digits)
        )
          return true;
      }
    }
  return false;
}
