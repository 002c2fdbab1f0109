import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  checkEventAdmissible,
  PROGRAMMES,
  validateEvent,
  type CaseEvent,
  type EngineResult,
  type IsoDate,
  type MigrationInput,
} from '@frist/obligations';
import {
  applyEventsVerdictUpdate,
  applyOccurrenceDelta,
  CASE_EVENT_BUDGET,
  canonicalJson,
  CaseFailure,
  CaseRejection,
  CasePhaseAttr,
  caseSnapshotQuery,
  CaseTeamAttr,
  copenhagenDate,
  copenhagenStartOfDay,
  correctEventUpdate,
  dueFigures,
  expandRecordedEvents,
  moveCaseUpdate,
  reevaluateSignal,
  NextDueAtAttr,
  OverdueCountAttr,
  TEAM_PATTERN,
  type ApplyEventsInput,
  type CaseActivities,
  type CaseAttention,
  type CaseSnapshot,
  type CaseVerdict,
  type CaseWorkflowInput,
  type CorrectEventInput,
  type EvaluateAndProjectResult,
  type EvaluateCaseInput,
  type EvaluateCaseResult,
  type HeldEvaluation,
  type MoveCause,
  type MoveCaseInput,
  type AppliedPolicyDecision,
  type PolicyChangeCause,
  type RecordedEvent,
  type SubmittedEvent,
  type WorkflowAuditEntry,
} from '@frist/contracts';

// The read model may be down for maintenance: keep retrying, never drop a projection.
const projectionRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
/** Histories recorded before PROJECT_LOCALLY schedule the projection as a regular activity; replay keeps that. */
const { projectCase: projectCaseAsActivity } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: projectionRetry,
});
/**
 * The projection as a local activity: it runs inside the workflow task that evaluated the change, so an update is
 * answered when that one task completes (no activity task, no second workflow task), and its large input is not
 * written to history. Retries past a minute wait on durable timers (localRetryThreshold), so an outage of the read
 * model still never drops a projection. At-least-once like any activity: the projection is idempotent and ordered
 * by `seq`.
 */
const { projectCase: projectCaseLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: projectionRetry,
});
/**
 * One local activity per change evaluates and, when the answer changed, projects it (patch EVALUATE_AND_PROJECT):
 * one activity round trip instead of two, the projection's input never crosses the workflow, and history records the
 * answer without its occurrences when they did not change. The projection's retries: a read model that is down
 * never drops a projection; the engine's refusal is non-retryable and puts the case in "needs attention".
 */
const { evaluateAndProjectCase } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: projectionRetry,
});
/** patched() id: evaluation and projection in one local activity (see evaluateAndProjectCase). */
const EVALUATE_AND_PROJECT = 'evaluate-and-project';
/**
 * patched() id: the evaluation answers compactly (phase, dates, counts, fingerprint) and the workflow holds no
 * occurrences: the creation's marker no longer records the engine's whole answer, and no later change needs a
 * difference. Its answers are verdicts (the API shows the rest from the read model); the caseSnapshot query carries
 * the evaluation input instead of the occurrences.
 */
const COMPACT_EVALUATION = 'compact-evaluation';
/** patched() id: projections run as local activities (see projectCaseLocally). */
const PROJECT_LOCALLY = 'projection-as-local-activity';
/** patched() id: trial enrolments are part of the change fingerprint (a control arm's period end changes no task). */
const ENROLMENTS_IN_FINGERPRINT = 'enrolments-in-fingerprint';
/** patched() id: a run whose history reached ROLL_OVER_HISTORY_EVENTS continues as new before it sleeps. */
const SHORT_HISTORIES = 'continue-as-new-at-history-length';
/**
 * A wake-up of a case outside the worker's cache replays its history, and replay cost grows with the history
 * (37 ms new, 391 ms at five years in the bench). Rolling over well before Temporal's own suggestion (thousands of
 * events) keeps every replay short; a new run starts from the compact timeline and the last evaluation.
 */
