/**
 * Validation and preview of one case of an import file, without Temporal: the same checks a case start and the
 * workflow's update validator make (facts, event vocabulary, admissibility, no future dates, unique eventIds),
 * then the engine's evaluation as of today, so the report can show what is overdue on day one.
 */
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  containsCpr,
  TEAM_PATTERN,
  type CaseFactsInput,
  type CasePhase,
  type SubmittedEvent,
} from '@frist/contracts';
import {
  CASE_TYPES,
  checkEventAdmissible,
  computeObligations,
  TimelineValidationError,
  tryParseIsoDate,
  validateEvent,
  type CaseEvent,
  type CaseTypeId,
  type IsoDate,
  type Occurrence,
  type TrialProgramme,
} from '@frist/obligations';
import { danishReason, IMPORT_REASONS } from './import-reasons';
import type { ImportRecord } from './import-source';

const EVENT_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImportIssue {
  /** Index into the case's events; absent for a case-level issue. */
  eventIndex?: number;
  eventId?: string;
  /** The file line of the event (CSV) or of the case. */
  line: number;
  field?: string;
  /** Danish, for the person fixing the export. */
  reason: string;
  /** The engine's own (English) message or code. */
  detail: string;
}

/** What a run starts or applies for an accepted case. */
export interface ImportPlan {
  caseId: string;
  facts: CaseFactsInput;
  events: SubmittedEvent[];
  /** sha256 of the canonical case (facts + events): a re-run with the same hash is skipped. */
  contentHash: string;
}

export interface ImportCaseCheck {
  line: number;
  caseId: string | null;
  team: string | null;
  caseType: string | null;
  status: 'accepted' | 'rejected';
  issues: ImportIssue[];
  plan?: ImportPlan;
  phase?: CasePhase;
  openObligations: number;
  /** Obligations that would be overdue the day the case is imported. */
  overdue: Pick<Occurrence, 'code' | 'title' | 'dueOn' | 'ruleSet'>[];
}

/** A fixed namespace: the same (caseType, citizenRef) always gets the same caseId, so re-runs find their case. */
const CASE_ID_NAMESPACE = 'frist-import:';

