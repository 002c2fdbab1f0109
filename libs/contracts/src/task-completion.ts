import { catalogEntry, OBLIGATION_CODES } from '@frist/obligations';

/**
 * The event that meets an open occurrence of an obligation (spec §D "Met by"), read from the rule set's own data
 * so the task endpoints, the web UI and the engine can never disagree. `undefined` for an unknown code.
 */
export function meetingEventType(code: string, ruleSetId?: string): string | undefined {
  return catalogEntry(code, ruleSetId)?.metBy[0]?.on;
}

/** The baseline rule set's mapping, obligation code → meeting event type. */
export const MEETING_EVENT_BY_CODE: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(OBLIGATION_CODES.map((code) => [code, meetingEventType(code) ?? ''])),
);