const ROLL_OVER_HISTORY_EVENTS = 120;
// The engine runs as a local activity so its answers are recorded: rule fixes never break replay of a running case.
// The engine is pure, so a failure repeats: a few quick attempts (a timeout may be load), then the case needs
// attention instead of holding a workflow task slot for ever.
const { evaluateCase } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '100 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 3,
  },
});
/** Mirrors the attention state into the read model and the worker's alert metric; best effort, bounded. */
const { reportCaseAttention } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 4 },
});
/**
 * patched() id: a change the engine or the read model refuses (non-retryable) puts the case in "needs attention":
 * the workflow stays alive, answers the update with CASE_NEEDS_ATTENTION, and waits for the next change.
 */
const NEEDS_ATTENTION = 'case-needs-attention';
/** patched() id: a re-evaluation signal may carry a law migration (MIG-2026) the case takes from then on. */
const LAW_MIGRATION = 'law-migration';
/** patched() id: a re-evaluation signal may carry the applied policy decisions the case takes from then on. */
const POLICY_ROLLOUT = 'policy-rollout';

/** Max events in one update, so one request cannot blow the payload limit. */
export const MAX_EVENTS_PER_UPDATE = 100;
const MAX_REASON_LENGTH = 500;
/** A closed case keeps accepting corrections this long, then its workflow completes. */
const CLOSED_CASE_RETENTION_MS = 90 * 24 * 3_600_000;

const reject = (message: string, type: CaseRejection, details: Record<string, unknown> = {}) =>
  ApplicationFailure.nonRetryable(message, type, details);

/** What one change brings to its projection besides the engine's answer (kept for the next one if it fails). */
interface CarriedChange {
  retracted: RecordedEvent[];
  audit: WorkflowAuditEntry[];
  moveCause: MoveCause;
  migration: MigrationInput | undefined;
  policy: PolicyChangeCause | undefined;
}