/** A name-based UUID (RFC 9562 v5 layout over SHA-1) of the case's type and citizen reference. */
export function importCaseId(caseType: string, citizenRef: string): string {
  const h = createHash('sha1').update(`${CASE_ID_NAMESPACE}${caseType}:${citizenRef}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface CheckOptions {
  /** Copenhagen date the import is evaluated on. */
  today: IsoDate;
  /** When set (the API), a case for another team is rejected. */
  teams?: readonly string[];
  /** The installation's trial catalogue (published and adopted programmes); default the published one. */
  programmes?: readonly TrialProgramme[];
}

export function checkImportCase(record: ImportRecord, options: CheckOptions): ImportCaseCheck {
  const { today } = options;
  const issues: ImportIssue[] = [];
  const caseIssue = (field: string | undefined, reason: string, detail: string) =>
    issues.push({ line: record.line, ...(field ? { field } : {}), reason, detail });
  const rejected = (caseId: string | null, team: string | null, caseType: string | null): ImportCaseCheck => ({
    line: record.line,
    caseId,
    team,
    caseType,
    status: 'rejected',
    issues,
    openObligations: 0,
    overdue: [],
  });
  if (record.unreadable || typeof record.raw !== 'object' || record.raw === null) {
    caseIssue(undefined, record.unreadable?.reason ?? IMPORT_REASONS.notObject, record.unreadable?.detail ?? '');
    return rejected(null, null, null);
  }
  const raw = record.raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

  const citizenRef = str(raw.citizenRef);
  if (!citizenRef || citizenRef.length > 100)
    caseIssue('citizenRef', IMPORT_REASONS.citizenRefMissing, 'required, 1-100 characters');
  else if (containsCpr(citizenRef)) caseIssue('citizenRef', IMPORT_REASONS.cpr, 'CPR_NOT_ALLOWED');

  const team = str(raw.team) ?? null;
  if (!team || !TEAM_PATTERN.test(team)) caseIssue('team', IMPORT_REASONS.team, 'must be a team slug');
  else if (options.teams && !options.teams.includes(team)) caseIssue('team', IMPORT_REASONS.teamNotYours, 'FORBIDDEN');

  const caseType = (raw.caseType === undefined || raw.caseType === null ? 'fleksjob' : raw.caseType) as CaseTypeId;
  const knownType = typeof caseType === 'string' && Object.prototype.hasOwnProperty.call(CASE_TYPES, caseType);
  if (!knownType) caseIssue('caseType', IMPORT_REASONS.caseType, `unknown case type ${JSON.stringify(caseType)}`);

  let caseId: string | null = null;
  if (raw.caseId !== undefined) {
    if (typeof raw.caseId === 'string' && UUID.test(raw.caseId)) caseId = raw.caseId.toLowerCase();
    else caseIssue('caseId', IMPORT_REASONS.caseId, 'must be a UUID');
  } else if (citizenRef && knownType) caseId = importCaseId(caseType, citizenRef);

  // A sygedagpenge case stores no personal fact (trials spec H2): a birth date sent with one is dropped.
  let birthDate: IsoDate | undefined;
  if (knownType && CASE_TYPES[caseType].requiresBirthDate) {
    if (raw.birthDate === undefined || raw.birthDate === null || raw.birthDate === '')
      caseIssue('birthDate', IMPORT_REASONS.birthDateMissing, 'required for a fleksjob case');
    else if (tryParseIsoDate(raw.birthDate) === undefined)
      caseIssue('birthDate', IMPORT_REASONS.birthDateInvalid, `${JSON.stringify(raw.birthDate)} is not a date`);
    else if ((raw.birthDate as string) > today) caseIssue('birthDate', IMPORT_REASONS.birthDateFuture, 'in the future');
    else birthDate = raw.birthDate as IsoDate;
  }

  if (!Array.isArray(raw.events)) {
    caseIssue('events', IMPORT_REASONS.eventsMissing, 'must be an array');
    return rejected(caseId, team, knownType ? caseType : null);
  }
  const facts: CaseFactsInput | undefined =
    issues.length === 0 && caseId && citizenRef && team
      ? {
          caseId,
          citizenRef,
          team,
          ...(birthDate !== undefined ? { birthDate } : {}),
          // Only a non-default case type is recorded, as POST /cases does.
          ...(caseType !== 'fleksjob' ? { caseType } : {}),
        }
      : undefined;

  const events: SubmittedEvent[] = [];
  const seen = new Set<string>();
  (raw.events as unknown[]).forEach((item, i) => {
    const line = record.eventLines?.[i] ?? record.line;
    const eventIssue = (field: string | undefined, reason: string, detail: string, eventId?: string) =>
      issues.push({
        eventIndex: i,
        ...(eventId ? { eventId } : {}),
        line,
        ...(field ? { field } : {}),
        reason,
        detail,
      });
    const { eventId, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof eventId !== 'string' || !EVENT_ID.test(eventId)) {
      eventIssue('eventId', IMPORT_REASONS.eventId, `got ${JSON.stringify(eventId)}`);
      return;
    }
    if (seen.has(eventId)) eventIssue('eventId', IMPORT_REASONS.duplicateEventId, 'EVENT_ID_DUPLICATE', eventId);
    seen.add(eventId);
    if (!knownType) return;
    let event: CaseEvent;
    try {
      event = validateEvent(rest, i, caseType, false, options.programmes);
    } catch (error) {
      if (!(error instanceof TimelineValidationError)) throw error;
      for (const issue of error.issues) eventIssue(issue.field, danishReason(issue), issue.message, eventId);
      return;
    }
    if (facts) {
      const admissibility = checkEventAdmissible(
        { birthDate: facts.birthDate, ...(facts.caseType ? { caseType: facts.caseType } : {}) },
        [],
        event,
        false,
        options.programmes,
      );
      if (admissibility)
        eventIssue(
          admissibility.field ?? 'date',
          danishReason(admissibility),
          `${admissibility.code}: ${admissibility.message}`,
          eventId,
        );
    }
    if (event.date > today)
      eventIssue('date', IMPORT_REASONS.future, `EVENT_IN_FUTURE: ${event.date} > ${today}`, eventId);
    events.push({ eventId, event });
  });
  if (issues.length > 0 || !facts) return rejected(caseId, team, knownType ? caseType : null);

  // The engine itself: anything it refuses (e.g. a timeline it cannot order) rejects the case, nothing half-done.
  const timeline = events.map((e) => e.event);
  const planned = facts; // narrowed: facts exist only with caseId, citizenRef and team
  let result;
  try {
    result = computeObligations(
      { caseId: planned.caseId, birthDate, team: planned.team, caseType },
      timeline,
      today,
      options.programmes ? { programmes: options.programmes } : undefined,
    );
  } catch (error) {
    if (!(error instanceof TimelineValidationError)) throw error;
    for (const issue of error.issues)
      issues.push({
        ...(issue.eventIndex !== undefined ? { eventIndex: issue.eventIndex } : {}),
        line: (issue.eventIndex !== undefined ? record.eventLines?.[issue.eventIndex] : undefined) ?? record.line,
        ...(issue.field ? { field: issue.field } : {}),
        reason: danishReason(issue),
        detail: issue.message,
      });
    return rejected(caseId, team, caseType);
  }
  const { phase } = result;
  const contentHash = createHash('sha256')
    .update(canonicalJson({ facts, events: events.map((e) => [e.eventId, e.event]) }))
    .digest('hex');
  return {
    line: record.line,
    caseId,
    team,
    caseType,
    status: 'accepted',
    issues: [],
    plan: { caseId: planned.caseId, facts, events, contentHash },
    phase,
    openObligations: result.occurrences.filter((o) => o.status === 'open' || o.status === 'overdue').length,
    overdue: result.occurrences
      .filter((o) => o.status === 'overdue')
      .map((o) => ({ code: o.code, title: o.title, dueOn: o.dueOn, ruleSet: o.ruleSet })),
  };
}
