/**
 * Trial overlays (spec trials-and-sygedagpenge.md §T): enrolments, the recurring contact overlay (U1), volume
 * windows (T3), period end and early end. Runs beside the rule-set interpreter in the same single pass over the
 * events, and is created only when a timeline has trial events, so cases without a trial pay nothing for it.
 *
 * Engine steps interleave with events by (date, rank): the period end runs at rank −1 of L + 1 (before class 1),
 * a volume window opens at `WINDOW_RANK` of its start date (after class 4, before class 5).
 */
import { isWorkingDayEpoch, nonWorkingReasonEpoch, shiftEpoch, weekdayNameEpoch } from '../calendar/danish-calendar';
import {
  type CaseState,
  type CaseTypeDefinition,
  type EngineEvent,
  type OpenOccurrenceView,
} from '../case-types/case-type';
import { type EpochDay, addMonthsEpoch, formatIsoDate, parseIsoDate } from '../dates/iso-date';
import { type Enrolment, type Occurrence, type OccurrenceStatus } from '../engine/engine-types';
import { findProgramme } from './aht.programmes';
import {
  type EnrolmentOutcome,
  type OverlayDefinition,
  type TrialArm,
  type TrialCaseTypeRule,
  type TrialProgramme,
  type TrialVersion,
} from './trial-programme';

const PERIOD_END_RANK = -1;
/** After class 4 (ranks 40–44), before class 5 (50). */
const WINDOW_RANK = 45;

const versionStarts = new WeakMap<TrialProgramme, readonly EpochDay[]>();

/** The version in force on a date (the first also governs earlier dates, as §G rule 2). */
function versionOn(programme: TrialProgramme, day: EpochDay): TrialVersion {
  let starts = versionStarts.get(programme);
  if (!starts) {
    starts = programme.versions.map((v) => parseIsoDate(v.effectiveFrom));
    versionStarts.set(programme, starts);
  }
  let chosen = 0;
  for (let i = 1; i < starts.length; i++) if (starts[i] <= day) chosen = i;
  return programme.versions[chosen];
}

interface OverlayRecord {
  readonly seq: number;
  readonly definition: OverlayDefinition;
  readonly programme: TrialProgramme;
  readonly version: TrialVersion;
  readonly startedOn: EpochDay;
  readonly anchorLabel: string;
  /** recurring-contact: the interval fixed at creation. */
  readonly intervalDays: number;
  /** volume: grid week and hours. */
  readonly week: number;
  readonly targetHours: number;
  registeredHours: number;
  closedAs: 'met' | 'waived' | 'cancelled' | undefined;
  closedOn: EpochDay | undefined;
  waiverReason: string | undefined;
}

interface EnrolmentRecord {
  readonly programme: TrialProgramme;
  readonly rule: TrialCaseTypeRule;
  readonly arm: TrialArm;
  readonly assignedOn: EpochDay;
  readonly lastDay: EpochDay;
  /** First day of volume window 1 (A = T + lead-in). */
  readonly gridStart: EpochDay;
  status: Enrolment['status'];
  endedOn: EpochDay | undefined;
  outcome: EnrolmentOutcome | undefined;
  exemptionReason: string | undefined;
  individual: { days: number; reason: string } | undefined;
  contact: OverlayRecord | undefined;
  window: OverlayRecord | undefined;
  nextWeek: number;
}

type Warn = (event: EngineEvent, reason: string) => void;

export class TrialTracker {
  private readonly enrolments: EnrolmentRecord[] = [];
  private readonly records: OverlayRecord[] = [];

  constructor(
    private readonly caseType: CaseTypeDefinition,
    private readonly state: CaseState,
    private readonly view: OpenOccurrenceView,
    private readonly programmes: readonly TrialProgramme[],
  ) {}

