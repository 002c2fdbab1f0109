import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { AuditAction } from './audit-actions';
import type { EventDefaults, InputRecordedEvent } from './event-defaults';
import type {
  CaseEvent,
  CasePhase,
  CaseTypeId,
  EngineResult,
  EngineWarning,
  Enrolment,
  IsoDate,
  LyPeriod,
  MigrationInput,
  Occurrence,
  PolicyDecisionInput,
  TrialProgramme,
} from '@frist/obligations';

/** One workflow per case, addressed by business id. */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

export interface CaseFactsInput {
  caseId: string;
  citizenRef: string;
  team: string;
  /** fleksjob only: a sygedagpenge case stores no personal fact (trials-and-sygedagpenge.md H2). */
  birthDate?: IsoDate;
  /** Absent in histories before case types: fleksjob (obligations H2). */
  caseType?: CaseTypeId;
}

/** An event as the workflow accepted it. JSON only: dates and instants are strings. */
export interface RecordedEvent {
  eventId: string;
  event: CaseEvent;
  /** ISO instant (workflow time) at which the workflow accepted it. */
  recordedAt: string;
  actor?: string;
  /** Set when the event was retracted or replaced; it then no longer counts, but stays in the timeline. */
  retracted?: { reason: string; at: string; actor?: string; replacedBy?: string };
  /** The eventId this event corrects. */
  corrects?: string;
}

/** Something the workflow decided that the audit trail must show (moves, retractions). */
export interface WorkflowAuditEntry {
  /** Idempotency key, unique per case. */
  key: string;
  action: Extract<AuditAction, 'EVENT_RETRACTED' | 'EVENT_CORRECTED' | 'CASE_MOVED'>;
  at: string;
  actor?: string;
  details: Record<string, unknown>;
}

export interface SubmittedEvent {
  eventId: string;
  event: CaseEvent;
  actor?: string;
}

export interface ApplyEventsInput {
  events: SubmittedEvent[];
  /**
   * `verdict`: answer without the engine's occurrences, enrolments and periods (ApplyEventsVerdict), for a caller that
   * shows those from the read model, which the update brought up to date before it answered. An update's answer is
   * written to history, and the occurrences were most of it. Absent: the whole snapshot (ApplyEventsResult).
   */
  answer?: 'verdict';
}

export interface CaseSnapshot {
  caseId: string;
  team: string;
  /** The case's facts as the workflow holds them (the read model can be rebuilt from snapshots). */
  facts: CaseFactsInput;
  phase: CasePhase;
  closedOn: IsoDate | null;
  asOf: IsoDate;
  /**
   * The engine's occurrences, held only by a run recorded before patch 'compact-evaluation' (its answers carried
   * them); a later run holds the verdict and answers the query with `evaluation` instead.
   */
  obligations?: Occurrence[];
  warnings: EngineWarning[];
  /**
   * The evaluation input at `asOf` (the timeline as the workflow holds it: while a change waits for its projection, with
   * that change), for a reader that needs the occurrences (the `reproject` command evaluates it); set when
   * `obligations` is absent. A query's answer, never written to history.
   */
  evaluation?: EvaluateCaseInput;
  /** Trial enrolments (trials T4); absent from workflows started before enrolments were projected. */
  enrolments?: Enrolment[];
  /** The ly-jobtalk periods (law-2026 O3); absent from evaluations without MIG-2026 or recorded before periods. */
  periods?: LyPeriod[];
  nextDueOn: IsoDate | null;
  /** Projection sequence at which this snapshot is visible in the read model. */
  projectionSeq: number;
  /** Set while the case needs attention: its last change could not be evaluated or projected (see CaseAttention). */
  attention?: CaseAttention;
}

export interface ApplyEventsResult extends CaseSnapshot {
  accepted: { eventId: string; duplicate: boolean }[];
}

/** A snapshot without what the read model shows (the engine's occurrences, enrolments and periods). */
export type CaseVerdict = Omit<CaseSnapshot, 'obligations' | 'enrolments' | 'periods' | 'evaluation'>;

export interface ApplyEventsVerdict extends CaseVerdict {
  accepted: { eventId: string; duplicate: boolean }[];
}

/** Retract an event (no replacement) or correct it (replacement); a reason is required either way. */
export interface CorrectEventInput {
  eventId: string;
  reason: string;
  replacement?: SubmittedEvent;
  actor?: string;
  /** `verdict`: answer without the occurrences, enrolments and periods (as ApplyEventsInput's). */
  answer?: 'verdict';
}

