/** The CSV tables of the task list and of every dashboard: Danish headers, one row per table row. */
import { toCsv, type CsvColumn } from '@frist/contracts';
import { legalBasisFor, type QuotaFigures } from '@frist/obligations';
import type { InboxItem } from '../tasks/tasks.service';
import type { Forecast, OnTimeReport, OverdueCase, OverdueSummary, PassiveCase } from '../dashboard/dashboard.service';
import type { ArmKpis, TrialKpiReport } from '../dashboard/trial-kpis.service';
import type { JobtalkQuotaReport, QuotaPeriodRow } from '../dashboard/jobtalk-quota.service';

const TASK_COLUMNS: CsvColumn<InboxItem>[] = [
  { header: 'frist', value: (t) => t.dueOn },
  { header: 'titel', value: (t) => t.title },
  { header: 'status', value: (t) => t.status },
  { header: 'forpligtelse', value: (t) => t.code },
  { header: 'forekomst', value: (t) => t.occurrence },
  { header: 'hold', value: (t) => t.team },
  { header: 'sagsbehandler', value: (t) => t.assignee },
  { header: 'sag', value: (t) => t.caseId },
  { header: 'start', value: (t) => t.startedOn },
  { header: 'nominel frist', value: (t) => t.nominalDueOn },
  { header: 'påmindelse', value: (t) => t.remindOn },
  { header: 'lukket', value: (t) => t.closedOn },
  { header: 'regelsæt', value: (t) => t.ruleSet },
  {
    header: 'hjemmel',
    value: (t) => legalBasisFor(t.ruleSet, t.code, { k: undefined, seriesStart: undefined, flags: undefined })?.text,
  },
  { header: 'opgave', value: (t) => t.taskId },
];
export const tasksCsv = (tasks: readonly InboxItem[]) => toCsv(TASK_COLUMNS, tasks);

type OverdueRow = { group: string; key: string | null; overdue: number; '1-7': number; '8-30': number; '31+': number };
const OVERDUE_COLUMNS: CsvColumn<OverdueRow>[] = [
  { header: 'gruppering', value: (r) => r.group },
  { header: 'nøgle', value: (r) => r.key },
  { header: 'forfaldne', value: (r) => r.overdue },
  { header: '1-7 dage', value: (r) => r['1-7'] },
  { header: '8-30 dage', value: (r) => r['8-30'] },
  { header: 'over 30 dage', value: (r) => r['31+'] },
];
/** The overdue dashboard's three tables (per team, obligation, caseworker) and the total, in one long table. */
export function overdueCsv(s: OverdueSummary): string {
  const rows: OverdueRow[] = [
    { group: 'i alt', key: null, overdue: s.total, ...s.aging },
    ...s.byTeam.map((g) => ({ group: 'hold', ...g })),
    ...s.byCode.map((g) => ({ group: 'forpligtelse', ...g })),
    ...s.byAssignee.map((g) => ({ group: 'sagsbehandler', ...g, key: g.key ?? 'ikke tildelt' })),
  ];
  return toCsv(OVERDUE_COLUMNS, rows);
}

const OVERDUE_CASE_COLUMNS: CsvColumn<OverdueCase>[] = [
  { header: 'sag', value: (c) => c.caseId },
  { header: 'borgerreference', value: (c) => c.citizenRef },
  { header: 'hold', value: (c) => c.team },
  { header: 'fase', value: (c) => c.phase },
  { header: 'forfaldne opgaver', value: (c) => c.overdueTasks },
  { header: 'ældste frist', value: (c) => c.oldestDueOn },
  { header: 'flest dage over', value: (c) => c.maxDaysOverdue },
  { header: 'forpligtelser', value: (c) => c.codes.join(', ') },
];
export const overdueCasesCsv = (r: { items: readonly OverdueCase[] }) => toCsv(OVERDUE_CASE_COLUMNS, r.items);

