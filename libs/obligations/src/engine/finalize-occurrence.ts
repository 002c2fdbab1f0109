/** Due dates (B2–B5), status at asOf and Danish texts (§E) of the recorded occurrences. */
import { isWorkingDayEpoch, nonWorkingReasonEpoch, shiftEpoch, weekdayNameEpoch } from '../calendar/danish-calendar';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import { type Duration } from '../rule-sets/rule-set';
import { TEMPLATE_SLOTS, type TemplateValues, renderTemplate } from '../text/danish-text';
import { textVariant } from './compiled-rule-set';
import { type LegalBasis, type Occurrence, type OccurrenceStatus } from './engine-types';
import { type OccurrenceRecord, addDuration } from './occurrence-ledger';

/**
 * The row fields that exist only after MIG-2026 (law-2026 O2), and the migrated source and explanation note; filled
 * per row into one reused object by the migrated evaluation (law-extensions.ts).
 */
export interface MigratedRowFields {
  source: string;
  k: number | undefined;
  legalBasis: LegalBasis | undefined;
  backfilled: boolean;
  policy: Occurrence['policy'];
  /** Appended to the explanation (the policy provenance). */
  explanationNote: string;
}

export type MigratedRowOf = (rec: OccurrenceRecord, into: MigratedRowFields) => void;

/** Numbers (C5), computes and sorts by dueOn, then code, then occurrence (§E). */
export function finalizeOccurrences(
  records: readonly OccurrenceRecord[],
  asOf: EpochDay,
  /** Migrated output (law-2026 O2): the row fields that exist only after MIG-2026. */
  migratedRowOf?: MigratedRowOf,
): Occurrence[] {
  const counters: number[] = [];
  const out: Occurrence[] = [];
  /**
   * dueOn as epoch days (the same order as the ISO strings) and the code, by position in out: the sort reads these
   * arrays instead of the rows (rows have several shapes). Rows of one code are numbered in position order.
   */
  const dues: number[] = [];
  const codes: string[] = [];
  const values: TemplateValues = new Array<string | number | undefined>(TEMPLATE_SLOTS.length).fill(undefined);
  const migrated: MigratedRowFields | undefined =
    migratedRowOf === undefined
      ? undefined
      : { source: '', k: undefined, legalBasis: undefined, backfilled: false, policy: undefined, explanationNote: '' };
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec.dropped) continue;
    const codeId = rec.compiled.codeId;
    const number = (counters[codeId] ?? 0) + 1;
    counters[codeId] = number;
    if (migratedRowOf !== undefined) migratedRowOf(rec, migrated as MigratedRowFields);
    out.push(finalize(rec, number, asOf, values, dues, migrated));
    codes.push(rec.code);
  }
  const order = out.map((_, i) => i);
  // §E: dueOn, then code, then occurrence number (position order within a code).
  order.sort((a, b) => dues[a] - dues[b] || (codes[a] === codes[b] ? a - b : codes[a] < codes[b] ? -1 : 1));
  return order.map((i) => out[i]);
}

