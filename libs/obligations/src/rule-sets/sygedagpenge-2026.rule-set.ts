/**
 * Rule set `sygedagpenge-2026` (law-2026 §R, R1′–R7): sygedagpenge after lov nr. 1750/2025, legalEffectiveFrom
 * 2026-07-01 [I]. The week-8 talk stays legal; talks 2–4 become local policy behind the switch
 * `sdpFollowups.enabled`; employed sick-listed people expected back within 26 weeks are exempt from municipal
 * follow-up (R6), with a week-26 checkpoint. Published only through MIG-2026 (M2). Do not edit; a change is a new
 * rule set (a different legal date too, M1).
 */
import { type ObligationDefinition, type RuleSet, type StartTrigger, days, deriveRuleSet } from './rule-set';
import { ENDS, SDP_FOLLOWUPS_6M, SYGEDAGPENGE_2025 } from './sygedagpenge-2025.rule-set';
import { WAIVER } from './waiver-triggers';

/** R6 end without a first talk: the first follow-up restarts, due max(F + 55 days, X + 14 days) [P]. */
const restart = (on: string, when: string[]): StartTrigger => ({
  on,
  when,
  anchor: 'opfølgning genoptaget',
  // M5: a restarted first follow-up exists only because of this rule set.
  flag: 'backfillable',
  due: {
    after: days(14),
    atLeast: { anchor: 'state:first-absence-day', after: days(55) },
    explanation:
      'opfølgning genoptaget {anchorOn}: max(udgangen af 8. uge regnet fra første fraværsdag {atLeastAnchor} = {atLeastOn}; 14 dage efter {anchorOn} = {base}) → {nominalDueOn}',
  },
});

/** R6 end on the ordinary track: the series resumes with the k after the last one created, if still inside L. */
const resume = (on: string, when: string[]): StartTrigger => ({
  on,
  when,
  anchor: 'opfølgning genoptaget',
  resumes: true,
});

export const SDP_26W_CHECKPOINT: ObligationDefinition = {
  code: 'sdp-26w-checkpoint',
  name: 'Kontrol ved udgangen af uge 26 (undtaget ved forventet fravær under 26 uger)',
  kind: 'policy',
  source:
    'lov nr. 1750/2025: sygemeldte i job undtaget ved forventet fravær under 26 uger [R]; week-26 checkpoint = local policy default [I]',
  taskTitle: 'Sygemeldt fortsat ved udgangen af uge 26? Genoptag opfølgning',
  explanation: 'udgangen af 26. uge regnet fra første fraværsdag {anchorOn} = {nominalDueOn}',
  // The end of week 26 from F (H3): F + 181 days; anchorOn = F, startedOn = the exemption's date.
  due: { after: days(181), from: 'state:first-absence-day' },
  backfillable: true,
  startedBy: [{ on: 'SHORT_ABSENCE_EXPECTED', anchor: 'første fraværsdag' }],
  // W46: a talk during the exemption meets it; the end of the exemption cancels it.
  metBy: [{ on: 'FIRST_FOLLOWUP_HELD' }, { on: 'SICKNESS_FOLLOWUP_HELD' }],
  waivedBy: [WAIVER],
  cancelledBy: [{ on: 'EXPECTATION_CHANGED' }, { on: 'FOLLOWUP_DECIDED' }, ...ENDS],
};

export const SYGEDAGPENGE_2026: RuleSet = deriveRuleSet(SYGEDAGPENGE_2025, {
  id: 'sygedagpenge-2026',
  effectiveFrom: '2026-12-07',
  legalEffectiveFrom: '2026-07-01',
  requiresMigration: 'MIG-2026',
  description:
    'Sygedagpenge after lov nr. 1750/2025: the week-8 talk kept, talks 2–4 as local policy, and the exemption of employed sick-listed people expected back within 26 weeks.',
  // R6 (M7): waives the open follow-ups of any rule set; the exemption can end, so the series may resume.
  caseExemptions: [
    {
      on: 'SHORT_ABSENCE_EXPECTED',
      codes: ['sdp-first-followup', 'sdp-followups-6m', 'sdp-talk-on-request'],
      waiverReason: 'exempt-26w',
      temporary: true,
    },
  ],
  obligations: {
    'sdp-first-followup': {
      source: 'sygedagpengeloven § 13 b, stk. 1 [L: LBK 1179/2023] (efter lov nr. 1750/2025 ikke efterprøvet)',
      startedBy: [
        { on: 'SICK_LEAVE_STARTED', anchor: 'første fraværsdag' },
        restart('EXPECTATION_CHANGED', ['no-first-talk']),
        restart('FOLLOWUP_DECIDED', ['no-first-talk']),
        restart('SICKNESS_FOLLOWUP_HELD', ['exempted', 'no-first-talk']),
      ],
    },
    'sdp-followups-6m': {
      kind: 'policy',
      source:
        'lov nr. 1750/2025: mindst én samtale det første halve år [S]; talks 2–4 = local policy default (formerly § 13 b, stk. 1) [I]',
      switch: 'sdpFollowups.enabled',
      startedBy: [
        ...SDP_FOLLOWUPS_6M.startedBy,
        resume('EXPECTATION_CHANGED', ['ordinary-first-talk']),
        resume('FOLLOWUP_DECIDED', ['ordinary-first-talk']),
        resume('SICKNESS_FOLLOWUP_HELD', ['exempted', 'ordinary-first-talk']),
      ],
    },
  },
  add: [SDP_26W_CHECKPOINT],
});
