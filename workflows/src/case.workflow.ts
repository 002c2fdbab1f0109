import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { computeObligations, nextChangeOn, validateEvent, type EngineResult, type IsoDate } from '@frist/obligations';
import {
  applyEventsUpdate,
  canonicalJson,
  CaseRejection,
  CasePhaseAttr,
  caseSnapshotQuery,
  CaseTeamAttr,
  copenhagenDate,
  copenhagenStartOfDay,
  NextDueAtAttr,
  OverdueCountAttr,
  type ApplyEventsInput,
  type CaseActivities,
  type CasePhase,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type RecordedEvent,
} from '@frist/contracts';
import { derivePhase } from './case-phase';

const { projectCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  // The read model may be down for maintenance: keep retrying, never drop a projection.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Max events in one update, so one request cannot blow the payload limit. */
export const MAX_EVENTS_PER_UPDATE = 100;
/** A closed case keeps accepting corrections this long, then its workflow completes. */
const CLOSED_CASE_RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * One long-lived workflow per case. It holds the timeline, asks the pure engine what is due, projects the answer to
 * the read model, and sleeps until the next instant at which the answer can change (one timer, never one per
 * obligation) or until an event arrives.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const { facts } = input;
  const events: RecordedEvent[] = [...(input.events ?? [])];
  const byId = new Map(events.map((e) => [e.eventId, e]));
  let projectionSeq = input.projectionSeq ?? 0;
  let projectedEventCount = input.projectedEventCount ?? 0;
  let dirty = true;
  let current: { result: EngineResult; phase: CasePhase; closedOn: IsoDate | null } | undefined;
  let lastAttributes: string | undefined;
  let lastFingerprint: string | undefined;

  const today = (): IsoDate => copenhagenDate(Date.now());
  const evaluate = (asOf: IsoDate) => {
    const timeline = events.map((e) => e.event);
    const result = computeObligations(
      { caseId: facts.caseId, birthDate: facts.birthDate, team: facts.team },
      timeline,
      asOf,
    );
    const { phase, closedOn } = derivePhase(timeline, result);
    return { result, phase, closedOn };
  };
  const snapshot = (): CaseSnapshot => {
    const { result, phase } = current ?? evaluate(today());
    return {
      caseId: facts.caseId,
      team: facts.team,
      phase,
      asOf: result.asOf,
      obligations: result.occurrences,
      warnings: result.warnings,
      nextDueOn: nextDue(result),
      projectionSeq,
    };
  };

  setHandler(caseSnapshotQuery, snapshot);
  setHandler(
    applyEventsUpdate,
    async ({ events: submitted }: ApplyEventsInput) => {
      const accepted: { eventId: string; duplicate: boolean }[] = [];
      for (const s of submitted) {
        if (byId.has(s.eventId)) {
          accepted.push({ eventId: s.eventId, duplicate: true });
          continue;
        }
        const recorded: RecordedEvent = {
          eventId: s.eventId,
          event: s.event,
          recordedAt: new Date().toISOString(),
          ...(s.actor ? { actor: s.actor } : {}),
        };
        events.push(recorded);
        byId.set(s.eventId, recorded);
        accepted.push({ eventId: s.eventId, duplicate: false });
      }
      if (accepted.some((a) => !a.duplicate)) dirty = true;
      // Answer only once the read model shows this update, so the caller can read its own writes.
      const mustProject = events.length;
      await condition(() => projectedEventCount >= mustProject && !dirty);
      return { ...snapshot(), accepted };
    },
    {
      // Synchronous: a throw here rejects the update before anything is written to history.
      validator: ({ events: submitted }: ApplyEventsInput) => {
        if (!Array.isArray(submitted) || submitted.length === 0 || submitted.length > MAX_EVENTS_PER_UPDATE) {
          throw ApplicationFailure.nonRetryable(
            `an update carries 1 to ${MAX_EVENTS_PER_UPDATE} events`,
            CaseRejection.TooManyEvents,
          );
        }
        const asOf = today();
        const seen = new Map<string, string>();
        submitted.forEach((s, i) => {
          if (typeof s?.eventId !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(s.eventId)) {
            throw ApplicationFailure.nonRetryable(
              `events[${i}].eventId must be 1-100 characters of A-Z a-z 0-9 . _ : -`,
              CaseRejection.InvalidEvent,
              { index: i, field: 'eventId' },
            );
          }
          let event;
          try {
            event = validateEvent(s.event, i);
          } catch (err) {
            throw ApplicationFailure.nonRetryable((err as Error).message, CaseRejection.InvalidEvent, {
              index: i,
              issues: (err as { issues?: unknown }).issues ?? [],
            });
          }
          const content = canonicalJson(event);
          const prior = byId.get(s.eventId);
          const priorContent = prior ? canonicalJson(prior.event) : seen.get(s.eventId);
          if (priorContent !== undefined && priorContent !== content) {
            throw ApplicationFailure.nonRetryable(
              `eventId ${s.eventId} was already used for a different event`,
              CaseRejection.EventIdConflict,
              { index: i, eventId: s.eventId },
            );
          }
          seen.set(s.eventId, content);
          if (!prior && event.date > asOf) {
            throw ApplicationFailure.nonRetryable(
              `events[${i}].date ${event.date} is after today (${asOf})`,
              CaseRejection.EventInFuture,
              { index: i, field: 'date' },
            );
          }
        });
      },
    },
  );

  let closedSince: number | undefined;
  for (;;) {
    if (dirty || !current || current.result.asOf !== today()) {
      dirty = false;
      const count = events.length;
      const next = evaluate(today());
      const fingerprint = canonicalJson([next.phase, next.result.occurrences]);
      if (fingerprint !== lastFingerprint || count > projectedEventCount) {
        const seq = projectionSeq + 1;
        await projectCase({
          seq,
          facts,
          phase: next.phase,
          asOf: next.result.asOf,
          newEvents: events.slice(projectedEventCount, count),
          occurrences: next.result.occurrences,
          nextDueOn: nextDue(next.result),
          overdueCount: next.result.occurrences.filter((o) => o.status === 'overdue').length,
          closedOn: next.closedOn,
        });
        projectionSeq = seq;
        lastFingerprint = fingerprint;
      }
      projectedEventCount = count;
      current = next;
      lastAttributes = publishSearchAttributes(facts.team, next.phase, next.result, lastAttributes);
      if (dirty) continue; // events arrived while projecting
    }

    const { result, phase } = current;
    if (phase === 'CLOSED') closedSince ??= Date.now();
    const wakeOn = nextChangeOn(result);
    const deadlines = [
      wakeOn ? copenhagenStartOfDay(wakeOn) : undefined,
      closedSince !== undefined ? closedSince + CLOSED_CASE_RETENTION_MS : undefined,
    ].filter((t): t is number => t !== undefined);
    const wakeAt = deadlines.length ? Math.min(...deadlines) : undefined;
    const woke = await condition(
      () => dirty || workflowInfo().continueAsNewSuggested,
      wakeAt === undefined ? undefined : Math.max(wakeAt - Date.now(), 1),
    );
    if (!woke && closedSince !== undefined && Date.now() >= closedSince + CLOSED_CASE_RETENTION_MS) {
      await condition(allHandlersFinished);
      return;
    }
    if (!dirty && workflowInfo().continueAsNewSuggested) {
      // Drain handlers; a new event meanwhile is processed first, then we come back here.
      await condition(() => dirty || allHandlersFinished());
      if (!dirty) {
        return continueAsNew<typeof caseWorkflow>({ facts, events, projectionSeq, projectedEventCount });
      }
    }
  }
}

function nextDue(result: EngineResult): IsoDate | null {
  let min: IsoDate | null = null;
  for (const o of result.occurrences) {
    if ((o.status === 'open' || o.status === 'overdue') && (min === null || o.dueOn < min)) min = o.dueOn;
  }
  return min;
}

/** Upserts only when a value changed: every upsert is a history event. Returns the new fingerprint. */
function publishSearchAttributes(
  team: string,
  phase: CasePhase,
  result: EngineResult,
  previous: string | undefined,
): string {
  const due = nextDue(result);
  const overdue = result.occurrences.filter((o) => o.status === 'overdue').length;
  const fingerprint = `${team}|${phase}|${due ?? ''}|${overdue}`;
  if (fingerprint !== previous) {
    upsertSearchAttributes([
      { key: CaseTeamAttr, value: team },
      { key: CasePhaseAttr, value: phase },
      { key: NextDueAtAttr, value: due ? new Date(copenhagenStartOfDay(due)) : null },
      { key: OverdueCountAttr, value: overdue },
    ]);
  }
  return fingerprint;
}
