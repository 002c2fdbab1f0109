/**
 * Rule set `sygedagpenge-2025` (law-2026 §R, R0–R5): the sygedagpenge follow-up of sygedagpengeloven § 13 b (in
 * force since 2015) with the § 13 f light track from 2025. Published only through MIG-2026 (M2): effectiveFrom is
 * the migration's publication date, legalEffectiveFrom 2025-01-01. Derived from `sygedagpenge-2009`, whose running
 * `sdp-followup` series keep that rule set to their end (R7). Published: do not edit; a change is a new rule set.
 */
import { type ObligationDefinition, type RuleSet, type Trigger, days, deriveRuleSet, months } from './rule-set';
import { SYGEDAGPENGE_2009 } from './sygedagpenge-2009.rule-set';
import { WAIVER, WAIVER_SUCCESSOR } from './waiver-triggers';

export const ENDS: Trigger[] = [{ on: 'RETURNED_TO_WORK' }, { on: 'CASE_CLOSED' }];

/** R3: the first talk (k = 1) is `sdp-first-followup`; the series runs k = 2..4 over [F, (F + 6 months) − 1 day]. */
export const SDP_FOLLOWUPS_6M: ObligationDefinition = {
  code: 'sdp-followups-6m',
  name: 'Mindst 4 opfølgninger inden for det første halve år',
  kind: 'legal',
  source: '§ 13 b, stk. 1: mindst fire gange inden for det første halve år regnet fra første fraværsdag [L]',
  taskTitle: 'Opfølgningssamtale {k}/{count} inden for det første halve år senest {dueOn}',
  explanation:
    'opfølgning {k}/{count} inden for det første halve år regnet fra første fraværsdag: {anchorOn} + 6 måneder − 1 dag = {lastDay}{shift}; påmindelse {remindOn}',
  due: { after: months(6) },
  backfillable: true,
  // R7: a first talk before 2025 starts a 2009 sdp-followup series, never this one.
  startsFromLegalDate: true,
  countSeries: {
    window: months(6),
    firstK: 2,
    count: 4,
    remind: days(28),
    anchor: 'state:first-absence-day',
  },
  startedBy: [
    // k = 2 starts at an accepted first talk on the ordinary track (a 13f talk starts the return check, R4).
    { on: 'FIRST_FOLLOWUP_HELD', when: ['ordinary-track'], anchor: '1. opfølgningssamtale' },
    { on: 'SICKNESS_FOLLOWUP_HELD', anchor: 'opfølgningssamtale', continues: true },
    WAIVER_SUCCESSOR,
    // R4: still sick at the return check.
    {
      on: 'RETURN_CHECK_DONE',
      when: ['field-true:stillSick', 'not-exempted'],
      anchor: 'opfølgning på raskmelding',
    },
  ],
  // The gate refuses a follow-up that is not a samtale (Z3), so every accepted one counts.
  metBy: [{ on: 'SICKNESS_FOLLOWUP_HELD' }],
  waivedBy: [WAIVER],
  cancelledBy: ENDS,
};

export const SDP_TALK_ON_REQUEST: ObligationDefinition = {
  code: 'sdp-talk-on-request',
  name: 'Samtale efter den sygemeldtes anmodning',
  kind: 'policy',
  source:
    'sygedagpengeloven § 13 b, stk. 1 (ret til en samtale efter anmodning) [L]; 14 days = local policy default [P]',
  taskTitle: 'Samtale efter den sygemeldtes anmodning senest {dueOn}',
  explanation: '14 dage efter anmodning om samtale {anchorOn} = {nominalDueOn} (lokal standard)',
  due: { after: days(14) },
  backfillable: true,
  startedBy: [{ on: 'TALK_REQUESTED', anchor: 'anmodning om samtale' }],
  // W49: an accepted first talk or a follow-up samtale.
  metBy: [{ on: 'FIRST_FOLLOWUP_HELD' }, { on: 'SICKNESS_FOLLOWUP_HELD' }],
  waivedBy: [WAIVER],
  cancelledBy: ENDS,
};