type OnTimeRow = {
  measure: string;
  met?: number;
  metLate?: number;
  overdue?: number;
  waived?: number;
  total?: number;
  rate: number | null;
  median?: number | null;
};
const ON_TIME_COLUMNS: CsvColumn<OnTimeRow>[] = [
  { header: 'måling', value: (r) => r.measure },
  { header: 'rettidigt', value: (r) => r.met },
  { header: 'for sent', value: (r) => r.metLate },
  { header: 'forfaldne', value: (r) => r.overdue },
  { header: 'dispenseret', value: (r) => r.waived },
  { header: 'grundlag', value: (r) => r.total },
  { header: 'andel', value: (r) => r.rate },
  { header: 'median dage til opfyldt', value: (r) => r.median },
];
export function onTimeCsv(r: OnTimeReport): string {
  const rows: OnTimeRow[] = [
    ...r.byCode.map((c) => ({
      measure: c.code,
      met: c.met,
      metLate: c.metLate,
      overdue: c.overdue,
      waived: c.waived,
      rate: c.onTimeRate,
      median: c.medianDaysToMeet,
    })),
    {
      measure: 'kontakt inden for 14 dage (ledighedsydelse)',
      met: r.contact.contactedWithin14Days,
      total: r.contact.lyCases,
      rate: r.contact.rate,
    },
    {
      measure: '4 opfølgninger i de første 6 måneder',
      met: r.followupSeries.withFourFollowups,
      waived: r.followupSeries.excused,
      total: r.followupSeries.windowsClosed,
      rate: r.followupSeries.rate,
    },
  ];
  return toCsv(ON_TIME_COLUMNS, rows);
}

type ForecastRow = { table: string; period: string; code: string; count: number };
const FORECAST_COLUMNS: CsvColumn<ForecastRow>[] = [
  { header: 'tabel', value: (r) => r.table },
  { header: 'periode fra', value: (r) => r.period },
  { header: 'forpligtelse', value: (r) => r.code },
  { header: 'antal', value: (r) => r.count },
];
/** Tasks due per week (per obligation and in total), then the 2½- and 4½-year cohorts per month. */
export function forecastCsv(f: Forecast): string {
  const rows: ForecastRow[] = [
    ...f.weeks.flatMap((w) => [
      { table: 'uge', period: w.weekStart, code: 'i alt', count: w.total },
      ...Object.entries(w.byCode).map(([code, count]) => ({ table: 'uge', period: w.weekStart, code, count })),
    ]),
    ...f.cohorts.flatMap((c) =>
      (['statutory-followup-30m', 'temporary-status-54m'] as const).map((code) => ({
        table: 'måned',
        period: c.month,
        code,
        count: c[code],
      })),
    ),
  ];
  return toCsv(FORECAST_COLUMNS, rows);
}

const PASSIVITY_COLUMNS: CsvColumn<PassiveCase>[] = [
  { header: 'sag', value: (c) => c.caseId },
  { header: 'borgerreference', value: (c) => c.citizenRef },
  { header: 'hold', value: (c) => c.team },
  { header: 'grundlag', value: (c) => c.basis },
  { header: 'passiv siden', value: (c) => c.passiveSince },
  { header: 'dage passiv', value: (c) => c.daysPassive },
  { header: 'genbehandling senest', value: (c) => c.rereviewDueOn },
];
export const passivityCsv = (r: { items: readonly PassiveCase[] }) => toCsv(PASSIVITY_COLUMNS, r.items);

