/**
 * Rule set `sygedagpenge-2009` (spec trials-and-sygedagpenge.md §S), effective from 2009-01-01 (assumption); the
 * baseline of case type sygedagpenge. Historical (§Y). Published: do not edit; a change is a new rule set (§G).
 */
import { type RuleSet, type StartTrigger, type Trigger, days, defineRuleSet, weeks } from './rule-set';

const WAIVER: Trigger = { on: 'OBLIGATION_WAIVED', when: ['waives-own-code'] };
const ENDS: Trigger[] = [{ on: 'RETURNED_TO_WORK' }, { on: 'CASE_CLOSED' }];
const waiverSuccessor: StartTrigger = {
  on: 'OBLIGATION_WAIVED',
  when: ['waives-own-code'],
  anchor: 'dispensation',
  continues: true,
};

export const SYGEDAGPENGE_2009: RuleSet = defineRuleSet({
  id: 'sygedagpenge-2009',
  caseType: 'sygedagpenge',
  effectiveFrom: '2009-01-01',
  // provenance: seed 002 L226, L230
  description: 'Sygedagpenge: the statutory follow-up talks as the 2009 trial describes them; historical.',
  obligations: [
    {
      code: 'sdp-first-followup',
      name: '1. opfølgningssamtale (8-ugers samtalen)',
      kind: 'legal',
      // provenance: seed 002 L226, L230; the anchor from shared/research/seeds-analysis/002_004.md Appendix X
      source: 'lovpligtig per the 2009 trial; paragraph not named in the seeds; anchor from external context',
      taskTitle: 'Hold 1. opfølgningssamtale (8-ugers samtalen) i jobcentrets regi senest {dueOn}',
      explanation: 'udgangen af 8. uge regnet fra første fraværsdag {anchorOn} = {nominalDueOn}',
      // H3: "by the end of week 8 counted from D" = D + (7·8 − 1) days.
      due: { after: days(55) },
      startedBy: [{ on: 'SICK_LEAVE_STARTED', anchor: 'første fraværsdag' }],
      // The case type refuses a first talk not held by the jobcenter or not a samtale (gate, Z2).
      metBy: [{ on: 'FIRST_FOLLOWUP_HELD' }],
      // No successor: the waiver closes the 8-week talk only.
      waivedBy: [WAIVER],
      cancelledBy: ENDS,
    },
    {
      code: 'sdp-followup',
      name: 'Lovpligtig opfølgningssamtale hver 4. eller 8. uge',
      kind: 'legal',
      // provenance: seed 002 L226, L230
      source: 'lovpligtig per the 2009 trial; paragraph not named in the seeds; 4/8 choice = product decision',
      taskTitle: 'Opfølgningssamtale (hver {amount}. uge) senest {dueOn}',
      explanation: '{duration} efter {anchorLabel} {anchorOn} = {nominalDueOn}',
      // The cadence is recorded (required) at the first talk and changed by FOLLOWUP_CADENCE_SET (X3); the
      // cadence in force when an occurrence is created fixes its date.
      due: {
        after: weeks(8),
        override: { on: ['FIRST_FOLLOWUP_HELD', 'FOLLOWUP_CADENCE_SET'], field: 'cadenceWeeks', unit: 'weeks' },
      },
      startedBy: [
        { on: 'FIRST_FOLLOWUP_HELD', anchor: '1. opfølgningssamtale' },
        { on: 'SICKNESS_FOLLOWUP_HELD', anchor: 'opfølgningssamtale', continues: true },
        waiverSuccessor,
      ],
      metBy: [{ on: 'SICKNESS_FOLLOWUP_HELD' }],
      waivedBy: [WAIVER],
      cancelledBy: ENDS,
    },
  ],
});