  /** Runs every engine step ordered before (date, rank). */
  advance(date: EpochDay, rank: number): void {
    for (const e of this.enrolments) {
      for (;;) {
        if (e.status !== 'active') break;
        const end = e.lastDay + 1;
        const windowStart = e.arm === 'participant' ? e.gridStart + 7 * (e.nextWeek - 1) : Number.POSITIVE_INFINITY;
        const windowExists = windowStart + 6 <= e.lastDay;
        if (windowExists && before(windowStart, WINDOW_RANK, date, rank) && windowStart < end) {
          this.openWindow(e, windowStart);
          e.nextWeek++;
        } else if (before(end, PERIOD_END_RANK, date, rank)) {
          this.end(e, end, 'completed', 'period-ended');
        } else break;
      }
    }
  }

  private openWindow(e: EnrolmentRecord, start: EpochDay): void {
    const week = e.nextWeek;
    const suspended = e.rule.suspendedWhen.some((g) => this.holds(g, start));
    if (suspended) return;
    const version = versionOn(e.programme, start);
    const definition = overlay(e.programme, 'volume');
    if (!definition) return;
    e.window = this.create(definition, e.programme, version, start, '', 0, week, version.parameters.targetHours);
  }

  private holds(guard: string, date: EpochDay): boolean {
    const colon = guard.indexOf(':');
    const name = colon < 0 ? guard : guard.slice(0, colon);
    const arg = colon < 0 ? undefined : guard.slice(colon + 1);
    const stepEvent: EngineEvent = {
      index: -1,
      type: '',
      typeId: -1,
      fulfilment: false,
      silent: true,
      trial: false,
      date,
      rank: WINDOW_RANK,
      fields: {},
    };
    return this.state.guard(name, arg, stepEvent, this.view);
  }

  private create(
    definition: OverlayDefinition,
    programme: TrialProgramme,
    version: TrialVersion,
    startedOn: EpochDay,
    anchorLabel: string,
    intervalDays: number,
    week: number,
    targetHours: number,
  ): OverlayRecord {
    const rec: OverlayRecord = {
      seq: this.records.length,
      definition,
      programme,
      version,
      startedOn,
      anchorLabel,
      intervalDays,
      week,
      targetHours,
      registeredHours: 0,
      closedAs: undefined,
      closedOn: undefined,
      waiverReason: undefined,
    };
    this.records.push(rec);
    return rec;
  }

  /** A new contact occurrence from `date`, unless its nominal date would fall after L (T2 rule 3, Z10). */
  private startContact(e: EnrolmentRecord, date: EpochDay, anchorLabel: string): void {
    e.contact = undefined;
    const definition = overlay(e.programme, 'recurring-contact');
    if (!definition) return;
    const version = versionOn(e.programme, date);
    const interval = e.individual?.days ?? version.parameters.contactIntervalDays;
    if (date + interval > e.lastDay) return;
    e.contact = this.create(definition, e.programme, version, date, anchorLabel, interval, 0, 0);
  }

  private cancelOpen(e: EnrolmentRecord, date: EpochDay): void {
    if (e.contact && e.contact.closedAs === undefined) close(e.contact, 'cancelled', date);
    e.contact = undefined;
    const w = e.window;
    if (w && w.closedAs === undefined && date <= w.startedOn + 6) close(w, 'cancelled', date);
  }

  private end(e: EnrolmentRecord, date: EpochDay, status: Enrolment['status'], outcome: EnrolmentOutcome): void {
    this.cancelOpen(e, date);
    e.status = status;
    e.endedOn = date;
    e.outcome = outcome;
  }

  private active(programmeId: unknown): EnrolmentRecord | undefined {
    for (const e of this.enrolments) if (e.programme.id === programmeId && e.status === 'active') return e;
    return undefined;
  }

