/** Due dates (B2–B5), status at asOf and Danish texts (§E) of the recorded occurrences. */
import { isWorkingDayEpoch, nonWorkingReasonEpoch, shiftEpoch, weekdayNameEpoch } from '../calendar/danish-calendar';
import { type EpochDay, formatIsoDate } from '../dates/iso-date';
import { type Duration } from '../rule-sets/rule-set';
import { type TemplateValues, durationLabel, durationShortLabel, renderTemplate } from '../text/danish-text';
import { type Occurrence, type OccurrenceStatus } from './engine-types';
import { type OccurrenceRecord, addDuration } from './occurrence-ledger';

interface Computed {
  occurrence: Occurrence;
  dueOn: EpochDay;
}

export function finalizeOccurrences(records: readonly OccurrenceRecord[], asOf: EpochDay): Occurrence[] {
  const counters = new Map<string, number>();
  const computed: Computed[] = [];
  for (const rec of records) {
    if (rec.dropped) continue;
    const number = (counters.get(rec.code) ?? 0) + 1;
    counters.set(rec.code, number);
    computed.push(finalize(rec, number, asOf));
  }
  computed.sort(
    (a, b) =>
      a.dueOn - b.dueOn ||
      (a.occurrence.code < b.occurrence.code ? -1 : a.occurrence.code > b.occurrence.code ? 1 : 0) ||
      a.occurrence.occurrence - b.occurrence.occurrence,
  );
  return computed.map((c) => c.occurrence);
}

function finalize(rec: OccurrenceRecord, number: number, asOf: EpochDay): Computed {
  const def = rec.definition;
  const compiled = rec.compiled;
  const overridden = rec.overrideAmount !== undefined && def.due.override !== undefined;
  const after: Duration = overridden ? { unit: (def.due.override as { unit: Duration['unit'] }).unit, amount: rec.overrideAmount as number } : def.due.after;
  const base = addDuration(rec.anchorOn, after);
  let nominal = base;
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

  const dueOn = shiftEpoch(nominal, rec.startedOn);
  const remindOn = def.remind ? shiftEpoch(addDuration(rec.anchorOn, def.remind), rec.startedOn) : undefined;

  let status: OccurrenceStatus;
  if (rec.closedAs === 'met') status = (rec.closedOn as EpochDay) <= dueOn ? 'met' : 'met-late';
  else if (rec.closedAs === 'waived') status = 'waived';
  else if (rec.closedAs === 'cancelled') status = 'cancelled';
  else status = dueOn >= asOf || countedOpenPause ? 'open' : 'overdue';

  const iso = formatIsoDate;
  // Slots in TEMPLATE_SLOTS order.
  const values: TemplateValues = [
    overridden ? durationLabel(after) : compiled.afterLabel,
    overridden ? durationShortLabel(after) : compiled.afterShortLabel,
    rec.anchorLabel,
    iso(rec.anchorOn),
    iso(nominal),
    iso(dueOn),
    iso(base),
    rec.k,
    def.series?.count,
    compiled.capLabel,
    rec.seriesStart === undefined ? undefined : iso(rec.seriesStart),
    capDate === undefined ? undefined : iso(capDate),
    pauseDays > 0 ? ` + ${pauseDays} pausedage = ${iso(nominal)}` : '',
  ];
  let explanation = renderTemplate(compiled.explanation, values);
  if (dueOn !== nominal) {
    explanation += `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)} → forfalder ${weekdayNameEpoch(dueOn)} ${iso(dueOn)}`;
  } else if (!isWorkingDayEpoch(nominal)) {
    // B4 floor: the previous working day would precede the occurrence itself.
    explanation += `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)}, men fristen flyttes ikke til før startdatoen ${iso(rec.startedOn)}`;
  }
  if (countedOpenPause && pausedSince !== undefined) {
    explanation += `; foreløbig dato: ydelsen er standset siden ${iso(pausedSince)}, og fristen rykker en dag for hver pausedag`;
  }

  // Built in the documented key order (JSON output is read by people); optional keys only when present.
  const occurrence = {
    code: rec.code,
    occurrence: number,
    kind: def.kind,
    status,
    ruleSet: rec.ruleSet.id,
    title: renderTemplate(compiled.taskTitle, values),
    startedOn: iso(rec.startedOn),
    anchorOn: iso(rec.anchorOn),
    nominalDueOn: iso(nominal),
    dueOn: iso(dueOn),
  } as Occurrence;
  if (remindOn !== undefined) occurrence.remindOn = iso(remindOn);
  if ((rec.closedAs === 'met' || rec.closedAs === 'waived') && rec.closedOn !== undefined) occurrence.metOn = iso(rec.closedOn);
  if (rec.closedAs === 'cancelled' && rec.closedOn !== undefined) occurrence.cancelledOn = iso(rec.closedOn);
  if (pausedSince !== undefined) occurrence.pausedSince = iso(pausedSince);
  if (rec.waiverReason !== undefined) occurrence.waiverReason = rec.waiverReason;
  occurrence.source = def.source;
  occurrence.explanation = explanation;
  return { occurrence, dueOn };
}