const TRIAL_COLUMNS: CsvColumn<ArmKpis>[] = [
  { header: 'arm', value: (a) => a.arm },
  { header: 'sagstype', value: (a) => a.caseType ?? 'alle' },
  { header: 'tilmeldt', value: (a) => a.enrolled },
  { header: 'aktive', value: (a) => a.active },
  { header: 'sagsuger', value: (a) => a.caseWeeks },
  { header: 'fritaget', value: (a) => a.exemptions.exempted },
  { header: 'fritagelsesandel', value: (a) => a.exemptions.rate },
  { header: 'ugentlige kontakter planlagt', value: (a) => a.weeklyContacts?.planned },
  { header: 'ugentlige kontakter rettidigt', value: (a) => a.weeklyContacts?.onTimeRate },
  { header: 'lovpligtige planlagt', value: (a) => a.statutory.planned },
  { header: 'lovpligtige rettidigt', value: (a) => a.statutory.onTimeRate },
  { header: 'samtaler', value: (a) => a.conversations.held },
  { header: 'samtaler pr. sagsuge', value: (a) => a.conversations.perCaseWeek },
  { header: 'timer i tilbud', value: (a) => a.activity.hours },
  { header: 'timer pr. sagsuge', value: (a) => a.activity.hoursPerCaseWeek },
];
/** One row per arm (all case types), then per arm and case type. */
export const trialKpisCsv = (r: TrialKpiReport) => toCsv(TRIAL_COLUMNS, [...r.arms, ...r.byCaseType]);

/** The O5 status in the words of the dashboard panel. */
const QUOTA_STATUS: Record<QuotaFigures['status'], string> = {
  incomplete: 'ikke afsluttet (åbne perioder)',
  'exemption-budget-exceeded': 'undtagelser over 25 %',
  'below-quota': 'under 75 %',
  ok: 'ok',
};
const PERIOD_OUTCOME: Record<QuotaPeriodRow['outcome'], string> = {
  met: 'opfyldt',
  exempted: 'undtaget',
  short: 'for få samtaler',
  'ended-early': 'afsluttet før tid',
  open: 'åben',
};

type QuotaRow = QuotaFigures & { quarter: string; from: string; to: string };
const QUOTA_COLUMNS: CsvColumn<QuotaRow>[] = [
  { header: 'kvartal', value: (r) => r.quarter },
  { header: 'fra', value: (r) => r.from },
  { header: 'til', value: (r) => r.to },
  { header: 'perioder', value: (r) => r.cohortSize },
  { header: 'opfyldt', value: (r) => r.met },
  { header: 'undtaget', value: (r) => r.exempted },
  { header: 'for få samtaler', value: (r) => r.short },
  { header: 'afsluttet før tid', value: (r) => r.endedEarly },
  { header: 'åbne', value: (r) => r.open },
  { header: 'grundlag', value: (r) => r.denominator },
  { header: 'ledighedsydelse-andel opfyldt %', value: (r) => r.metSharePercent },
  { header: 'andel undtaget %', value: (r) => r.exemptedSharePercent },
  { header: 'status', value: (r) => QUOTA_STATUS[r.status] },
];
/** The job-talk quota (ledighedsydelse-andel): one row per quarter, then the whole range. */
export const jobtalkQuotaCsv = (r: JobtalkQuotaReport) =>
  toCsv(QUOTA_COLUMNS, [...r.quarters, { quarter: 'i alt', from: r.from, to: r.to, ...r.total }]);

const QUOTA_PERIOD_COLUMNS: CsvColumn<QuotaPeriodRow>[] = [
  { header: 'sag', value: (p) => p.caseId },
  { header: 'borgerreference', value: (p) => p.citizenRef },
  { header: 'hold', value: (p) => p.team },
  { header: 'periode start', value: (p) => p.periodStart },
  { header: 'sidste dag', value: (p) => p.lastDay },
  { header: 'samtaler holdt', value: (p) => p.heldCount },
  { header: 'udfald', value: (p) => PERIOD_OUTCOME[p.outcome] },
  { header: 'i risiko', value: (p) => p.atRisk },
  { header: 'undtaget den', value: (p) => p.exemptedOn },
  { header: 'begrundelse for undtagelse', value: (p) => p.exemptionReason },
  { header: 'afsluttet den', value: (p) => p.endedOn },
];
export const jobtalkQuotaCasesCsv = (r: { items: readonly QuotaPeriodRow[] }) => toCsv(QUOTA_PERIOD_COLUMNS, r.items);
