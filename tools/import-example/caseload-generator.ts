/**
 * A deterministic running caseload as a case management system would export it: fleksjob cases with histories
 * from the bench's case simulator, a few sygedagpenge cases, and (optionally) deliberately invalid cases, one of
 * each kind the import report must explain. Same options, same output, on every machine.
 */
import { toCsv, type CsvColumn, type CsvValue } from '@frist/contracts';
import { addDays, type CaseEvent, type IsoDate } from '@frist/obligations';
import { rng, simulateCase, simulateSygedagpengeCase } from '@frist/testing';

export interface CaseloadOptions {
  cases: number;
  /** The export date: no event after it. */
  exportedOn: IsoDate;
  seed: number;
  /** History length range in years (the simulator starts each case this long before exportedOn). */
  minYears: number;
  maxYears: number;
  /** Every n-th case is made invalid in one of the ways below; 0: none. */
  invalidEvery: number;
}

export interface ExportedEvent extends Record<string, unknown> {
  eventId: string;
  type: string;
  date: string;
}

export interface ExportedCase {
  citizenRef: string;
  team: string;
  caseType: 'fleksjob' | 'sygedagpenge';
  birthDate?: string;
  events: ExportedEvent[];
}

/** A line of the export: a case, or (one kind of invalid input) a line that is not JSON at all. */
export type ExportLine = { case: ExportedCase; invalid?: string } | { text: string; invalid?: string };

const FLEKS_TEAMS = ['fleks-nord', 'fleks-syd', 'fleks-vest'];
const SDP_TEAM = 'sdp-midt';

/** The invalid variants, in rotation; each names what the report should say. */
const BREAKAGES: readonly [string, (c: ExportedCase) => ExportLine][] = [
  [
    'unknown event type',
    (c) => ({ case: { ...c, events: c.events.map((e, i) => (i === 1 ? { ...e, type: 'MOEDE_AFHOLDT' } : e)) } }),
  ],
  ['CPR number as citizenRef', (c) => ({ case: { ...c, citizenRef: '010190-1234' } })],
  [
    'event after the export date',
    (c) => ({
      case: {
        ...c,
        events: [
          ...c.events,
          { eventId: `${c.citizenRef}-future`, type: 'CONTACT_HELD', date: '2150-01-01', form: 'phone' },
        ],
      },
    }),
  ],
  [
    'contact without form',
    (c) => ({
      case: {
        ...c,
        events: c.events.map((e, i) =>
          i === c.events.length - 1 ? { eventId: e.eventId, type: 'CONTACT_HELD', date: e.date } : e,
        ),
      },
    }),
  ],
  ['missing birth date', (c) => ({ case: { ...c, birthDate: undefined } })],
  [
    'duplicate eventId',
    (c) => ({ case: { ...c, events: c.events.map((e, i) => (i === 2 ? { ...e, eventId: c.events[1].eventId } : e)) } }),
  ],
  [
    'impossible date',
    (c) => ({ case: { ...c, events: c.events.map((e, i) => (i === 1 ? { ...e, date: '2025-02-30' } : e)) } }),
  ],
  ['team is not a slug', (c) => ({ case: { ...c, team: 'Fleks Nord' } })],
  ['truncated line', (c) => ({ text: JSON.stringify(c).slice(0, 60) })],
];

export function generateCaseload(o: CaseloadOptions): ExportLine[] {
  const r = rng(o.seed);
  const lines: ExportLine[] = [];
  let broken = 0;
  for (let n = 1; n <= o.cases; n++) {
    const ref = `SAG-${String(n).padStart(6, '0')}`;
    const years = o.minYears + r() * (o.maxYears - o.minYears);
    const start = addDays(o.exportedOn, -Math.round(years * 365.25));
    const c: ExportedCase =
      n % 10 === 0
        ? sygedagpengeCase(ref, addDays(o.exportedOn, -Math.round(Math.min(years, 0.9) * 365.25)), o.exportedOn, r)
        : fleksjobCase(ref, FLEKS_TEAMS[n % FLEKS_TEAMS.length], start, o.exportedOn, o.seed * 100_000 + n);
    // Offset by 5 so the invalid cases are fleksjob cases (every 10th is sygedagpenge).
    if (o.invalidEvery > 0 && (n + 5) % o.invalidEvery === 0 && c.caseType === 'fleksjob') {
      const [kind, breakIt] = BREAKAGES[broken++ % BREAKAGES.length];
      lines.push({ ...breakIt(c), invalid: kind });
    } else lines.push({ case: c });
  }
  return lines;
}

function withIds(ref: string, events: CaseEvent[]): ExportedEvent[] {
  // The case management system's own ids: journal numbers, unique within the case.
  return events.map((e, i): ExportedEvent => ({ eventId: `${ref}-J${String(i + 1).padStart(4, '0')}`, ...e }));
}

function fleksjobCase(ref: string, team: string, start: IsoDate, end: IsoDate, seed: number): ExportedCase {
  const sim = simulateCase({ start, end, seed });
  return { citizenRef: ref, team, caseType: 'fleksjob', birthDate: sim.birthDate, events: withIds(ref, sim.events) };
}

function sygedagpengeCase(ref: string, start: IsoDate, end: IsoDate, r: () => number): ExportedCase {
  const events = simulateSygedagpengeCase(start, end, r);
  return { citizenRef: ref, team: SDP_TEAM, caseType: 'sygedagpenge', events: withIds(ref, events) };
}

/** JSON Lines: one case per line. */
export function toJsonLines(lines: readonly ExportLine[]): string {
  return lines.map((l) => ('text' in l ? l.text : JSON.stringify(l.case))).join('\n') + '\n';
}

/** CSV of events (the documented column mapping): case columns, event columns, then one column per event field. */
export function toEventCsv(lines: readonly ExportLine[]): string {
  const cases = lines.flatMap((l) => ('case' in l ? [l.case] : []));
  const fieldNames = [...new Set(cases.flatMap((c) => c.events.flatMap((e) => Object.keys(e))))]
    .filter((k) => !['eventId', 'type', 'date'].includes(k))
    .sort();
  type Row = { c: ExportedCase; e: ExportedEvent };
  const columns: CsvColumn<Row>[] = [
    { header: 'citizenRef', value: (r) => r.c.citizenRef },
    { header: 'team', value: (r) => r.c.team },
    { header: 'caseType', value: (r) => r.c.caseType },
    { header: 'birthDate', value: (r) => r.c.birthDate },
    { header: 'eventId', value: (r) => r.e.eventId },
    { header: 'type', value: (r) => r.e.type },
    { header: 'date', value: (r) => r.e.date },
    ...fieldNames.map((f): CsvColumn<Row> => ({ header: f, value: (r) => r.e[f] as CsvValue })),
  ];
  return toCsv(
    columns,
    cases.flatMap((c) => c.events.map((e) => ({ c, e }))),
    { danish: false },
  );
}
