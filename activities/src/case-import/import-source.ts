/**
 * Reads an import file into one record per case. JSON Lines: one case per line. CSV: one event per row, rows of
 * one case grouped by caseId, else by (caseType, citizenRef), in file order. The column mapping is documented in
 * docs/onboarding.md and published as docs/schemas/import-events-csv.schema.json.
 */
import { parse } from 'csv-parse/sync';
import { eventTypeDefinition } from '@frist/obligations';
import { IMPORT_REASONS } from './import-reasons';

export type ImportFormat = 'jsonl' | 'csv';

export interface ImportRecord {
  /** 1-based line of the case in the file (CSV: its first row). */
  line: number;
  /** CSV: the line of each event, by event index. */
  eventLines?: number[];
  /** The case as submitted: { caseId?, citizenRef, team, caseType?, birthDate?, events[] }. */
  raw?: unknown;
  /** Why the line could not even be read as a case. */
  unreadable?: { reason: string; detail: string };
}

/** The case columns of the CSV format; every other column is an event field named by its header. */
export const CSV_CASE_COLUMNS = ['caseId', 'citizenRef', 'team', 'caseType', 'birthDate'] as const;
export const CSV_EVENT_COLUMNS = ['eventId', 'type', 'date'] as const;
const CSV_REQUIRED = ['citizenRef', 'team', 'eventId', 'type', 'date'] as const;

/** The format from the file name (.jsonl/.ndjson or .csv), else from the content's first character. */
export function detectFormat(name: string, text: string): ImportFormat {
  if (/\.(jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (/\.csv$/i.test(name)) return 'csv';
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'jsonl'
    : 'csv';
}

export function readImportFile(text: string, format: ImportFormat): ImportRecord[] {
  return format === 'jsonl' ? readJsonLines(text) : readCsvEvents(text);
}

function readJsonLines(text: string): ImportRecord[] {
  const records: ImportRecord[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((content, i) => {
      if (content.trim() === '') return;
      const line = i + 1;
      try {
        const raw: unknown = JSON.parse(content);
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
          records.push({ line, unreadable: { reason: IMPORT_REASONS.notObject, detail: 'expected a JSON object' } });
        else records.push({ line, raw });
      } catch (error) {
        records.push({ line, unreadable: { reason: IMPORT_REASONS.notJson, detail: (error as Error).message } });
      }
    });
  return records;
}

interface CsvRow {
  record: Record<string, string>;
  info: { lines: number };
}

function readCsvEvents(text: string): ImportRecord[] {
  // The header decides the separator: `;` (Danish Excel, where `,` is the decimal comma) or `,`.
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = header.includes(';') ? ';' : ',';
  let rows: CsvRow[];
  try {
    rows = parse<CsvRow>(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return [{ line, unreadable: { reason: 'CSV-filen kan ikke læses', detail: (error as Error).message } }];
  }
  const missing = CSV_REQUIRED.filter((c) => rows.length > 0 && !(c in rows[0].record));
  if (missing.length)
    return [
      { line: 1, unreadable: { reason: IMPORT_REASONS.csvColumn, detail: `missing column(s) ${missing.join(', ')}` } },
    ];
  const byCase = new Map<string, { record: ImportRecord; facts: string; events: Record<string, unknown>[] }>();
  for (const { record: row, info } of rows) {
    const caseType = row.caseType || 'fleksjob';
    const key = row.caseId ? `id:${row.caseId}` : `ref:${caseType}:${row.citizenRef}`;
    const facts = JSON.stringify(CSV_CASE_COLUMNS.map((c) => row[c] ?? ''));
    let group = byCase.get(key);
    if (!group) {
      const raw: Record<string, unknown> = { citizenRef: row.citizenRef, team: row.team, caseType, events: [] };
      if (row.caseId) raw.caseId = row.caseId;
      if (row.birthDate) raw.birthDate = row.birthDate;
      group = {
        record: { line: info.lines, eventLines: [], raw },
        facts,
        events: raw.events as Record<string, unknown>[],
      };
      byCase.set(key, group);
    } else if (group.facts !== facts && !group.record.unreadable) {
      group.record.unreadable = {
        reason: IMPORT_REASONS.csvCaseFactsDiffer,
        detail: `line ${info.lines}: team, caseType or birthDate differs from line ${group.record.line}`,
      };
    }
    group.events.push(csvEvent(row, caseType));
    group.record.eventLines!.push(info.lines);
  }
  return [...byCase.values()].map((g) => g.record);
}

const BOOLEAN_CELLS: Record<string, boolean> = { true: true, false: false, ja: true, nej: false };

/** One CSV row's event: the event columns, then every other non-empty column as a field of the event's type. */
function csvEvent(row: Record<string, string>, caseType: string): Record<string, unknown> {
  const event: Record<string, unknown> = { eventId: row.eventId, type: row.type, date: row.date };
  const specs = eventTypeDefinition(row.type, caseType)?.fields ?? {};
  const reserved = new Set<string>([...CSV_CASE_COLUMNS, ...CSV_EVENT_COLUMNS]);
  for (const [column, value] of Object.entries(row)) {
    if (reserved.has(column) || value === '') continue;
    const kind = specs[column]?.kind;
    // Numbers may use a Danish decimal comma, booleans read true/false or ja/nej; anything else stays text (and
    // fails validation if the field wants a number or a boolean).
    const numeric = kind === 'integer' || kind === 'number' || kind === 'positive-number';
    const n = numeric ? Number(value.replace(',', '.')) : NaN;
    const flag = kind === 'boolean' ? BOOLEAN_CELLS[value.toLowerCase()] : undefined;
    event[column] = numeric && Number.isFinite(n) ? n : (flag ?? value);
  }
  return event;
}