export interface CorrectEventResult extends CaseSnapshot {
  duplicate: boolean;
}

export interface MoveCaseInput {
  team: string;
  reason: string;
  actor?: string;
  /** `verdict`: answer without the occurrences, enrolments and periods (as ApplyEventsInput's). */
  answer?: 'verdict';
}

/** Everything the next run needs after continue-as-new; compact and JSON. */
export interface CaseWorkflowInput {
  facts: CaseFactsInput;
  /** Whole `RecordedEvent`s, or without the `recordedAt`/`actor` that equal `eventDefaults` (expandRecordedEvents). */
  events?: InputRecordedEvent[];
  /** The `recordedAt` and `actor` of every event that omits them (the bulk import's starts); absent: none omits. */
  eventDefaults?: EventDefaults;
  projectionSeq?: number;
  /** Events already written to the read model, so a new run does not re-send them. */
  projectedEventCount?: number;
  /** The previous run's last evaluation, so the case answers queries before its first evaluation in the new run. */
  lastEvaluation?: EvaluateCaseResult;
  /** The same, from a run under patch 'compact-evaluation', which holds its evaluation's verdict only. */
  lastVerdict?: HeldEvaluation;
  /** Law migrations this case has taken (e.g. MIG-2026), carried across continue-as-new. */
  migrations?: MigrationInput[];
  /**
   * The local policy decisions applied to running cases (`frist rules apply policy`), every scope's, carried as data:
   * a published decision reaches a case only through its rollout (or, for a new case, from its start), and the
   * evaluation reads no database.
   */
  policyDecisions?: AppliedPolicyDecision[];
  /**
   * The trial programmes the installation adopted (ADOPTED_PROGRAMMES) when the case started, as data: the update
   * validators accept events naming them besides the published programmes. Absent: the published ones only.
   */
  programmes?: TrialProgramme[];
}

/** A published and applied policy decision on one switch, with its scope: `municipality` or a team id. */
export interface AppliedPolicyDecision extends PolicyDecisionInput {
  target: string;
}

/** The applied policy change a rollout brings to a case: the cause its projection audits every change with. */
export interface PolicyChangeCause {
  id: string;
  title: string;
  decisionDate: IsoDate;
  effectiveFrom: IsoDate;
}

/**
 * The decisions that govern a team's cases, in the order the engine reads them (effective-dated; on the same
 * effectiveFrom a later one wins): the municipality's, then the team's own, each in the order they were applied.
 */
export function policyDecisionsForTeam(
  applied: readonly AppliedPolicyDecision[] | undefined,
  team: string,
): PolicyDecisionInput[] {
  const own = (applied ?? []).filter((d) => d.target === 'municipality' || d.target === team);
  return [...own.filter((d) => d.target === 'municipality'), ...own.filter((d) => d.target !== 'municipality')].map(
    ({ target: _target, ...d }) => d,
  );
}

/** fleksjob: PRE, LY, JOB, CLOSED (C3); sygedagpenge: PRE, SICK, RECOVERED, CLOSED (trials spec S1). */
export type { CasePhase };

/** Workflow → activity: make the read model match the engine's answer at `asOf`. */
export interface ProjectCaseInput {
  seq: number;
  facts: CaseFactsInput;
  phase: CasePhase;
  asOf: IsoDate;
  newEvents: RecordedEvent[];
  /** Events retracted or replaced since the last projection (the read model marks them, never deletes them). */
  retractedEvents: RecordedEvent[];
  audit: WorkflowAuditEntry[];
  /** Why deadlines shown before may move in this projection (audited per moved deadline, spec §G rule 4). */
  moveCause?: MoveCause;
  /**
   * Set on the projection that first evaluates the case under a law migration: every shown deadline that appears,
   * moves, or changes kind or rule set is audited with the migration as cause (law-2026 M4).
   */
  migration?: MigrationInput;
  /**
   * Set on the projection that first evaluates the case under a newly applied policy decision: every task that
   * appears, moves, changes kind or is removed is audited with the decision (id, decision date, effective date).
   */
  policy?: PolicyChangeCause;
  occurrences: Occurrence[];
  /**
   * The engine's trial enrolments (T4), written to case_enrolments in the same transaction as the tasks. Absent
   * (not empty) when the sender predates enrolment projection: the read model's enrolments are then left as they are.
   */
  enrolments?: Enrolment[];
  /**
   * The engine's ly-jobtalk periods (law-2026 O3), written to case_jobtalk_periods in the same transaction. Absent
   * (not empty) when the sender predates period projection: the read model's periods are then left as they are.
   */
  periods?: LyPeriod[];
  nextDueOn: IsoDate | null;
  overdueCount: number;
  closedOn: IsoDate | null;
}

