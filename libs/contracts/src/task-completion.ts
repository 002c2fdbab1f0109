import { catalogEntry, OBLIGATION_CODES, PROGRAMMES } from '@frist/obligations';

/**
 * The event that meets an open occurrence of an obligation (spec §D "Met by"), read from the rule set's own data
 * so the task endpoints, the web UI and the engine can never disagree. `undefined` for an unknown code. A trial
 * overlay task carries its programme version as rule set: its meeting event is the overlay's first `metBy` (a volume
 * window has none; it is met by registered hours, not by completing the task).
 */
export function meetingEventType(code: string, ruleSetId?: string): string | undefined {
  const def = catalogEntry(code, ruleSetId);
  if (def) return def.metBy[0]?.on;
  for (const programme of PROGRAMMES) {
    const overlay = programme.overlays.find((o) => o.code === code);
    if (overlay) return overlay.metBy?.[0];
  }
  return undefined;
}

/** The baseline rule set's mapping, obligation code → meeting event type. */
export const MEETING_EVENT_BY_CODE: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(OBLIGATION_CODES.map((code) => [code, meetingEventType(code) ?? ''])),
);