  /**
   * Applies an event that passed the case type's gate; returns true if it met or waived an overlay occurrence
   * (so the base engine does not warn that it had nothing to meet).
   */
  onEvent(event: EngineEvent, warn: Warn): boolean {
    const date = event.date;
    switch (event.type) {
      case 'TRIAL_ASSIGNED':
        this.assign(event, warn);
        return false;
      case 'TRIAL_EXEMPTED': {
        const e = this.enrolments.find((x) => x.programme.id === event.fields.program);
        if (!e) {
          warn(event, `no enrolment in ${String(event.fields.program)}`);
          return false;
        }
        if (e.status !== 'active') {
          warn(event, `the enrolment in ${e.programme.id} has already ended (${e.status})`);
          return false;
        }
        const code = e.programme.reasonCodes.find((r) => r.code === event.fields.reason);
        if (code && parseIsoDate(code.effectiveFrom) > date) {
          warn(
            event,
            `REASON_NOT_EFFECTIVE: ${code.code} is valid only from ${code.effectiveFrom} (${e.programme.id}); no effect`,
          );
          return false;
        }
        this.end(e, date, 'exempted', 'exempted');
        e.exemptionReason = String(event.fields.reason);
        return false;
      }
      case 'TRIAL_CONTACT_CADENCE_SET': {
        const e = this.active(event.fields.program);
        if (!e || e.arm !== 'participant') {
          warn(event, `no active participant enrolment in ${String(event.fields.program)}`);
          return false;
        }
        const version = versionOn(e.programme, date);
        const bounds = version.parameters.individualIntervalDays;
        if (!bounds) {
          warn(event, `NOT_ALLOWED_BY_VERSION: ${version.id} has no individual contact cadence; no effect`);
          return false;
        }
        const days = event.fields.intervalDays as number;
        if (days < bounds.min || days > bounds.max) {
          warn(event, `intervalDays must be ${bounds.min}–${bounds.max} under ${version.id}; no effect`);
          return false;
        }
        const reason = String(event.fields.reason);
        if (reason === 'partial-return' && !e.rule.suspendedWhen.some((g) => this.holds(g, date))) {
          warn(event, 'reason partial-return requires a partial return; no effect');
          return false;
        }
        e.individual = reason === 'standard' ? undefined : { days, reason };
        return false;
      }
      default:
        break;
    }
    let fulfilled = false;
    for (const e of this.enrolments) {
      if (e.status !== 'active') continue;
      const ended = e.rule.endedBy[event.type];
      if (ended !== undefined) {
        this.end(e, date, 'ended', ended);
        continue;
      }
      if (event.type === e.rule.suspendedBy) {
        const w = e.window;
        if (w && w.closedAs === undefined && date <= w.startedOn + 6) close(w, 'cancelled', date);
        continue;
      }
      if (event.type === e.rule.resumedBy) {
        if (e.individual?.reason === 'partial-return') e.individual = undefined;
        continue;
      }
      if (e.arm !== 'participant') continue;
      if (event.type === 'ACTIVE_OFFER_HOURS_REGISTERED') {
        const w = e.window;
        if (
          w &&
          w.closedAs !== 'cancelled' &&
          w.closedAs !== 'waived' &&
          date >= w.startedOn &&
          date <= w.startedOn + 6
        ) {
          w.registeredHours += event.fields.hours as number;
          if (w.closedAs === undefined && w.registeredHours >= w.targetHours) close(w, 'met', date);
        }
        continue;
      }
      if (event.type === 'OBLIGATION_WAIVED') {
        const code = event.fields.code;
        const c = e.contact;
        if (c && c.definition.code === code) {
          close(c, 'waived', date);
          c.waiverReason = textOf(event.fields.reason);
          this.startContact(e, date, c.definition.anchorLabels?.OBLIGATION_WAIVED ?? 'dispensation');
          fulfilled = true;
        }
        const w = e.window;
        if (w && w.definition.code === code && w.closedAs === undefined && date <= w.startedOn + 6) {
          close(w, 'waived', date);
          w.waiverReason = textOf(event.fields.reason);
          fulfilled = true;
        }
        continue;
      }
      const c = e.contact;
      if (c && c.definition.metBy?.includes(event.type)) {
        const p = c.version.parameters;
        const form = String(event.fields.form);
        const heldBy = textOf(event.fields.heldBy) ?? 'jobcenter';
        if (!p.contactForms.includes(form) || !p.contactHeldBy.includes(heldBy)) {
          warn(
            event,
            `FORM_NOT_ACCEPTED: ${form}${heldBy === 'jobcenter' ? '' : ` held by ${heldBy}`} does not meet ${c.definition.code} #${this.numberOf(c)} under ${c.version.id} (accepts ${p.contactForms.join(', ')})`,
          );
          continue;
        }
        close(c, 'met', date);
        this.startContact(e, date, c.definition.anchorLabels?.[event.type] ?? event.type);
        fulfilled = true;
      }
    }
    return fulfilled;
  }

