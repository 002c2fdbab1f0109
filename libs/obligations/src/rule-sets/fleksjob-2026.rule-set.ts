/**
 * Rule set `fleksjob-2026` (law-2026 §N): fleksjob after the beskæftigelsesreform (lov nr. 1750/2025). Published
 * only through MIG-2026 (M2): effectiveFrom is the migration's publication date, legalEffectiveFrom 2026-07-01.
 * Derived from `fleksjob-2024` (nothing removed, N0.2) plus the new obligation forms: the count series `ly-jobtalk`
 * (N1), the ledger deadline `ly-reassessment` (N2), `ly-jobtalk-on-request` (N3) and the N4 precondition.
 * Published: do not edit; a change is a new rule set (§G).
 */
import { FLEKSJOB_2024 } from './fleksjob-2024.rule-set';
import { type RuleSet, type Trigger, days, deriveRuleSet, months } from './rule-set';
import { WAIVER, WAIVER_SUCCESSOR as waiverSuccessor } from './waiver-triggers';
/** N1.3: CONTACT_HELD in person, by phone or video, held by the kommune or anden aktør (absent heldBy = kommune). */
const QUALIFYING_TALK: Trigger = { on: 'CONTACT_HELD', when: ['qualifying-talk'] };

export const LY_JOBTALK_SOURCE =
  'LAB § 31, stk. 3, jf. § 9 (LBK 280/2024) [L]; from 2026-07-01 lov nr. 1750/2025 (75 pct., undtagelse) [S: STAR]';