/**
 * One long-lived workflow per case. It holds the timeline, asks the pure engine what is due, projects the answer to
 * the read model, and sleeps until the next instant at which the answer can change (one timer, never one per
 * obligation) or until a caseworker's update arrives. Updates answer only once the read model shows them.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const facts = { ...input.facts };
  // A compact input (a bulk import's start) names its events' shared recordedAt and actor once: filled in here,
  // before anything reads an event, so the timeline, projections and audit are those of the whole form.
  const events: RecordedEvent[] = expandRecordedEvents(
    input.events ?? [],
    input.eventDefaults,
    new Date().toISOString(),
  );
  const byId = new Map(events.map((e) => [e.eventId, e]));
  let projectionSeq = input.projectionSeq ?? 0;
  let projectedEventCount = input.projectedEventCount ?? 0;
  let pendingRetractions: RecordedEvent[] = [];
  let pendingAudit: WorkflowAuditEntry[] = [];
  let pendingMoveCause: MoveCause | undefined;
  const migrations: MigrationInput[] = [...(input.migrations ?? [])];
  // The migration taken since the last projection: that projection audits what it changed (law-2026 M4).
  let pendingMigration: MigrationInput | undefined;
  // The applied policy decisions, as data: only a policy rollout (or the case's start) changes them.
  let policyDecisions: AppliedPolicyDecision[] = [...(input.policyDecisions ?? [])];
  // The installation's adopted trial programmes come as data with the input (never read from disk here): trial
  // events may name them besides the published ones, and the next run keeps them.
  const adoptedProgrammes = [...(input.programmes ?? [])];
  const programmes = adoptedProgrammes.length ? [...PROGRAMMES, ...adoptedProgrammes] : PROGRAMMES;
  // The policy decision applied since the last projection: that projection audits what it changed.
  let pendingPolicy: PolicyChangeCause | undefined;
  // Every accepted change bumps `changes`; an update handler waits until a projection has covered its change.
  let changes = 1;
  let projectedChanges = 0;
  let current: HeldEvaluation | undefined =
    input.lastVerdict ?? (input.lastEvaluation ? heldOf(input.lastEvaluation) : undefined);
  let lastFingerprint: string | undefined;
  let lastAttributes: string | undefined;
  // Set while the last change could not be evaluated or projected; `failedChange` is the change count it covered.
  let attention: CaseAttention | undefined;
  let failedChange = 0;
  // Budget (CASE_EVENT_BUDGET): the serialised size of the accepted events, kept as they arrive.
  let eventBytes = events.reduce((n, e) => n + JSON.stringify(e.event).length, 0);

  const today = (): IsoDate => copenhagenDate(Date.now());
  const now = (): string => new Date().toISOString();
  const evaluation = (asOf: IsoDate): EvaluateCaseInput => ({
    facts: { ...facts },
    events: events.filter((e) => !e.retracted).map((e) => e.event),
    asOf,
    ...(migrations.length ? { migrations: [...migrations] } : {}),
    ...(policyDecisions.length ? { policyDecisions } : {}),
  });
  const evaluate = (asOf: IsoDate) => evaluateCase(evaluation(asOf));
  /** What a projection of the change up to `count` events writes besides the engine's answer. */
  const changeWritten = (seq: number, count: number, c: CarriedChange) => ({
    seq,
    newEvents: events.slice(projectedEventCount, count),
    retractedEvents: c.retracted,
    audit: c.audit,
    moveCause: c.moveCause,
    ...(c.migration ? { migration: c.migration } : {}),
    ...(c.policy ? { policy: c.policy } : {}),
  });
  /** The answer's facts without the engine's occurrences, enrolments and periods (the read model shows those). */
  const verdict = (): CaseVerdict => ({
    caseId: facts.caseId,
    team: facts.team,
    facts: { ...facts },
    phase: current?.phase ?? 'PRE',
    closedOn: current?.closedOn ?? null,
    asOf: current?.asOf ?? today(),
    warnings: current?.warnings ?? [],
    nextDueOn: current?.nextDueOn ?? null,
    projectionSeq,
    ...(attention ? { attention: { ...attention } } : {}),
  });
  /** An update's answer: the verdict, with the occurrences where the run holds them (recorded before the patch). */
  const answerOf = (asked: 'verdict' | undefined): CaseSnapshot => {
    if (!current) return { ...verdict(), obligations: [] };
    const { result } = current;
    if (asked === 'verdict' || !result) return verdict();
    return {
      ...verdict(),
      obligations: result.occurrences,
      // Absent in evaluations recorded before the engine had enrolments (T4).
      ...(result.enrolments ? { enrolments: result.enrolments } : {}),
      // Absent without MIG-2026 (law-2026 O3).
      ...(result.periods ? { periods: result.periods } : {}),
    };
  };
  /** The query's answer: what the run holds, or the evaluation input of the answer the read model shows. */
  const snapshot = (): CaseSnapshot =>
    current && !current.result ? { ...verdict(), evaluation: evaluation(current.asOf) } : answerOf(undefined);
  const needsAttention = (a: CaseAttention) =>
    reject(
      'the change was recorded, but the case could not be evaluated or projected: it needs attention ' +
        '(correct or retract the event that caused it)',
      CaseRejection.NeedsAttention,
      { ...a },
    );
  const commitChange = async (): Promise<void> => {
    const mine = ++changes;
    await condition(() => projectedChanges >= mine);
    if (attention && failedChange >= mine) throw needsAttention(attention);
  };
  const record = (s: SubmittedEvent, corrects?: string): RecordedEvent => {
    const recorded: RecordedEvent = {
      eventId: s.eventId,
      event: s.event,
      recordedAt: now(),
      ...(s.actor ? { actor: s.actor } : {}),
      ...(corrects ? { corrects } : {}),
    };
    events.push(recorded);
    byId.set(s.eventId, recorded);
    eventBytes += JSON.stringify(s.event).length;
    return recorded;
  };
  /** Synchronous validation of one submitted event; returns the normalised event. */
  const checkSubmitted = (s: SubmittedEvent, i: number, asOf: IsoDate, seen: Map<string, string>): CaseEvent => {
    if (typeof s?.eventId !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(s.eventId)) {
      throw reject(`events[${i}].eventId must be 1-100 characters of A-Z a-z 0-9 . _ : -`, CaseRejection.InvalidEvent, {
        index: i,
        field: 'eventId',
      });
    }
    let event: CaseEvent;
    try {
      event = validateEvent(s.event, i, facts.caseType ?? 'fleksjob', migrations.length > 0, programmes);
    } catch (err) {
      throw reject((err as Error).message, CaseRejection.InvalidEvent, {
        index: i,
        issues: (err as { issues?: unknown }).issues ?? [],
      });
    }
    const content = canonicalJson(event);
    const prior = byId.get(s.eventId);
    const priorContent = prior ? canonicalJson(prior.event) : seen.get(s.eventId);
    if (priorContent !== undefined && priorContent !== content) {
      throw reject(`eventId ${s.eventId} was already used for a different event`, CaseRejection.EventIdConflict, {
        index: i,
        eventId: s.eventId,
      });
    }
    seen.set(s.eventId, content);
    if (!prior) {
      // Domain rules with a code of their own (e.g. PERMANENT_REQUIRES_AGE_40) reject the event outright.
      let issue: ReturnType<typeof checkEventAdmissible>;
      try {
        issue = checkEventAdmissible(
          { birthDate: facts.birthDate, ...(facts.caseType ? { caseType: facts.caseType } : {}) },
          [],
          event,
          // A migrated case admits the 2026 event types it was validated with above (law-2026 M3).
          migrations.length > 0,
          programmes,
        );
      } catch (err) {
        // The case's own facts are out of the engine's range (a validator rejection is never written to history).
        throw reject((err as Error).message, CaseRejection.InvalidEvent, { index: i });
      }
      if (issue)
        throw reject(issue.message, CaseRejection.EventNotAdmissible, {
          index: i,
          field: issue.field,
          code: issue.code,
        });
    }
    if (!prior && event.date > asOf)
      throw reject(`events[${i}].date ${event.date} is after today (${asOf})`, CaseRejection.EventInFuture, {
        index: i,
        field: 'date',
      });
    return event;
  };
  const checkReason = (reason: unknown): void => {
    if (typeof reason !== 'string' || !reason.trim() || reason.length > MAX_REASON_LENGTH) {
      throw reject(`a reason of 1-${MAX_REASON_LENGTH} characters is required`, CaseRejection.ReasonRequired, {
        field: 'reason',
      });
    }
  };

  /** The API checks the budget before sending; this keeps a client that bypasses it from growing the history. */
  const checkBudget = (added: SubmittedEvent[]): void => {
    const bytes = added.reduce((n, s) => n + JSON.stringify(s.event).length, 0);
    if (
      events.length + added.length > CASE_EVENT_BUDGET.maxEvents ||
      eventBytes + bytes > CASE_EVENT_BUDGET.maxEventBytes
    )
      throw reject(
        `a case holds at most ${CASE_EVENT_BUDGET.maxEvents} events of ${CASE_EVENT_BUDGET.maxEventBytes} bytes in all`,
        CaseRejection.BudgetExceeded,
        { events: events.length, bytes: eventBytes },
      );
  };
  const report = async (a: CaseAttention | null): Promise<void> => {
    try {
      await reportCaseAttention({ caseId: facts.caseId, team: facts.team, attention: a });
    } catch {
      // Best effort: the workflow holds the state (snapshot query) whether or not the read model mirrors it.
    }
  };

  /**
   * A change that failed for good: nothing of it reached the read model, so what it carried waits for the next
   * projection, and the case needs attention (the waiting handlers are released and answer CASE_NEEDS_ATTENTION).
   */
  const changeFailed = async (a: CaseAttention, covering: number, carried: CarriedChange): Promise<void> => {
    pendingRetractions = [...carried.retracted, ...pendingRetractions];
    pendingAudit = [...carried.audit, ...pendingAudit];
    pendingMoveCause ??= carried.moveCause;
    pendingMigration ??= carried.migration;
    pendingPolicy ??= carried.policy;
    attention = a;
    failedChange = covering;
    projectedChanges = covering;
    await report(a);
  };

  setHandler(caseSnapshotQuery, snapshot);
  setHandler(reevaluateSignal, ({ cause, migration, policy }) => {
    if (migration && patched(LAW_MIGRATION)) {
      // Taken once: a second apply of the same migration changes nothing (no evaluation, no projection).
      if (migrations.some((m) => m.id === migration.id)) return;
      migrations.push({ id: migration.id, publishedOn: migration.publishedOn });
      pendingMigration = migration;
    }
    if (policy && patched(POLICY_ROLLOUT)) {
      // The same decisions again (a second apply, a resumed rollout) change nothing: no evaluation, no projection.
      if (JSON.stringify(policy.decisions) === JSON.stringify(policyDecisions)) return;
      policyDecisions = policy.decisions.map((d) => ({ ...d }));
      pendingPolicy = { ...policy.change };
    }
    pendingMoveCause = cause;
    changes++;
  });

  setHandler(
    applyEventsVerdictUpdate,
    async ({ events: submitted, answer }: ApplyEventsInput) => {
      const accepted = submitted.map((s) => {
        if (byId.has(s.eventId)) return { eventId: s.eventId, duplicate: true };
        record(s);
        return { eventId: s.eventId, duplicate: false };
      });
      // A log line is no command (replay suppresses it); it carries the request's correlation id (interceptors).
      log.info('case events applied', {
        events: accepted.filter((a) => !a.duplicate).length,
        duplicates: accepted.filter((a) => a.duplicate).length,
      });
      if (accepted.some((a) => !a.duplicate)) await commitChange();
      // A retry of the change that put the case in need of attention answers as the first attempt did.
      else if (attention) throw needsAttention(attention);
      // A caller that asks for the verdict shows the rest from the read model: history records the verdict only.
      return { ...answerOf(answer), accepted };
    },
    {
      // Synchronous: a throw here rejects the update before anything is written to history.
      validator: ({ events: submitted }: ApplyEventsInput) => {
        if (!Array.isArray(submitted) || submitted.length === 0 || submitted.length > MAX_EVENTS_PER_UPDATE) {
          throw reject(`an update carries 1 to ${MAX_EVENTS_PER_UPDATE} events`, CaseRejection.TooManyEvents);
        }
        const asOf = today();
        const seen = new Map<string, string>();
        submitted.forEach((s, i) => checkSubmitted(s, i, asOf, seen));
        checkBudget(submitted.filter((s) => !byId.has(s.eventId)));
      },
    },
  );

  setHandler(
    correctEventUpdate,
    async ({ eventId, reason, replacement, actor, answer }: CorrectEventInput) => {
      const target = byId.get(eventId)!;
      if (target.retracted) return { ...answerOf(answer), duplicate: true };
      const at = now();
      target.retracted = {
        reason,
        at,
        ...(actor ? { actor } : {}),
        ...(replacement ? { replacedBy: replacement.eventId } : {}),
      };
      pendingRetractions.push(target);
      if (replacement) record(replacement, eventId);
      pendingAudit.push({
        key: `${replacement ? 'corrected' : 'retracted'}:${eventId}`,
        action: replacement ? 'EVENT_CORRECTED' : 'EVENT_RETRACTED',
        at,
        ...(actor ? { actor } : {}),
        details: {
          eventId,
          reason,
          old: target.event,
          ...(replacement ? { replacedBy: replacement.eventId, new: replacement.event } : {}),
        },
      });
      await commitChange();
      return { ...answerOf(answer), duplicate: false };
    },
    {
      validator: ({ eventId, reason, replacement }: CorrectEventInput) => {
        const target = byId.get(eventId);
        if (!target) throw reject(`no event ${eventId} in this case`, CaseRejection.EventNotFound, { eventId });
        checkReason(reason);
        if (target.retracted) {
          // Repeating the same correction is a no-op; a different one on a retracted event is a conflict.
          if ((target.retracted.replacedBy ?? null) === (replacement?.eventId ?? null)) return;
          throw reject(`event ${eventId} was already retracted`, CaseRejection.EventIdConflict, { eventId });
        }
        if (replacement) {
          if (byId.has(replacement.eventId))
            throw reject(`eventId ${replacement.eventId} is already used`, CaseRejection.EventIdConflict, {
              eventId: replacement.eventId,
            });
          checkSubmitted(replacement, 0, today(), new Map());
          checkBudget([replacement]);
        }
      },
    },
  );

  setHandler(
    moveCaseUpdate,
    async ({ team, reason, actor, answer }: MoveCaseInput) => {
      if (team !== facts.team) {
        pendingAudit.push({
          key: `moved:${projectionSeq}:${changes}`,
          action: 'CASE_MOVED',
          at: now(),
          ...(actor ? { actor } : {}),
          details: { from: facts.team, to: team, reason },
        });
        facts.team = team;
        await commitChange();
      }
      return answerOf(answer);
    },
    {
      validator: ({ team, reason }: MoveCaseInput) => {
        if (typeof team !== 'string' || !TEAM_PATTERN.test(team))
          throw reject('team must be a team slug', CaseRejection.InvalidTeam, { field: 'team' });
        checkReason(reason);
      },
    },
  );

  let closedSince: number | undefined;
  for (;;) {
    // A case that needs attention is evaluated again only on its next change, never in a loop.
    if (projectedChanges < changes || (!attention && (!current || current.asOf !== today()))) {
      const covering = changes;
      const count = events.length;
      let next: HeldEvaluation;
      if (patched(EVALUATE_AND_PROJECT)) {
        const retracted = pendingRetractions;
        const audit = pendingAudit;
        const moveCause: MoveCause = pendingMoveCause ?? (retracted.length ? 'event-correction' : 'recomputation');
        const migration = pendingMigration;
        const policy = pendingPolicy;
        pendingRetractions = [];
        pendingAudit = [];
        pendingMoveCause = undefined;
        pendingMigration = undefined;
        pendingPolicy = undefined;
        const seq = projectionSeq + 1;
        const carried = { retracted, audit, moveCause, migration, policy };
        let answer: EvaluateAndProjectResult;
        // The occurrences held travel in the input (a local activity's input is not written to history), so that a
        // changed answer is recorded as its difference from them (OccurrenceDelta). No patch: the commands are the
        // same, and the answer is read back from its marker in whichever of its three shapes it was recorded.
        const compact = patched(COMPACT_EVALUATION);
        const held = current?.result?.occurrences;
        try {
          answer = await evaluateAndProjectCase({
            ...evaluation(today()),
            ...(lastFingerprint !== undefined ? { fingerprint: lastFingerprint } : {}),
            ...(compact ? { compact: true } : held ? { held } : {}),
            projection: {
              ...changeWritten(seq, count, carried),
              force: count > projectedEventCount || retracted.length > 0 || audit.length > 0,
            },
          });
        } catch (err) {
          const a = attentionFor(err, failedStage(err), attention, now);
          if (!a || !patched(NEEDS_ATTENTION)) throw err;
          await changeFailed(a, covering, carried);
          continue;
        }
        if (answer.projected) projectionSeq = seq;
        lastFingerprint = answer.fingerprint;
        const { result, nextChangeOn, delta } = answer;
        if (answer.overdueCount !== undefined) {
          // A compact answer: the verdict, the search attributes' values and the next wake-up.
          next = {
            asOf: result.asOf,
            phase: result.phase,
            closedOn: result.closedOn,
            warnings: result.warnings,
            nextDueOn: answer.nextDueOn ?? null,
            overdueCount: answer.overdueCount,
            nextChangeOn,
          };
        } else {
          // Recorded before COMPACT_EVALUATION. An unchanged answer (same fingerprint) comes without the occurrences
          // and enrolments the workflow holds; a changed one, given what was held, as its difference from those.
          const full: EngineResult = delta
            ? {
                ...result,
                occurrences: applyOccurrenceDelta(current!.result!.occurrences, delta),
                enrolments: result.enrolments ?? [],
              }
            : result.occurrences
              ? { ...result, occurrences: result.occurrences, enrolments: result.enrolments ?? [] }
              : { ...result, occurrences: current!.result!.occurrences, enrolments: current!.result!.enrolments };
          next = heldOf({ result: full, phase: result.phase, closedOn: result.closedOn, nextChangeOn });
        }
      } else {
        let evaluated: EvaluateCaseResult;
        try {
          evaluated = await evaluate(today());
        } catch (err) {
          const a = attentionFor(err, 'evaluate', attention, now);
          if (!a || !patched(NEEDS_ATTENTION)) throw err;
          attention = a;
          failedChange = covering;
          projectedChanges = covering; // releases the waiting handlers: they answer CASE_NEEDS_ATTENTION
          await report(a);
          continue;
        }
        const retracted = pendingRetractions;
        const audit = pendingAudit;
        const moveCause: MoveCause = pendingMoveCause ?? (retracted.length ? 'event-correction' : 'recomputation');
        pendingMoveCause = undefined;
        const migration = pendingMigration;
        pendingMigration = undefined;
        const policy = pendingPolicy;
        pendingPolicy = undefined;
        next = heldOf(evaluated);
        const { result } = evaluated;
        // The engine emits records with a fixed key order, so plain JSON is a faithful (and much cheaper) fingerprint.
        // Only enrolled cases consult the patch, so the other cases' histories carry no marker.
        const enrolments = result.enrolments;
        const fingerprint = JSON.stringify(
          enrolments?.length && patched(ENROLMENTS_IN_FINGERPRINT)
            ? [facts.team, next.phase, result.occurrences, enrolments]
            : [facts.team, next.phase, result.occurrences],
        );
        if (fingerprint !== lastFingerprint || count > projectedEventCount || retracted.length || audit.length) {
          pendingRetractions = [];
          pendingAudit = [];
          const seq = projectionSeq + 1;
          const projectCase = patched(PROJECT_LOCALLY) ? projectCaseLocally : projectCaseAsActivity;
          try {
            await projectCase({
              ...changeWritten(seq, count, { retracted, audit, moveCause, migration, policy }),
              facts: { ...facts },
              phase: next.phase,
              asOf: result.asOf,
              occurrences: result.occurrences,
              ...(enrolments ? { enrolments } : {}),
              // Not part of the fingerprint: a period changes only with an event, a retraction or a migration, which
              // project anyway, or by time (open → short once L passes), which the quota reads from today's date.
              ...(result.periods ? { periods: result.periods } : {}),
              nextDueOn: next.nextDueOn,
              overdueCount: next.overdueCount,
              closedOn: next.closedOn,
            });
          } catch (err) {
            const a = attentionFor(err, 'project', attention, now);
            if (!a || !patched(NEEDS_ATTENTION)) throw err;
            await changeFailed(a, covering, { retracted, audit, moveCause, migration, policy });
            continue;
          }
          projectionSeq = seq;
          lastFingerprint = fingerprint;
        }
      }
      projectedEventCount = count;
      projectedChanges = covering;
      current = next;
      if (attention) {
        attention = undefined;
        await report(null);
      }
      lastAttributes = publishSearchAttributes(facts.team, next, lastAttributes);
      if (projectedChanges < changes) continue; // more arrived while projecting
    }
    if (attention || !current) {
      // Needs attention: idle until the next change (a correction, a retraction, an event, a move, a re-evaluation).
      await condition(() => projectedChanges < changes);
      continue;
    }

    const { phase, nextChangeOn: wakeOn } = current;
    closedSince = phase === 'CLOSED' ? (closedSince ?? Date.now()) : undefined;
    const deadlines = [
      wakeOn ? copenhagenStartOfDay(wakeOn) : undefined,
      closedSince !== undefined ? closedSince + CLOSED_CASE_RETENTION_MS : undefined,
    ].filter((t): t is number => t !== undefined);
    const wakeAt = deadlines.length ? Math.min(...deadlines) : undefined;
    const pending = () => projectedChanges < changes;
    // Roll over instead of sleeping on a long history (never while closed: a closed case only waits to end).
    const rollOver =
      closedSince === undefined && workflowInfo().historyLength >= ROLL_OVER_HISTORY_EVENTS && patched(SHORT_HISTORIES);
    const woke =
      rollOver ||
      (await condition(
        () => pending() || workflowInfo().continueAsNewSuggested,
        wakeAt === undefined ? undefined : Math.max(wakeAt - Date.now(), 1),
      ));
    if (!woke && closedSince !== undefined && Date.now() >= closedSince + CLOSED_CASE_RETENTION_MS) {
      await condition(allHandlersFinished);
      return;
    }
    if (!pending() && (rollOver || workflowInfo().continueAsNewSuggested)) {
      // Drain handlers; a change meanwhile is projected first, then we come back here.
      await condition(() => pending() || allHandlersFinished());
      if (!pending())
        return continueAsNew<typeof caseWorkflow>({
          facts,
          events,
          projectionSeq,
          projectedEventCount,
          // A run recorded before COMPACT_EVALUATION hands on the whole answer it holds, a later one its verdict.
          ...(current.result
            ? {
                lastEvaluation: {
                  result: current.result,
                  phase: current.phase,
                  closedOn: current.closedOn,
                  nextChangeOn: current.nextChangeOn,
                },
              }
            : { lastVerdict: current }),
          ...(migrations.length ? { migrations } : {}),
          ...(policyDecisions.length ? { policyDecisions } : {}),
          ...(adoptedProgrammes.length ? { programmes: adoptedProgrammes } : {}),
        });
    }
  }
}

