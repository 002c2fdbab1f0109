/**
 * The one CSV writer (exports, import reports). Excel-friendly for a Danish locale: a UTF-8 byte-order mark so
 * Excel reads æ/ø/å, `;` as separator (Danish Excel uses `,` as the decimal comma), CRLF line ends, and dates as
 * dd-mm-yyyy. Pure: no I/O.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  /** Header text (Danish for user-facing exports). */
  header: string;
  value: (row: Row) => CsvValue;
}

const BOM = '\uFEFF';
const SEPARATOR = ';';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}/;

/** 2026-12-07 → 07-12-2026; other text unchanged. Instants are written as given (ISO, unambiguous). */
export function danishDate(value: string): string {
  const m = ISO_DATE.exec(value);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : value;
}

export interface CsvOptions {
  /**
   * false: machine-readable cells for a file frist reads back (an import file): ISO dates and a decimal point.
   * Default true: what a person opens in Danish Excel.
   */
  danish?: boolean;
}

function cell(value: CsvValue, danish: boolean): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number')
    text = Number.isInteger(value) || !danish ? String(value) : String(value).replace('.', ',');
  else if (typeof value === 'boolean') text = value ? 'ja' : 'nej';
  else text = !danish || ISO_INSTANT.test(value) ? value : danishDate(value);
  // A leading =, +, - or @ would be run as a formula by Excel (CSV injection): prefix a quote so it stays text.
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(,\d+)?$/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: BOM, header line, one line per row, CRLF after every line. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>, options: CsvOptions = {}): string {
  const danish = options.danish ?? true;
  const lines = [columns.map((c) => cell(c.header, danish)).join(SEPARATOR)];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row), danish)).join(SEPARATOR));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