  private numberOf(rec: OverlayRecord): number {
    let n = 0;
    for (const r of this.records) {
      if (r.definition.code !== rec.definition.code || isDropped(r)) continue;
      n++;
      if (r === rec) break;
    }
    return n;
  }

  private assign(event: EngineEvent, warn: Warn): void {
    const programme = findProgramme(event.fields.program as string, this.programmes);
    if (!programme) return; // validation rejected it already
    const date = event.date;
    const rule = programme.caseTypes[this.caseType.id];
    if (!rule) {
      warn(event, `${programme.id} has no entry rule for case type ${this.caseType.id}; no enrolment`);
      return;
    }
    const from = parseIsoDate(programme.enrolmentWindow.from);
    const to = parseIsoDate(programme.enrolmentWindow.to);
    if (date < from || date > to) {
      warn(
        event,
        `outside the enrolment window ${programme.enrolmentWindow.from}–${programme.enrolmentWindow.to} of ${programme.id}; no enrolment`,
      );
      return;
    }
    if (this.enrolments.some((e) => e.programme.prefix === programme.prefix)) {
      warn(event, `the case already has an enrolment under ${programme.prefix}; no enrolment`);
      return;
    }
    const failing = rule.entry.find((g) => !this.holds(g, date));
    if (failing !== undefined) {
      warn(event, entryMessage(this.caseType.id, failing));
      return;
    }
    const arm = event.fields.arm as TrialArm;
    const version = versionOn(programme, date);
    const e: EnrolmentRecord = {
      programme,
      rule,
      arm,
      assignedOn: date,
      lastDay: addMonthsEpoch(date, programme.periodMonths) - 1,
      gridStart: date + version.parameters.leadInDays,
      status: 'active',
      endedOn: undefined,
      outcome: undefined,
      exemptionReason: undefined,
      individual: undefined,
      contact: undefined,
      window: undefined,
      nextWeek: 1,
    };
    this.enrolments.push(e);
    if (arm === 'participant')
      this.startContact(
        e,
        date,
        overlay(programme, 'recurring-contact')?.anchorLabels?.TRIAL_ASSIGNED ?? 'randomisering',
      );
  }

  enrolmentsOutput(): Enrolment[] {
    return this.enrolments.map((e) => ({
      program: e.programme.id,
      arm: e.arm,
      assignedOn: formatIsoDate(e.assignedOn),
      lastDayOn: formatIsoDate(e.lastDay),
      status: e.status,
      endedOn: e.endedOn === undefined ? null : formatIsoDate(e.endedOn),
      outcome: e.outcome ?? null,
      exemptionReason: e.exemptionReason ?? null,
    }));
  }

  /** Numbered (C5: zero-length dropped) and finalized overlay occurrences, in creation order. */
  occurrences(asOf: EpochDay): Occurrence[] {
    const counters = new Map<string, number>();
    const out: Occurrence[] = [];
    for (const rec of this.records) {
      if (isDropped(rec)) continue;
      const n = (counters.get(rec.definition.code) ?? 0) + 1;
      counters.set(rec.definition.code, n);
      out.push(finalizeOverlay(rec, n, asOf));
    }
    return out;
  }
}

