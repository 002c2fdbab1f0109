/** The generic waiver (D11) as triggers, shared by the rule sets: OBLIGATION_WAIVED {code} closes that code's open occurrence. */
import { type StartTrigger, type Trigger } from './rule-set';

export const WAIVER: Trigger = { on: 'OBLIGATION_WAIVED', when: ['waives-own-code'] };

/** A recurring obligation continues as if met on the waiver date (D11). */
export const WAIVER_SUCCESSOR: StartTrigger = {
  on: 'OBLIGATION_WAIVED',
  when: ['waives-own-code'],
  anchor: 'dispensation',
  continues: true,
};