export interface EvaluateCaseInput {
  facts: CaseFactsInput;
  /** The timeline that counts (retracted events left out), in recorded order. */
  events: CaseEvent[];
  asOf: IsoDate;
  /** Law migrations the case has taken; absent or empty evaluates un-migrated. */
  migrations?: MigrationInput[];
  /** The applied policy decisions of every scope (the activity keeps the case's team's); read only when migrated. */
  policyDecisions?: AppliedPolicyDecision[];
}

export interface EvaluateCaseResult {
  result: EngineResult;
  phase: CasePhase;
  closedOn: IsoDate | null;
  /** Earliest date after asOf on which the answer can change; the workflow's one timer wakes then. */
  nextChangeOn: IsoDate | null;
}

/**
 * Workflow → local activity: evaluate the case and, when the answer changed (or `projection.force`), project it, in
 * one activity. The projection's large input never crosses into the workflow and back.
 */
export interface EvaluateAndProjectInput extends EvaluateCaseInput {
  /** The change fingerprint of the last projected answer (absent: none yet in this run, so project). */
  fingerprint?: string;
  /**
   * The occurrences of the answer the workflow holds (patch 'occurrence-delta'): a changed answer then comes back as
   * its difference from them. A local activity's input is not written to history, only its result.
   */
  held?: Occurrence[];
  /**
   * Answer compactly (patch 'compact-evaluation'): the result without occurrences, enrolments and periods, with
   * `nextDueOn` and `overdueCount`. The workflow then holds no occurrences (the read model shows them).
   */
  compact?: true;
  /** The projection to write if the answer changed; its occurrences and dates come from the evaluation. */
  projection: Pick<
    ProjectCaseInput,
    'seq' | 'newEvents' | 'retractedEvents' | 'audit' | 'moveCause' | 'migration' | 'policy'
  > & {
    /** Project even when the fingerprint is unchanged (new events, retractions or audit entries to write). */
    force: boolean;
  };
}

/** What the workflow keeps of one evaluation and projection (recorded in history, so kept small). */
export interface EvaluateAndProjectResult {
  /**
   * The engine's answer. Its occurrences and enrolments are left out when the fingerprint matched: they equal those
   * of the answer the workflow already holds.
   */
  result: Omit<EngineResult, 'occurrences' | 'enrolments'> & Partial<Pick<EngineResult, 'occurrences' | 'enrolments'>>;
  /**
   * A changed answer's occurrences as their difference from `held` (set only when the input held some and the two
   * share a position): the result then carries its enrolments but not its occurrences.
   */
  delta?: OccurrenceDelta;
  nextChangeOn: IsoDate | null;
  /** Fingerprint (a hash) of team, phase, occurrences and enrolments: an answer with the same one is not projected. */
  fingerprint: string;
  /** Whether this call wrote the projection `projection.seq`. */
  projected: boolean;
  /** Compact answers: the earliest due date of an open or overdue occurrence. */
  nextDueOn?: IsoDate | null;
  /** Compact answers: how many occurrences are overdue. */
  overdueCount?: number;
}

/**
 * What the case workflow holds of its last evaluation: the verdict's facts, its search attributes' values and its
 * next wake-up. `result` (the whole answer) only on runs recorded before patch 'compact-evaluation'.
 */
export interface HeldEvaluation {
  asOf: IsoDate;
  phase: CasePhase;
  closedOn: IsoDate | null;
  warnings: EngineWarning[];
  nextDueOn: IsoDate | null;
  overdueCount: number;
  nextChangeOn: IsoDate | null;
  result?: EngineResult;
}

/**
 * An answer's occurrences as the positions at which they differ from the ones held before: a wake-up that turns one
 * task overdue records that task, not the case's every occurrence.
 */
export interface OccurrenceDelta {
  /** How many occurrences the answer has. */
  length: number;
  /** Each occurrence that differs from the held one at its position (or lies past the held ones' end). */
  changed: { at: number; occurrence: Occurrence }[];
}

/**
 * The difference of `next` from `held`, position by position, or undefined when they share no position (the full
 * list is then smaller). The engine emits records with a fixed key order, so JSON compares them faithfully.
 */
