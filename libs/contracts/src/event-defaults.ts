import type { RecordedEvent } from './case-workflow.contract';

/**
 * What most events of a workflow input share, given once instead of on every event. A bulk import's start records
 * every event of a case at one instant by one actor (`import:<batch>`): on a five-year case that repetition was half
 * of the start's payload.
 */
export interface EventDefaults {
  recordedAt?: string;
  actor?: string;
}

/**
 * An event as a workflow input carries it: `recordedAt` and `actor` are absent when they equal the input's
 * `eventDefaults`; `actor: null` marks an event without an actor where the defaults name one. An input without
 * defaults carries whole `RecordedEvent`s, as every input did before.
 */
export type InputRecordedEvent = Omit<RecordedEvent, 'recordedAt' | 'actor'> & {
  recordedAt?: string;
  actor?: string | null;
};

/**
 * The events of a workflow input as the workflow holds them, every field filled in from `defaults`. An event with
 * neither its own `recordedAt` nor a default one takes `fallbackRecordedAt` (the workflow's start), so no input can
 * leave an event without its instant.
 */
export function expandRecordedEvents(
  events: readonly InputRecordedEvent[],
  defaults: EventDefaults | undefined,
  fallbackRecordedAt: string,
): RecordedEvent[] {
  return events.map((e) => {
    // The whole form, as every input before the defaults carried it: kept as it is.
    if (!defaults && e.recordedAt !== undefined && e.actor !== null) return e as RecordedEvent;
    const { eventId, event, recordedAt, actor, ...rest } = e;
    const by = actor === null ? undefined : (actor ?? defaults?.actor);
    return {
      eventId,
      event,
      recordedAt: recordedAt ?? defaults?.recordedAt ?? fallbackRecordedAt,
      ...(by !== undefined ? { actor: by } : {}),
      ...rest,
    };
  });
}