export const SDP_RETURN_CHECK: ObligationDefinition = {
  code: 'sdp-return-check',
  name: 'Opfølgning på forventet raskmelding (§ 13 f)',
  kind: 'policy',
  source:
    'sygedagpengeloven § 13 f (lov nr. 1657/2024) [R]; check on the expected return date = local policy default [P]',
  taskTitle: 'Følg op på forventet raskmelding senest {dueOn}',
  explanation: 'forventet raskmelding (§ 13 f) ved 1. opfølgningssamtale {anchorOn} = {nominalDueOn}',
  due: { after: days(0), fromField: 'expectedReturnOn' },
  backfillable: true,
  startedBy: [{ on: 'FIRST_FOLLOWUP_HELD', when: ['track-13f'], anchor: '1. opfølgningssamtale' }],
  // W15: the return to work meets it (and cancels the rest).
  metBy: [{ on: 'RETURNED_TO_WORK' }, { on: 'RETURN_CHECK_DONE' }],
  waivedBy: [WAIVER],
  cancelledBy: [{ on: 'CASE_CLOSED' }],
};

export const SDP_REVURDERING: ObligationDefinition = {
  code: 'sdp-revurdering',
  name: 'Revurdering senest på revurderingstidspunktet',
  kind: 'legal',
  source:
    'sygedagpengeloven § 24: revurdering before payment stops at the revurderingstidspunkt (> 22 weeks in 9 months, end of month) [S: Cabi, vejledning 9078/2020]',
  taskTitle: 'Revurdér retten til sygedagpenge senest {dueOn}',
  explanation: 'revurderingstidspunkt meddelt {anchorOn} = {nominalDueOn}',
  due: {
    after: days(0),
    fromField: 'revurderingOn',
    // W50: a later notification with another date moves it (audited); the same date does nothing.
    adjustedBy: [{ on: 'REVURDERING_DATE_NOTIFIED', field: 'revurderingOn', note: ' (flyttet {date} fra {old})' }],
  },
  backfillable: true,
  startedBy: [{ on: 'REVURDERING_DATE_NOTIFIED', anchor: 'revurderingstidspunkt meddelt' }],
  metBy: [{ on: 'REVURDERING_DONE' }],
  waivedBy: [WAIVER],
  cancelledBy: ENDS,
};

export const SYGEDAGPENGE_2025: RuleSet = deriveRuleSet(SYGEDAGPENGE_2009, {
  id: 'sygedagpenge-2025',
  effectiveFrom: '2026-12-07',
  legalEffectiveFrom: '2025-01-01',
  requiresMigration: 'MIG-2026',
  description:
    'Sygedagpenge after sygedagpengeloven § 13 b (LBK 1179/2023) and lov nr. 1657/2024: at least four follow-ups in the first half-year, the first by the end of week 8, the § 13 f light track and the revurdering.',
  obligations: {
    'sdp-first-followup': {
      source: 'sygedagpengeloven § 13 b, stk. 1 [L: LBK 1179/2023]',
      taskTitle: 'Hold 1. opfølgningssamtale (8-ugers samtalen) i kommunens regi senest {dueOn}',
      // k = 1 of the half-year's follow-ups (O2); the talks 2–4 are sdp-followups-6m.
      series: { count: 1 },
      due: {
        adjustedBy: [
          {
            on: 'EARLY_FOLLOWUP_REQUESTED',
            bringForward: days(14),
            flag: 'brought-forward',
            note: '; tidlig opfølgning anmodet {date}: senest 2 uger efter = {target} → {nominalDueOn}',
          },
        ],
      },
    },
    // R7: only a 2009 series started by a first talk before 2025 continues, and it keeps sygedagpenge-2009.
    'sdp-followup': {
      startedBy: [{ on: 'SICKNESS_FOLLOWUP_HELD', anchor: 'opfølgningssamtale', continues: true }, WAIVER_SUCCESSOR],
      keepsSeriesRuleSet: true,
      // The cadence of a running 2009 series is the one set before 2025 (FOLLOWUP_CADENCE_SET warns from then on).
      due: { override: undefined },
    },
  },
  add: [SDP_FOLLOWUPS_6M, SDP_TALK_ON_REQUEST, SDP_RETURN_CHECK, SDP_REVURDERING],
});