function before(stepDate: EpochDay, stepRank: number, date: EpochDay, rank: number): boolean {
  return stepDate < date || (stepDate === date && stepRank < rank);
}

function close(rec: OverlayRecord, how: 'met' | 'waived' | 'cancelled', date: EpochDay): void {
  rec.closedAs = how;
  rec.closedOn = date;
}

function isDropped(rec: OverlayRecord): boolean {
  return rec.closedAs === 'cancelled' && rec.closedOn === rec.startedOn;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function overlay(programme: TrialProgramme, form: OverlayDefinition['form']): OverlayDefinition | undefined {
  return programme.overlays.find((o) => o.form === form);
}

function entryMessage(caseType: string, guard: string): string {
  // Seed 002 L222; trials spec X6.
  if (guard === 'first-followup-today') return 'no accepted first follow-up on its date; no enrolment';
  if (guard.startsWith('in-phase:')) return `the ${caseType} case is not in phase ${guard.slice(9)}; no enrolment`;
  return `entry rule ${guard} does not hold; no enrolment`;
}

function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

function finalizeOverlay(rec: OverlayRecord, number: number, asOf: EpochDay): Occurrence {
  const iso = formatIsoDate;
  const def = rec.definition;
  const volume = def.form === 'volume';
  const nominal = volume ? rec.startedOn + 6 : rec.startedOn + rec.intervalDays;
  // T3: a volume window is never shifted; a contact shifts as B4 (never before its start).
  const dueOn = volume ? nominal : shiftEpoch(nominal, rec.startedOn);
  let status: OccurrenceStatus;
  if (rec.closedAs === 'met') status = (rec.closedOn as EpochDay) <= dueOn ? 'met' : 'met-late';
  else if (rec.closedAs === 'waived') status = 'waived';
  else if (rec.closedAs === 'cancelled') status = 'cancelled';
  else if (volume) status = dueOn < asOf ? 'missed' : 'open';
  else status = dueOn >= asOf ? 'open' : 'overdue';
  const values = {
    dueOn: iso(dueOn),
    startedOn: iso(rec.startedOn),
    anchorOn: iso(rec.startedOn),
    nominalDueOn: iso(nominal),
    anchorLabel: rec.anchorLabel,
    interval: rec.intervalDays,
    week: rec.week,
    targetHours: rec.targetHours,
    hours: formatHours(rec.registeredHours),
  };
  let explanation = fill(def.explanation, values);
  if (dueOn !== nominal)
    explanation += `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)} → forfalder ${weekdayNameEpoch(dueOn)} ${iso(dueOn)}`;
  else if (!volume && !isWorkingDayEpoch(nominal))
    explanation += `; ${iso(nominal)} er ${nonWorkingReasonEpoch(nominal)}, men fristen flyttes ikke til før startdatoen ${iso(rec.startedOn)}`;
  const o: Occurrence = {
    code: def.code,
    occurrence: number,
    kind: def.kind,
    status,
    ruleSet: rec.version.id,
    program: rec.programme.id,
    title: fill(def.taskTitle, values),
    startedOn: iso(rec.startedOn),
    anchorOn: iso(rec.startedOn),
    nominalDueOn: iso(nominal),
    dueOn: iso(dueOn),
  } as Occurrence;
  if ((rec.closedAs === 'met' || rec.closedAs === 'waived') && rec.closedOn !== undefined) o.metOn = iso(rec.closedOn);
  if (rec.closedAs === 'cancelled' && rec.closedOn !== undefined) o.cancelledOn = iso(rec.closedOn);
  if (rec.waiverReason !== undefined) o.waiverReason = rec.waiverReason;
  if (volume) {
    o.week = rec.week;
    o.targetHours = rec.targetHours;
    o.registeredHours = rec.registeredHours;
  }
  o.source = def.source;
  o.explanation = explanation;
  return o;
}

function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : String(Math.round(h * 100) / 100).replace('.', ',');
}