export const FLEKSJOB_2026: RuleSet = deriveRuleSet(FLEKSJOB_2024, {
  id: 'fleksjob-2026',
  effectiveFrom: '2026-12-07',
  legalEffectiveFrom: '2026-07-01',
  requiresMigration: 'MIG-2026',
  description:
    'Fleksjob after lov nr. 1750/2025: job talks on ledighedsydelse (LAB § 31, stk. 3), the § 74 c reassessment, and the UIF II targets relabelled as local policy.',
  // N0.3: from 2026-07-01 a contact that meets nothing is a recording event and raises no warning.
  recordingEvents: ['CONTACT_HELD'],
  caseExemptions: [
    {
      on: 'JOBTALKS_EXEMPTED',
      codes: ['ly-jobtalk'],
      waiverReason: { prefix: 'undtaget (op til 25 pct.): ', field: 'reason' },
    },
  ],
  preconditions: [
    {
      on: 'VISITATION_DECIDED',
      requires: ['HEALTH_ADVICE_REQUESTED', 'REHAB_TEAM_MEETING_HELD'],
      code: 'NO_HEALTH_ADVICE_RECORDED',
      message:
        'ingen anmodning om sundhedsfaglig rådgivning (eller møde i rehabiliteringsteamet) registreret senest på visitationsdatoen',
    },
  ],
  obligations: {
    'phase1-target': {
      kind: 'policy',
      source: 'local policy default (UIF II model)', // provenance: seed 001 L978–979
      cancelledBy: [
        { on: 'REHAB_TEAM_MEETING_HELD', when: ['recommendation-not-flexjob'] },
        { on: 'ASSESSMENT_CONCLUDED', when: ['outcome-not:flexjob'] },
      ],
    },
    'contact-14d': {
      kind: 'policy',
      source: 'local policy default (UIF II model; not law)', // provenance: seed 001 L492–493
      switch: 'contactCadence.enabled',
    },
    'passivity-screening': { switch: 'passivity.enabled' },
    'passivity-rereview': {
      kind: 'policy',
      name: 'Faglig genvurdering ved 6 måneders passivitet',
      taskTitle: 'Faglig genvurdering ({duration} uden praktik eller job)',
      // provenance: seed 001 L516–518, L1143
      source: 'local policy default (UIF II model; faglig genvurdering, not law)',
      switch: 'passivity.enabled',
    },
    'other-actor-12m': {
      kind: 'policy',
      // provenance: seed 000 L558
      source: 'formerly lovpligtig per the seeds; current legal basis not found (unverified)',
      switch: 'otherActor12m.enabled',
    },
    'statutory-followup-30m': {
      // provenance: seed 000 L680
      source:
        'lovpligtig per the seeds; 2½-year follow-up by a personal talk, repeated every 2½ years [S: fleksjobbernetværket, DUKH]; current paragraph unverified',
    },
    'temporary-status-54m': {
      // provenance: seed 000 L196, L692, L698
      source: 'lovpligtig per the seeds; paragraph not named in the seeds [S: Cabi, DUKH]',
    },
  },
  add: [
    {
      code: 'ly-jobtalk',
      name: 'Jobsamtaler inden for de første 6 måneder på ledighedsydelse',
      // N1: k = 1 is policy (the date is ours), k ≥ 2 legal.
      kind: 'policy',
      kindFromK: { k: 2, kind: 'legal' },
      source: LY_JOBTALK_SOURCE,
      taskTitle: 'Jobsamtale {k}/{count} på ledighedsydelse senest {dueOn}',
      explanation:
        'jobsamtale {k}/{count} inden for de første 6 måneder på ledighedsydelse: {anchorOn} + 6 måneder − 1 dag = {lastDay}{shift}; påmindelse {remindOn}',
      due: { after: days(14) },
      backfillable: true,
      countSeries: {
        window: months(6),
        firstK: 1,
        count: 4,
        remind: days(42),
        anchor: 'start',
        countedBy: [QUALIFYING_TALK],
        endedBy: [{ on: 'FLEXJOB_STARTED' }],
        reportPeriods: true,
        trackedFrom: '2026-07-01',
        sourceBeforeTracked: 'LAB § 31, stk. 3 (LBK 280/2024)',
        firstTexts: {
          taskTitle: 'Første jobsamtale (krav for alle) senest {dueOn}',
          explanation:
            '1. jobsamtale: 14 dage efter overgang til ledighedsydelse {anchorOn} = {nominalDueOn} (lokal standard){shift}',
        },
        ambiguousReanchorCode: 'PERIOD_START_AMBIGUOUS',
      },
      startedBy: [
        { on: 'VISITATION_DECIDED', when: ['no-benefit-spell'], anchor: 'visitation' },
        { on: 'FLEXJOB_ENDED', anchor: 'fleksjob ophørt' },
        { ...QUALIFYING_TALK, anchor: 'jobsamtale', continues: true },
        waiverSuccessor,
      ],
      reanchoredBy: [{ on: 'BENEFIT_STARTED', when: ['spell-reanchors'], anchor: 'ledighedsydelse startet' }],
      metBy: [QUALIFYING_TALK],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_STARTED' }],
    },
    {
      code: 'ly-reassessment',
      name: 'Vurdering af fleksjobbetingelserne efter 12 måneder på ledighedsydelse inden for 18 måneder',
      kind: 'legal',
      source:
        'aktivloven § 74 c [L: LBK 241/2021 as consolidated on elov.dk; not re-verified against LBK 1004/2025, lov 1750 or the 2027 law]',
      taskTitle: 'Vurdér om betingelserne for fleksjob fortsat er opfyldt (aktivloven § 74 c) senest {dueOn}',
      // The ledger writes its own explanation (N2.9); occurrences are computed from the day ledger, not triggers.
      explanation: '{duration} med ledighedsydelse',
      due: { after: months(18) },
      backfillable: true,
      dayLedger: {
        source: 'ly-days',
        reach: months(12),
        within: months(18),
        dueAfter: months(18),
        acceptedBy: [{ on: 'LY_REASSESSMENT_DONE' }],
        beforeTriggerCode: 'REASSESSMENT_BEFORE_TRIGGER',
        floorBy: { on: 'MUNICIPALITY_MOVED_IN', when: ['field-true:deadlineUnachievable'], after: months(6) },
      },
      startedBy: [],
      metBy: [],
      waivedBy: [],
      cancelledBy: [],
    },
    {
      code: 'ly-jobtalk-on-request',
      name: 'Jobsamtale efter anmodning',
      kind: 'policy',
      source: 'LAB § 32 (right to job talks on request) [L]; 14 days = local policy default [P]',
      taskTitle: 'Jobsamtale efter borgerens anmodning senest {dueOn}',
      explanation: '14 dage efter anmodning om jobsamtale {anchorOn} = {nominalDueOn} (lokal standard)',
      due: { after: days(14) },
      backfillable: true,
      startedBy: [{ on: 'JOBTALK_REQUESTED', anchor: 'anmodning om jobsamtale' }],
      metBy: [QUALIFYING_TALK],
      waivedBy: [WAIVER],
      cancelledBy: [{ on: 'FLEXJOB_STARTED' }],
    },
  ],
});