/** The output row of one recorded occurrence: due date, status at asOf and texts. */
function finalize(
  rec: OccurrenceRecord,
  number: number,
  asOf: EpochDay,
  values: TemplateValues,
  dues: number[],
  migrated: MigratedRowFields | undefined,
): Occurrence {
  const def = rec.definition;
  const compiled = rec.compiled;
  const overridden = rec.overrideAmount !== undefined && def.due.override !== undefined;
  const after: Duration = overridden
    ? { unit: (def.due.override as { unit: Duration['unit'] }).unit, amount: rec.overrideAmount as number }
    : def.due.after;
  const base = addDuration(rec.anchorOn, after);
  let nominal = rec.fixedNominal ?? base; // law-2026: a date fixed by events (R2, R4–R6)
  let capDate: EpochDay | undefined;
  if (def.due.cap && rec.seriesStart !== undefined) {
    capDate = addDuration(rec.seriesStart, def.due.cap);
    if (capDate < nominal) nominal = capDate;
  }

  // B5: each pause [P, R) adds R − P days if it starts before the running nominal date. An open pause runs to
  // E + 1 (E = asOf while open, else the closing date); a pause outlasting the occurrence counts to its close (X2).
  let pausedSince: EpochDay | undefined;
  let countedOpenPause = false;
  const closed = rec.closedAs !== undefined;
  const beforePauses = nominal;
  if (def.due.pause && rec.pauses) {
    const end = (closed ? (rec.closedOn as EpochDay) : asOf) + 1;
    let n = nominal;
    for (const p of rec.pauses) {
      const r = p.to === undefined ? end : Math.min(p.to, end);
      const isOpen = p.to === undefined && !closed;
      if (p.from < n) {
        n += r - p.from;
        if (isOpen) countedOpenPause = true;
      }
      if (isOpen) pausedSince = p.from;
    }
    nominal = n;
  }
  const pauseDays = nominal - beforePauses;

  let remindOn = def.remind ? shiftEpoch(addDuration(rec.anchorOn, def.remind), rec.startedOn) : undefined;
  // law-2026 N0.5 count series: k = 1 is due min(S + due, L), every later k is due L with a paced reminder.
  const cs = def.countSeries;
  const lastDay = cs === undefined ? undefined : rec.seriesEnd;
  if (cs !== undefined && lastDay !== undefined) {
    nominal = rec.k === 1 ? Math.min(base, lastDay) : lastDay;
    if (rec.k !== undefined && rec.k >= 2 && cs.remind)
      remindOn = shiftEpoch(Math.min(addDuration(rec.startedOn, cs.remind), lastDay), rec.startedOn);
  }
  const dueOn = shiftEpoch(nominal, rec.startedOn);
  dues.push(dueOn);

  let status: OccurrenceStatus;
  if (rec.closedAs === 'met') status = (rec.closedOn as EpochDay) <= dueOn ? 'met' : 'met-late';
  else if (rec.closedAs === 'waived') status = 'waived';
  else if (rec.closedAs === 'cancelled') status = 'cancelled';
  else status = dueOn >= asOf || countedOpenPause ? 'open' : 'overdue';

  const iso = formatIsoDate;
  const texts = textVariant(
    compiled,
    rec.anchorLabel,
    overridden ? rec.overrideAmount : undefined,
    rec.k === 1 && cs !== undefined,
  );
  const floor = dueOn === nominal && !isWorkingDayEpoch(nominal);
  // Without a cap, a pause or the floor, nominal = anchorOn + a fixed duration and dueOn = shift(nominal): the texts
  // of a "simple" variant are then a function of anchorOn alone, memoised per variant in day-indexed pages. A
  // re-evaluated timeline reuses the strings instead of rebuilding (and garbage-collecting) them.
  const memo =
    texts.simple &&
    capDate === undefined &&
    lastDay === undefined &&
    pauseDays === 0 &&
    !countedOpenPause &&
    !floor &&
    rec.fixedNominal === undefined
      ? texts.memo
      : undefined;
  const cached = memo?.get(rec.anchorOn);
  let title: string;
  let explanation: string;
  if (cached !== undefined) {
    title = cached[0];
    explanation = cached[1];
  } else {
    // Slots in TEMPLATE_SLOTS order, in an array reused across occurrences; the constant slots are already filled
    // into the variant's templates and are never read.
    values[3] = iso(rec.anchorOn);
    values[4] = iso(nominal);
    values[5] = iso(dueOn);
    values[6] = iso(base);
    values[7] = rec.k;
    values[10] = rec.seriesStart === undefined ? undefined : iso(rec.seriesStart);
    values[11] = capDate === undefined ? undefined : iso(capDate);
    values[12] = pauseDays > 0 ? ` + ${pauseDays} pausedage = ${iso(nominal)}` : '';
    let shift = '';
    if (dueOn !== nominal) {
      shift = `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)} → forfalder ${weekdayNameEpoch(dueOn)} ${iso(dueOn)}`;
    } else if (floor) {
      // B4 floor: the previous working day would precede the occurrence itself.
      shift = `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)}, men fristen flyttes ikke til før startdatoen ${iso(rec.startedOn)}`;
    }
    if (lastDay !== undefined) {
      values[14] = iso(lastDay);
      values[15] = remindOn === undefined ? undefined : iso(remindOn);
      values[16] = shift;
    }
    title = renderTemplate(texts.title, values);
    explanation = (rec.explanationText ?? renderTemplate(texts.explanation, values)) + (rec.explanationNote ?? '');
    if (!texts.placesShift || rec.explanationText !== undefined) explanation += shift;
    if (countedOpenPause && pausedSince !== undefined) {
      explanation += `; foreløbig dato: ydelsen er standset siden ${iso(pausedSince)}, og fristen rykker en dag for hver pausedag`;
    }
    memo?.set(rec.anchorOn, title, explanation);
  }

  const metOn =
    (rec.closedAs === 'met' || rec.closedAs === 'waived') && rec.closedOn !== undefined ? iso(rec.closedOn) : undefined;
  const cancelledOn = rec.closedAs === 'cancelled' && rec.closedOn !== undefined ? iso(rec.closedOn) : undefined;
  const kind =
    def.kindFromK !== undefined && rec.k !== undefined && rec.k >= def.kindFromK.k ? def.kindFromK.kind : def.kind;
  return buildOccurrence({
    code: rec.code,
    occurrence: number,
    kind,
    status,
    ruleSet: rec.ruleSet.id,
    title,
    startedOn: iso(rec.startedOn),
    anchorOn: iso(rec.anchorOn),
    nominalDueOn: iso(nominal),
    dueOn: iso(dueOn),
    remindOn: remindOn === undefined ? undefined : iso(remindOn),
    metOn,
    cancelledOn,
    pausedSince: pausedSince === undefined ? undefined : iso(pausedSince),
    waiverReason: rec.waiverReason,
    source: def.source,
    explanation,
    migrated,
  });
}