export function occurrenceDelta(held: readonly Occurrence[], next: readonly Occurrence[]): OccurrenceDelta | undefined {
  const changed: OccurrenceDelta['changed'] = [];
  next.forEach((occurrence, at) => {
    if (at >= held.length || JSON.stringify(held[at]) !== JSON.stringify(occurrence)) changed.push({ at, occurrence });
  });
  return changed.length < next.length ? { length: next.length, changed } : undefined;
}

/** A snapshot with the occurrences it answers. */
export type SnapshotWithOccurrences = CaseSnapshot & { obligations: Occurrence[] };

/**
 * A snapshot's occurrences (with its enrolments and periods): held by a run recorded before patch
 * 'compact-evaluation', or given again by evaluating the input a later run answers instead, with the worker's engine.
 */
export async function withSnapshotOccurrences(
  snapshot: CaseSnapshot,
  evaluateCase: CaseActivities['evaluateCase'],
): Promise<SnapshotWithOccurrences> {
  if (snapshot.obligations) return { ...snapshot, obligations: snapshot.obligations };
  if (!snapshot.evaluation) throw new Error('the workflow answered neither occurrences nor an evaluation input');
  const { result } = await evaluateCase(snapshot.evaluation);
  return {
    ...snapshot,
    obligations: result.occurrences,
    enrolments: result.enrolments,
    ...(result.periods ? { periods: result.periods } : {}),
  };
}

/** What the case row and the search attributes show of an answer: its earliest open due date and its overdue count. */
export function dueFigures(occurrences: readonly Occurrence[]): { nextDueOn: IsoDate | null; overdueCount: number } {
  let nextDueOn: IsoDate | null = null;
  let overdueCount = 0;
  for (const o of occurrences) {
    if (o.status === 'overdue') overdueCount++;
    if ((o.status === 'open' || o.status === 'overdue') && (nextDueOn === null || o.dueOn < nextDueOn))
      nextDueOn = o.dueOn;
  }
  return { nextDueOn, overdueCount };
}

/** The occurrences `delta` describes, given the ones it was taken against. */
export function applyOccurrenceDelta(held: readonly Occurrence[], delta: OccurrenceDelta): Occurrence[] {
  const next = held.slice(0, delta.length);
  for (const { at, occurrence } of delta.changed) next[at] = occurrence;
  return next;
}

export interface CaseActivities {
  projectCase(input: ProjectCaseInput): Promise<void>;
  /** Local activity: pure, fast, recorded in history. */
  evaluateCase(input: EvaluateCaseInput): Promise<EvaluateCaseResult>;
  /** Local activity: evaluateCase, then projectCase when the answer changed (patch 'evaluate-and-project'). */
  evaluateAndProjectCase(input: EvaluateAndProjectInput): Promise<EvaluateAndProjectResult>;
  /**
   * Local activity: records that a case needs attention (or, with `attention: null`, that it recovered) in the read
   * model's case_attention table and the worker's alert metric. Best effort: the workflow keeps the state itself.
   */
  reportCaseAttention(input: ReportCaseAttentionInput): Promise<void>;
}

/**
 * Failures that retrying cannot fix, raised by the activities as non-retryable ApplicationFailures of these types:
 * the engine refused or broke on the case's timeline, or the read model refused the projection's data.
 */
export enum CaseFailure {
  EngineFailed = 'ENGINE_FAILED',
  ProjectionRejected = 'PROJECTION_REJECTED',
}

/**
 * A case whose last change could not be evaluated or projected. The workflow stays alive and waits for the next
 * change (a correcting event, a retraction, a move, a re-evaluation); its answer clears the state. No personal
 * data: a code, the stage, and a non-personal reason (e.g. a SQLSTATE), never the failing values.
 */
export interface CaseAttention {
  code: CaseFailure;
  stage: 'evaluate' | 'project';
  /** Non-personal detail: the SQLSTATE of a refused projection, the engine's error code. */
  reason: string;
  /** ISO instant (workflow time) since when the case needs attention. */
  since: string;
  /** How many changes in a row have failed since then. */
  failures: number;
}

export interface ReportCaseAttentionInput {
  caseId: string;
  team: string;
  attention: CaseAttention | null;
}

/** Per-case budgets (checked by the API before a change travels, and again by the workflow's validators). */
export const CASE_EVENT_BUDGET = { maxEvents: 2_000, maxEventBytes: 512 * 1024 } as const;

