/**
 * Rule set `fleksjob-2024` (spec obligations.md §D), effective from 2024-01-01; the baseline of case type fleksjob.
 * Published: do not edit. A change is a new rule set (deriveRuleSet) with a new id and effectiveFrom (§G).
 */
import { type StartTrigger, type Trigger, type RuleSet, days, defineRuleSet, months, weeks } from './rule-set';

// The generic waiver (D11): OBLIGATION_WAIVED {code} closes the open occurrence of that code.
const WAIVER: Trigger = { on: 'OBLIGATION_WAIVED', when: ['waives-own-code'] };
const waiverSuccessor: StartTrigger = {
  on: 'OBLIGATION_WAIVED',
  when: ['waives-own-code'],
  anchor: 'dispensation',
  continues: true,
};

// A passivity clock start opens one screening and one re-review (D3/D4). The clock runs while LY and not in an
// internship; a held or waived re-review starts a fresh clock from its date.
const passivityClockStarts = (code: 'passivity-screening' | 'passivity-rereview'): StartTrigger[] => [
  { on: 'VISITATION_DECIDED', when: ['not-in-internship', 'no-open:passivity-rereview'], anchor: 'visitation' },
  { on: 'INTERNSHIP_ENDED', when: ['in-phase:LY'], anchor: 'praktik ophørt' },
  { on: 'FLEXJOB_ENDED', when: ['not-in-internship'], anchor: 'fleksjob ophørt' },
  code === 'passivity-rereview'
    ? { on: 'REHAB_REREVIEW_HELD', anchor: 'genbehandling', continues: true }
    : { on: 'REHAB_REREVIEW_HELD', anchor: 'genbehandling' },
  code === 'passivity-rereview'
    ? { on: 'REREVIEW_WAIVED', anchor: 'dispensation', continues: true }
    : { on: 'REREVIEW_WAIVED', anchor: 'dispensation' },
  code === 'passivity-rereview'
    ? waiverSuccessor
    : { on: 'OBLIGATION_WAIVED', when: ['waives:passivity-rereview'], anchor: 'dispensation' },
];