/** Every field of an output row; the optional ones are undefined when absent. */
type OccurrenceFields = Pick<
  Occurrence,
  | 'code'
  | 'occurrence'
  | 'kind'
  | 'status'
  | 'ruleSet'
  | 'title'
  | 'startedOn'
  | 'anchorOn'
  | 'nominalDueOn'
  | 'dueOn'
  | 'source'
  | 'explanation'
> &
  Required<{
    [K in 'remindOn' | 'metOn' | 'cancelledOn' | 'pausedSince' | 'waiverReason']: Occurrence[K] | undefined;
  }> & {
    migrated: MigratedRowFields | undefined;
  };

/**
 * The output row in the documented key order (JSON output depends on it), optional keys only when present; a
 * migrated row gets its law-2026 keys here too, in one pass, rather than by a second pass over the finished rows.
 */
function buildOccurrence(f: OccurrenceFields): Occurrence {
  const o: Occurrence = {
    code: f.code,
    occurrence: f.occurrence,
    kind: f.kind,
    status: f.status,
    ruleSet: f.ruleSet,
    title: f.title,
    startedOn: f.startedOn,
    anchorOn: f.anchorOn,
    nominalDueOn: f.nominalDueOn,
    dueOn: f.dueOn,
  } as Occurrence;
  if (f.remindOn !== undefined) o.remindOn = f.remindOn;
  if (f.metOn !== undefined) o.metOn = f.metOn;
  if (f.cancelledOn !== undefined) o.cancelledOn = f.cancelledOn;
  if (f.pausedSince !== undefined) o.pausedSince = f.pausedSince;
  if (f.waiverReason !== undefined) o.waiverReason = f.waiverReason;
  const m = f.migrated;
  if (m === undefined) {
    o.source = f.source;
    o.explanation = f.explanation;
    return o;
  }
  o.source = m.source;
  // Most rows have no policy note: no string concatenation for them.
  o.explanation = m.explanationNote === '' ? f.explanation : f.explanation + m.explanationNote;
  if (m.k !== undefined) o.k = m.k;
  o.legalBasis = m.legalBasis;
  o.backfilled = m.backfilled;
  if (m.policy !== undefined) o.policy = m.policy;
  return o;
}