/** What the workflow holds of a whole answer (evaluated before COMPACT_EVALUATION, or handed on by such a run). */
function heldOf({ result, phase, closedOn, nextChangeOn }: EvaluateCaseResult): HeldEvaluation {
  const { asOf, warnings, occurrences } = result;
  return { asOf, phase, closedOn, warnings, ...dueFigures(occurrences), nextChangeOn, result };
}

/** Upserts only when a value changed: every upsert is a history event. Returns the new fingerprint. */
function publishSearchAttributes(
  team: string,
  { phase, nextDueOn: due, overdueCount: overdue }: Pick<HeldEvaluation, 'phase' | 'nextDueOn' | 'overdueCount'>,
  previous: string | undefined,
): string {
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

/** Which step of evaluateAndProjectCase failed: the engine's refusal is the evaluation's, anything else the projection's. */
function failedStage(err: unknown): CaseAttention['stage'] {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.type === CaseFailure.EngineFailed ? 'evaluate' : 'project';
}

/**
 * The attention state for a failure that retrying cannot fix (a non-retryable failure of the engine or of the
 * projection, or an exhausted bounded retry), or undefined for anything else (rethrown).
 */
function attentionFor(
  err: unknown,
  stage: CaseAttention['stage'],
  previous: CaseAttention | undefined,
  now: () => string,
): CaseAttention | undefined {
  // A local activity's failure arrives as its ApplicationFailure (or timeout) itself, a regular one wrapped.
  if (!(err instanceof TemporalFailure)) return undefined;
  const failure = err instanceof ActivityFailure ? err.cause : err;
  const cause = failure instanceof ApplicationFailure ? failure : undefined;
  const known = Object.values(CaseFailure).includes(cause?.type as CaseFailure);
  const code = known
    ? (cause!.type as CaseFailure)
    : stage === 'evaluate'
      ? CaseFailure.EngineFailed
      : CaseFailure.ProjectionRejected;
  const detail = (cause?.details?.[0] ?? {}) as { reason?: unknown };
  const reason =
    typeof detail.reason === 'string' ? detail.reason : (cause?.type ?? failure?.name ?? err.name ?? 'Error');
  return {
    code,
    stage,
    reason,
    since: previous?.since ?? now(),
    failures: (previous?.failures ?? 0) + 1,
  };
}