export const FLEKSJOB_2024: RuleSet = defineRuleSet({
  id: 'fleksjob-2024',
  caseType: 'fleksjob',
  effectiveFrom: '2024-01-01',
  description:
    'Fleksjob: the law as the 2017 and 2021 reports describe it and the UIF II indsatsmodel targets (seeds).',
  obligations: [
    {
      code: 'phase1-target',
      name: 'Fase 1 inden for 10 uger',
      kind: 'target',
      source: 'model target (UIF II model)', // provenance: seed 001 L978–979
      taskTitle: 'Fase 1: sagen bør være visiteret senest {dueOn}',
      explanation: '{duration} efter {anchorLabel} {anchorOn} = {nominalDueOn}',
      due: { after: weeks(10) },
      remind: weeks(8),
      startedBy: [{ on: 'PREPARATORY_PART_STARTED', when: ['in-phase:PRE'], anchor: 'forberedende del påbegyndt' }],
      metBy: [{ on: 'VISITATION_DECIDED' }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'REHAB_TEAM_MEETING_HELD', when: ['recommendation-not-flexjob'] }],
    },
    {
      code: 'contact-14d',
      name: 'Kontakt mindst hver 14. dag',
      kind: 'target',
      source: 'model target (UIF II model)', // provenance: seed 001 L492–493, L1183
      taskTitle: 'Kontakt borgeren senest {dueOn}',
      explanation: '{duration} efter {anchorLabel} {anchorOn} = {nominalDueOn}',
      due: { after: days(14), override: { on: 'CONTACT_CADENCE_SET', field: 'intervalDays', unit: 'days' } },
      startedBy: [
        { on: 'VISITATION_DECIDED', anchor: 'visitation' },
        { on: 'FLEXJOB_ENDED', anchor: 'fleksjob ophørt' },
        { on: 'CONTACT_HELD', anchor: 'kontakt', continues: true },
        waiverSuccessor,
      ],
      metBy: [{ on: 'CONTACT_HELD' }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_STARTED' }],
    },
    {
      code: 'passivity-screening',
      name: 'Screening efter 4 måneder uden praktik eller job',
      kind: 'policy',
      source: 'local policy default', // provenance: seed 001 L1238–1239
      taskTitle: 'Screen sagen: {duration} uden praktik eller job',
      explanation: '{duration} uden praktik eller job fra {anchorLabel} {anchorOn} = {nominalDueOn}',
      due: { after: months(4) },
      startedBy: passivityClockStarts('passivity-screening'),
      metBy: [{ on: 'PASSIVITY_SCREENING_DONE' }],
      waivedBy: [WAIVER],
      cancelledBy: [
        { on: 'INTERNSHIP_STARTED' },
        { on: 'FLEXJOB_STARTED' },
        { on: 'REHAB_REREVIEW_HELD' },
        { on: 'REREVIEW_WAIVED' },
        { on: 'OBLIGATION_WAIVED', when: ['waives:passivity-rereview'] },
      ],
    },
    {
      code: 'passivity-rereview',
      name: 'Genbehandling ved 6 måneders passivitet',
      kind: 'target',
      source: 'model target (UIF II model)', // provenance: seed 001 L516–518, L1143
      taskTitle: 'Genbehandling i rehabiliteringsteamet ({duration} uden praktik eller job)',
      explanation: '{duration} uden praktik eller job fra {anchorLabel} {anchorOn} = {nominalDueOn}',
      due: { after: months(6) },
      startedBy: passivityClockStarts('passivity-rereview'),
      metBy: [{ on: 'REHAB_REREVIEW_HELD' }],
      waivedBy: [{ on: 'REREVIEW_WAIVED' }, WAIVER],
      cancelledBy: [{ on: 'INTERNSHIP_STARTED' }, { on: 'FLEXJOB_STARTED' }],
    },
    {
      code: 'other-actor-12m',
      name: 'Anden aktør efter 12 måneder på ledighedsydelse',
      kind: 'legal',
      source: 'lovpligtig per the seeds; paragraph not named in the seeds', // provenance: seed 000 L558
      taskTitle: 'Henvis til anden aktør ({duration} på ledighedsydelse)',
      explanation: '{duration} på ledighedsydelse fra {anchorLabel} {anchorOn} = {base}{pauseSuffix}',
      due: { after: months(12), pause: { suspendedBy: 'BENEFIT_SUSPENDED', resumedBy: 'BENEFIT_RESUMED' } },
      startedBy: [
        { on: 'VISITATION_DECIDED', when: ['no-benefit-spell'], anchor: 'visitation' },
        { on: 'FLEXJOB_ENDED', anchor: 'fleksjob ophørt' },
        { on: 'BENEFIT_STARTED', when: ['no-benefit-spell'], anchor: 'ledighedsydelse startet' },
      ],
      reanchoredBy: [
        { on: 'BENEFIT_STARTED', when: ['implicit-benefit-spell-unpaused'], anchor: 'ledighedsydelse startet' },
      ],
      metBy: [{ on: 'OTHER_ACTOR_REFERRED' }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_STARTED' }],
    },
    {
      code: 'flexjob-agreement',
      name: 'Aftale om progressionsmål, opfølgning og kontaktperson i Min Plan',
      kind: 'target',
      source: 'model target (UIF II model)', // provenance: seed 001 L509–514, L985–987
      taskTitle: 'Registrér aftale om progression, opfølgning og kontaktperson i Min Plan',
      explanation: 'på dagen for fleksjobstart {anchorOn}',
      due: { after: days(0) },
      startedBy: [{ on: 'FLEXJOB_STARTED', anchor: 'fleksjobstart' }],
      metBy: [{ on: 'FLEXJOB_AGREEMENT_RECORDED' }],
      heldPendingBy: [{ on: 'FLEXJOB_AGREEMENT_RECORDED', when: ['in-phase:LY'] }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_ENDED' }],
    },
    {
      code: 'capacity-decision',
      name: 'Skriftlig afgørelse om arbejdsevnen med klagevejledning',
      kind: 'policy',
      // provenance: seed 004 L446
      source: "LAB § 122 stk. 2 'hurtigst muligt'; 4 weeks = local policy default",
      taskTitle: 'Træf skriftlig afgørelse om timetal og arbejdsintensitet med klagevejledning',
      explanation: '{duration} efter første fleksjobstart efter visitation {anchorOn} = {nominalDueOn}',
      due: { after: weeks(4) },
      startedBy: [{ on: 'FLEXJOB_STARTED', when: ['first-job-pending'], anchor: 'fleksjobstart' }],
      metBy: [{ on: 'CAPACITY_DECISION_ISSUED' }],
      heldPendingBy: [{ on: 'CAPACITY_DECISION_ISSUED', when: ['in-phase:LY', 'first-job-pending'] }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_ENDED' }],
    },
    {
      code: 'flexjob-followups',
      name: 'Mindst 4 opfølgninger i de første 6 måneder',
      kind: 'target',
      // provenance: seed 001 L476–480, L1295–1296
      source: 'model target (UIF II model); 6-week spacing = local policy default',
      taskTitle: 'Opfølgning {k}/{count} på virksomheden senest {dueOn}',
      explanation:
        'opfølgning {k}/{count}: min({duration} efter {anchorLabel} {anchorOn} = {base}; {capDuration} efter fleksjobstart {seriesStart} = {capDate}) = {nominalDueOn}',
      due: { after: weeks(6), cap: months(6) },
      series: { count: 4 },
      startedBy: [
        { on: 'FLEXJOB_STARTED', anchor: 'fleksjobstart' },
        { on: 'FLEXJOB_FOLLOWUP_HELD', anchor: 'opfølgning', continues: true },
        waiverSuccessor,
      ],
      metBy: [{ on: 'FLEXJOB_FOLLOWUP_HELD' }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_ENDED' }],
    },
    {
      code: 'statutory-followup-30m',
      name: 'Lovpligtig opfølgning efter 2½ år',
      kind: 'legal',
      source: 'lovpligtig per the seeds; paragraph not named in the seeds', // provenance: seed 000 L680, L722
      taskTitle: 'Lovpligtig opfølgning ({durationShort}) senest {dueOn}',
      explanation: '{duration} efter {anchorLabel} {anchorOn} = {nominalDueOn}',
      due: { after: months(30) },
      startedBy: [
        { on: 'FLEXJOB_STARTED', anchor: 'fleksjobstart' },
        { on: 'STATUTORY_FOLLOWUP_HELD', anchor: 'lovpligtig opfølgning', continues: true },
        waiverSuccessor,
      ],
      metBy: [{ on: 'STATUTORY_FOLLOWUP_HELD' }],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_ENDED' }],
    },
    {
      code: 'temporary-status-54m',
      name: 'Status efter 4½ år i midlertidigt fleksjob',
      kind: 'legal',
      // provenance: seed 000 L196, L692, L698
      source: 'lovpligtig per the seeds; paragraph not named in the seeds',
      taskTitle: 'Status i midlertidigt fleksjob ({durationShort}) senest {dueOn}',
      explanation: '{duration} efter periodestart {anchorOn} = {nominalDueOn}',
      due: { after: months(54) },
      renewal: { period: months(60) },
      startedBy: [
        { on: 'FLEXJOB_STARTED', when: ['first-job-pending', 'no-permanent-outcome'], anchor: 'periodestart' },
        { on: 'TEMPORARY_STATUS_DECIDED', when: ['outcome:renewed'], anchor: 'periodestart', continues: true },
      ],
      metBy: [{ on: 'TEMPORARY_STATUS_DECIDED' }],
      // The waiver gives no successor: a renewal needs a real decision (D11).
      waivedBy: [WAIVER],
      cancelledBy: [],
    },
  ],
});
