import { RULE_SETS } from '@frist/obligations';
import { MEETING_EVENT_BY_CODE, meetingEventType } from './task-completion';

describe('meeting event per obligation (spec §D "Met by")', () => {
  it('is the §D table', () => {
    expect(MEETING_EVENT_BY_CODE).toEqual({
      'phase1-target': 'VISITATION_DECIDED',
      'contact-14d': 'CONTACT_HELD',
      'passivity-screening': 'PASSIVITY_SCREENING_DONE',
      'passivity-rereview': 'REHAB_REREVIEW_HELD',
      'other-actor-12m': 'OTHER_ACTOR_REFERRED',
      'flexjob-agreement': 'FLEXJOB_AGREEMENT_RECORDED',
      'capacity-decision': 'CAPACITY_DECISION_ISSUED',
      'flexjob-followups': 'FLEXJOB_FOLLOWUP_HELD',
      'statutory-followup-30m': 'STATUTORY_FOLLOWUP_HELD',
      'temporary-status-54m': 'TEMPORARY_STATUS_DECIDED',
    });
  });

  it('names exactly one meeting event per obligation in every published rule set', () => {
    for (const ruleSet of RULE_SETS)
      for (const o of ruleSet.obligations) {
        expect(o.metBy).toHaveLength(1);
        expect(meetingEventType(o.code, ruleSet.id)).toBe(o.metBy[0]?.on);
      }
    expect(meetingEventType('no-such-code')).toBeUndefined();
  });
});
