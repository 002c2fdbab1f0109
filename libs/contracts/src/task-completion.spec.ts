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

  it('covers sygedagpenge obligations and trial overlays (whose tasks carry the programme version as rule set)', () => {
    expect(meetingEventType('sdp-first-followup', 'sygedagpenge-2009')).toBe('FIRST_FOLLOWUP_HELD');
    expect(meetingEventType('sdp-followup', 'sygedagpenge-2009')).toBe('SICKNESS_FOLLOWUP_HELD');
    expect(meetingEventType('aht-weekly-contact', 'aht-2009-mj')).toBe('CONTACT_HELD');
    // A volume window is met by registered hours (T3), not by one completing event.
    expect(meetingEventType('aht-activity-10h', 'aht-demo')).toBeUndefined();
  });
});