export const applyEventsUpdate = defineUpdate<ApplyEventsResult, [ApplyEventsInput]>('applyEvents');
/**
 * applyEvents as a caller that asks for the verdict (`answer: 'verdict'`) sees it: a worker from before the verdict
 * ignores the field and answers the whole snapshot, so the caller must take either. The workflow's handler is this.
 */
export const applyEventsVerdictUpdate = defineUpdate<ApplyEventsVerdict | ApplyEventsResult, [ApplyEventsInput]>(
  'applyEvents',
);
export const correctEventUpdate = defineUpdate<CorrectEventResult, [CorrectEventInput]>('correctEvent');
export const moveCaseUpdate = defineUpdate<CaseSnapshot, [MoveCaseInput]>('moveCase');
export const caseSnapshotQuery = defineQuery<CaseSnapshot>('caseSnapshot');
/** Re-evaluate now (e.g. after a rule-set rollout) instead of at the next wake-up; durable and fire-and-forget. */
/** `migration`: the case takes this law migration from now on (once; a repeated signal changes nothing). */
/** `policy`: the case takes these applied policy decisions from now on (the same set again changes nothing). */
export const reevaluateSignal =
  defineSignal<[{ cause: MoveCause; ruleSet?: string; migration?: MigrationInput; policy?: PolicyRollout }]>(
    'reevaluate',
  );

/** What a policy rollout sends each case: the decision applied, and every applied decision from then on. */
export interface PolicyRollout {
  change: PolicyChangeCause;
  decisions: AppliedPolicyDecision[];
}

export type MoveCause = 'rule-set-change' | 'calendar-change' | 'event-correction' | 'recomputation';

/** Few, non-personal search attributes (design: Case workflow rules). */
export const CaseTeamAttr = defineSearchAttributeKey('CaseTeam', SearchAttributeType.KEYWORD);
export const NextDueAtAttr = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
export const OverdueCountAttr = defineSearchAttributeKey('OverdueCount', SearchAttributeType.INT);
export const CasePhaseAttr = defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD);
export const CASE_SEARCH_ATTRIBUTES = [CaseTeamAttr, NextDueAtAttr, OverdueCountAttr, CasePhaseAttr];
const CLI_TYPE_NAMES: Record<(typeof CASE_SEARCH_ATTRIBUTES)[number]['type'], string> = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  INT: 'Int',
};
/** `Name=Type` as the Temporal CLI registers them (`--search-attribute`, `operator search-attribute create`). */
export const CASE_SEARCH_ATTRIBUTE_SPECS: readonly string[] = CASE_SEARCH_ATTRIBUTES.map(
  (k) => `${k.name}=${CLI_TYPE_NAMES[k.type]}`,
);

/** Coded rejections of an update; the API maps them to problem details. */
export enum CaseRejection {
  InvalidEvent = 'INVALID_EVENT',
  EventIdConflict = 'EVENT_ID_CONFLICT',
  EventInFuture = 'EVENT_IN_FUTURE',
  EventNotAdmissible = 'EVENT_NOT_ADMISSIBLE',
  TooManyEvents = 'TOO_MANY_EVENTS',
  EventNotFound = 'EVENT_NOT_FOUND',
  ReasonRequired = 'REASON_REQUIRED',
  InvalidTeam = 'INVALID_TEAM',
  /** The change was recorded but could not be evaluated or projected; the case needs attention. */
  NeedsAttention = 'CASE_NEEDS_ATTENTION',
  /** The case already holds as many events (or event bytes) as one case may. */
  BudgetExceeded = 'CASE_BUDGET_EXCEEDED',
}

/** Team slugs: also validated by the workflow, since a team is written to search attributes. */
export const TEAM_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface RolloutInput {
  ruleSet: string;
  /** A law migration (ruleSet is then its id, e.g. MIG-2026): each case is signalled to take it. */
  migration?: MigrationInput;
  /** A policy rollout (ruleSet is then `policy-<change id>`): each case is signalled to take these decisions. */
  policy?: PolicyRollout;
  ratePerSecond: number;
  cursor?: string;
  signaled?: number;
  skipped?: number;
}

export interface RolloutProgress {
  ruleSet: string;
  signaled: number;
  skipped: number;
  /** Last case id signalled (cases are taken in id order). */
  cursor: string;
  done: boolean;
}

export interface RolloutActivities {
  listOpenCaseIds(after: string, limit: number): Promise<string[]>;
}

export const ruleSetRolloutWorkflowId = (ruleSet: string): string => `rule-set-rollout-${ruleSet}`;
