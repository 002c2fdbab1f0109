/** Due dates (B2–B5), status at asOf and Danish texts (§E) of the recorded occurrences. */
import { isWorkingDayEpoch, nonWorkingReasonEpoch, shiftEpoch, weekdayNameEpoch } from '../calendar/danish-calendar';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import { type Duration } from '../rule-sets/rule-set';
import { TEMPLATE_SLOTS, type TemplateValues, renderTemplate } from '../text/danish-text';
import { textVariant } from './compiled-rule-set';
import { type Occurrence, type OccurrenceStatus } from './engine-types';
import { type OccurrenceRecord, addDuration } from './occurrence-ledger';
import { orderByKeys } from './order-by-keys';

/**
 * Lexicographic rank of each code present in `out`, computed per call from the complete set of codes. A rank must
 * never change while sort keys are being built: a module-level table grown code by code (as before) gave keys built
 * before and after a new code different ranks, so same-day rows were ordered by the process's history.
 */
function codeRanksOf(out: readonly Occurrence[]): Map<string, number> {
  const ranks = new Map<string, number>();
  for (let i = 0; i < out.length; i++) ranks.set(out[i].code, 0);
  const codes = [...ranks.keys()].sort();
  for (let i = 0; i < codes.length; i++) ranks.set(codes[i], i);
  return ranks;
}

/** Numbers (C5), computes and sorts by dueOn, then code, then occurrence (§E). */
export function finalizeOccurrences(
  records: readonly OccurrenceRecord[],
  asOf: EpochDay,
  /** Migrated output (law-2026 O2): adds the row fields that exist only after MIG-2026. */
  decorate?: (rec: OccurrenceRecord, occurrence: Occurrence) => void,
): Occurrence[] {
  const counters: number[] = [];
  const out: Occurrence[] = [];
  const dues: number[] = [];
  const values: TemplateValues = new Array<string | number | undefined>(TEMPLATE_SLOTS.length).fill(undefined);
  let maxNumber = 0;
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec.dropped) continue;
    const codeId = rec.compiled.codeId;
    const number = (counters[codeId] ?? 0) + 1;
    counters[codeId] = number;
    if (number > maxNumber) maxNumber = number;
    dues.push(finalize(rec, number, asOf, out, values));
    if (decorate !== undefined) decorate(rec, out[out.length - 1]);
  }
  return sortOccurrences(out, dues, maxNumber);
}

/**
 * Sort by (dueOn, code, occurrence), packed into one exact double key (dueOn < 2^17, code rank < 2^10,
 * occurrence < 2^20: 47 bits); out-of-range inputs fall back to a comparator.
 */
function sortOccurrences(out: Occurrence[], dues: readonly number[], maxNumber: number): Occurrence[] {
  const n = out.length;
  let packable = maxNumber < 1048576;
  const ranks = codeRanksOf(out);
  const keys: number[] = [];
  for (let i = 0; i < n && packable; i++) {
    const rank = ranks.get(out[i].code) as number;
    if (rank >= 1024 || dues[i] < 0 || dues[i] >= 131072) packable = false;
    else keys.push((dues[i] * 1024 + rank) * 1048576 + out[i].occurrence);
  }
  if (packable) {
    const order = orderByKeys(keys);
    const sorted: Occurrence[] = [];
    for (let i = 0; i < n; i++) sorted.push(out[order[i]]);
    return sorted;
  }
  const order = out.map((_, i) => i);
  order.sort(
    (a, b) =>
      dues[a] - dues[b] ||
      (ranks.get(out[a].code) as number) - (ranks.get(out[b].code) as number) ||
      out[a].occurrence - out[b].occurrence,
  );
  return order.map((i) => out[i]);
}

/** Pushes the occurrence to `out` and returns its dueOn. */
function finalize(
  rec: OccurrenceRecord,
  number: number,
  asOf: EpochDay,
  out: Occurrence[],
  values: TemplateValues,
): EpochDay {
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
  const occurrence = buildOccurrence(
    rec.code,
    number,
    kind,
    status,
    rec.ruleSet.id,
    title,
    iso(rec.startedOn),
    iso(rec.anchorOn),
    iso(nominal),
    iso(dueOn),
    remindOn === undefined ? undefined : iso(remindOn),
    metOn,
    cancelledOn,
    pausedSince === undefined ? undefined : iso(pausedSince),
    rec.waiverReason,
    def.source,
    explanation,
  );
  out.push(occurrence);
  return dueOn;
}

/**
 * The output record in the documented key order, optional keys only when present. The common shapes are object
 * literals of their own (one hidden class each, cheap to create); rarer combinations are built key by key.
 */
function buildOccurrence(
  code: string,
  occurrence: number,
  kind: Occurrence['kind'],
  status: OccurrenceStatus,
  ruleSet: string,
  title: string,
  startedOn: string,
  anchorOn: string,
  nominalDueOn: string,
  dueOn: string,
  remindOn: string | undefined,
  metOn: string | undefined,
  cancelledOn: string | undefined,
  pausedSince: string | undefined,
  waiverReason: string | undefined,
  source: string,
  explanation: string,
): Occurrence {
  const mask =
    (remindOn === undefined ? 0 : 1) |
    (metOn === undefined ? 0 : 2) |
    (cancelledOn === undefined ? 0 : 4) |
    (pausedSince === undefined ? 0 : 8) |
    (waiverReason === undefined ? 0 : 16);
  switch (mask) {
    case 0:
      return {
        code,
        occurrence,
        kind,
        status,
        ruleSet,
        title,
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn,
        source,
        explanation,
      };
    case 2:
      return {
        code,
        occurrence,
        kind,
        status,
        ruleSet,
        title,
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn,
        metOn,
        source,
        explanation,
      };
    case 4:
      return {
        code,
        occurrence,
        kind,
        status,
        ruleSet,
        title,
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn,
        cancelledOn,
        source,
        explanation,
      };
    case 18:
      return {
        code,
        occurrence,
        kind,
        status,
        ruleSet,
        title,
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn,
        metOn,
        waiverReason,
        source,
        explanation,
      };
    default: {
      const o = {
        code,
        occurrence,
        kind,
        status,
        ruleSet,
        title,
        startedOn,
        anchorOn,
        nominalDueOn,
        dueOn,
      } as Occurrence;
      if (remindOn !== undefined) o.remindOn = remindOn;
      if (metOn !== undefined) o.metOn = metOn;
      if (cancelledOn !== undefined) o.cancelledOn = cancelledOn;
      if (pausedSince !== undefined) o.pausedSince = pausedSince;
      if (waiverReason !== undefined) o.waiverReason = waiverReason;
      o.source = source;
      o.explanation = explanation;
      return o;
    }
  }
}
