/**
 * Validation of untrusted input (C1): the engine rejects rather than guesses. Every issue names its path, and for
 * events the input index and field, so a caseworker can find the offending entry. Nothing is half-computed.
 */
import {
  type AdmissibilityIssue,
  type CaseTypeDefinition,
  type EngineEvent,
  type FieldSpec,
} from '../case-types/case-type';
import {
  DEFAULT_CASE_TYPE,
  CASE_TYPES,
  eventDefinitions,
  findCaseType,
  type PreparedEventType,
} from '../case-types/case-type-registry';
import { type EpochDay, type IsoDate, MAX_YEAR, MIN_YEAR, tryParseIsoDate } from '../dates/iso-date';
import { type CaseEvent, type CaseFacts, type CaseTypeId } from '../engine/engine-types';
import { type MigrationInput, isMigrated, readMigrationState } from '../migration/migration';
import { PROGRAMMES } from '../trials/aht.programmes';
import type { TrialProgramme } from '../trials/trial-programme';
import { describe, isRecord } from './describe-value';

export interface ValidationIssue {
  /** e.g. "events[3].date", "case.birthDate", "asOf", "" for the whole input. */
  path: string;
  eventIndex?: number;
  field?: string;
  /** A domain rule's code where the spec names one, e.g. PERMANENT_REQUIRES_AGE_40. */
  code?: string;
  message: string;
}

export class TimelineValidationError extends Error {
  readonly code = 'INVALID_TIMELINE' as const;
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(formatIssues(issues));
    this.name = 'TimelineValidationError';
    this.issues = issues;
  }
}

/** One line per issue: "events[3].date: …". */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

const DATE_HINT = `a real calendar date YYYY-MM-DD between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;

function checkField(
  spec: FieldSpec,
  value: unknown,
  caseType: CaseTypeDefinition,
  migrated: boolean,
): string | undefined {
  if (value === undefined) return spec.required ? 'is required' : undefined;
  // Z16: null is not a value; an optional field is left out, never sent as null (so it is never defaulted).
  if (value === null) return spec.required ? 'is required (got null)' : 'must be left out, not null';
  switch (spec.kind) {
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? undefined
        : `${describe(value)} is not one of ${spec.values.join(', ')}`;
    case 'text':
      if (typeof value !== 'string') return `must be text, got ${describe(value)}`;
      return spec.required && value.trim() === '' ? 'must not be empty' : undefined;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
        ? undefined
        : `must be a whole number from ${spec.min} to ${spec.max}, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max
        ? undefined
        : `must be a number from ${spec.min} to ${spec.max}, got ${describe(value)}`;
    case 'positive-number':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= spec.max
        ? undefined
        : `must be a number greater than 0 and at most ${spec.max}, got ${describe(value)}`;
    case 'obligation-code': {
      const codes = migrated
        ? [...caseType.obligationCodes, ...(caseType.migratedObligationCodes ?? [])]
        : caseType.obligationCodes;
      return typeof value === 'string' && codes.includes(value)
        ? undefined
        : `${describe(value)} is not an obligation code (${codes.join(', ')})`;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    case 'date':
      return tryParseIsoDate(value) === undefined ? `${describe(value)} is not ${DATE_HINT}` : undefined;
  }
}

/**
 * Validates one event of a case type; pushes issues and returns undefined if invalid.
 * Shared by parseTimeline (untrusted JSON) and computeObligations (which must never guess either).
 */
function pushEventIssue(issues: ValidationIssue[], index: number, field: string | undefined, message: string): void {
  issues.push(
    field === undefined
      ? { path: `events[${index}]`, eventIndex: index, message }
      : { path: `events[${index}].${field}`, eventIndex: index, field, message },
  );
}

export function validateEngineEvent(
  caseType: CaseTypeDefinition,
  raw: unknown,
  index: number,
  issues: ValidationIssue[],
  definitions: ReadonlyMap<string, PreparedEventType> = eventDefinitions(caseType),
  migrated = false,
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): EngineEvent | undefined {
  // Paths are built only for issues (no closure either): this runs for every event of every evaluation.
  if (!isRecord(raw)) {
    pushEventIssue(issues, index, undefined, `must be an object with type and date, got ${describe(raw)}`);
    return undefined;
  }
  let valid = true;
  const type = raw.type;
  let prepared = typeof type === 'string' ? definitions.get(type) : undefined;
  // M3: the new event types are unknown before MIG-2026 has run.
  if (prepared !== undefined && prepared.definition.sinceMigration !== undefined && !migrated) prepared = undefined;
  if (prepared === undefined) {
    valid = false;
    if (typeof type !== 'string' || type === '')
      pushEventIssue(issues, index, 'type', `is required (got ${describe(type)})`);
    else
      pushEventIssue(
        issues,
        index,
        'type',
        definitions.has(type)
          ? `event type ${describe(type)} is known only after migration MIG-2026 has run`
          : `unknown event type ${describe(type)} for case type ${caseType.id}`,
      );
  }
  const date = tryParseIsoDate(raw.date);
  if (date === undefined) {
    valid = false;
    pushEventIssue(issues, index, 'date', `${describe(raw.date)} is not ${DATE_HINT}`);
  }
  if (prepared === undefined) return undefined;
  const definition = prepared.definition;
  const fields = migrated ? prepared.migratedFields : prepared.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i][0];
    const problem = checkField(fields[i][1], raw[field], caseType, migrated);
    if (problem !== undefined) {
      valid = false;
      pushEventIssue(issues, index, field, `${problem} (${definition.type})`);
    }
  }
  if (valid && definition.check !== undefined) {
    const problems = definition.check(raw, migrated, programmes);
    if (problems)
      for (const [field, message] of problems) {
        valid = false;
        pushEventIssue(issues, index, field, `${message} (${definition.type})`);
      }
  }
  if (!valid || date === undefined) return undefined;
  return {
    index,
    type: prepared.type,
    typeId: prepared.typeId,
    fulfilment: definition.fulfilment,
    silent: prepared.silent,
    trial: prepared.trial,
    date,
    rank: definition.rank,
    fields: raw,
  };
}

export interface ValidatedFacts {
  facts: CaseFacts;
  caseType: CaseTypeDefinition;
  birthDate: EpochDay | undefined;
}

export function validateCaseFacts(raw: unknown, path: string, issues: ValidationIssue[]): ValidatedFacts | undefined {
  if (!isRecord(raw)) {
    issues.push({ path, message: `must be an object with birthDate, got ${describe(raw)}` });
    return undefined;
  }
  const before = issues.length;
  const rawCaseType = raw.caseType === undefined || raw.caseType === null ? undefined : raw.caseType;
  const caseType =
    rawCaseType === undefined
      ? findCaseType(undefined)
      : typeof rawCaseType === 'string'
        ? findCaseType(rawCaseType)
        : undefined;
  if (!caseType)
    issues.push({
      path: `${path}.caseType`,
      field: 'caseType',
      message: `${describe(raw.caseType)} is not a case type (${Object.keys(CASE_TYPES).join(', ')})`,
    });
  const birthDate = raw.birthDate === undefined || raw.birthDate === null ? undefined : tryParseIsoDate(raw.birthDate);
  if ((caseType?.requiresBirthDate ?? true) && birthDate === undefined)
    issues.push({
      path: `${path}.birthDate`,
      field: 'birthDate',
      message: `${describe(raw.birthDate)} is not ${DATE_HINT}`,
    });
  for (const key of ['caseId', 'team'] as const) {
    if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string')
      issues.push({ path: `${path}.${key}`, field: key, message: `must be text, got ${describe(raw[key])}` });
  }
  if (issues.length > before || !caseType) return undefined;
  const facts: CaseFacts = { birthDate: raw.birthDate as IsoDate };
  if (typeof raw.caseId === 'string') facts.caseId = raw.caseId;
  if (typeof raw.team === 'string') facts.team = raw.team;
  if (typeof raw.caseType === 'string') facts.caseType = raw.caseType as CaseTypeId;
  return { facts, caseType, birthDate };
}

export function validateAsOf(raw: unknown, path: string, issues: ValidationIssue[]): EpochDay | undefined {
  const asOf = tryParseIsoDate(raw);
  if (asOf === undefined) issues.push({ path, message: `${describe(raw)} is not ${DATE_HINT}` });
  return asOf;
}

function admissibilityIssue(issue: AdmissibilityIssue, index: number): ValidationIssue {
  const field = issue.field ?? 'date';
  return {
    path: `events[${index}].${field}`,
    eventIndex: index,
    field,
    code: issue.code,
    message: `${issue.code}: ${issue.message}`,
  };
}

/**
 * Parses untrusted preview input `{ case, events, asOf }` (C1). asOfOverride (e.g. the CLI's --as-of) replaces
 * the input's asOf, which then need not be present. Domain rules with a spec code (PERMANENT_REQUIRES_AGE_40) and
 * events dated before the citizen's birth are invalid input here, on every event, including those after asOf.
 */
export interface ParsedTimeline {
  caseFacts: CaseFacts;
  events: CaseEvent[];
  asOf: IsoDate;
  /** law-2026 O1, present when the input has them. */
  migrations?: MigrationInput[];
  ruleSetConfig?: Record<string, unknown>;
}

export function parseTimeline(
  input: unknown,
  asOfOverride?: IsoDate,
  /** The trial catalogue events may name: the published programmes and those the installation adopted. */
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): ParsedTimeline {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input))
    throw new TimelineValidationError([
      { path: '', message: `input must be a JSON object { case, events, asOf }, got ${describe(input)}` },
    ]);
  const facts = validateCaseFacts(input.case, 'case', issues);
  const migration = readMigrationState(input.migrations, input.ruleSetConfig, issues);
  const migrated = isMigrated(migration);
  let asOf: IsoDate | undefined;
  if (asOfOverride !== undefined) {
    if (validateAsOf(asOfOverride, '--as-of', issues) !== undefined) asOf = asOfOverride;
  } else if (validateAsOf(input.asOf, 'asOf', issues) !== undefined) {
    asOf = input.asOf as IsoDate;
  }
  const events: CaseEvent[] = [];
  if (!Array.isArray(input.events)) {
    issues.push({ path: 'events', message: `must be an array of events, got ${describe(input.events)}` });
  } else {
    const caseType = facts?.caseType ?? CASE_TYPES[DEFAULT_CASE_TYPE];
    input.events.forEach((raw: unknown, index) => {
      const event = validateEngineEvent(caseType, raw, index, issues, eventDefinitions(caseType), migrated, programmes);
      if (!event) return;
      const issue = facts ? caseType.admissibility({ birthDate: facts.birthDate }, event) : undefined;
      if (issue) issues.push(admissibilityIssue(issue, index));
      events.push({ ...(raw as CaseEvent) });
    });
  }
  if (issues.length > 0 || !facts || asOf === undefined) throw new TimelineValidationError(issues);
  const parsed: ParsedTimeline = { caseFacts: facts.facts, events, asOf };
  if (Array.isArray(input.migrations)) parsed.migrations = input.migrations as MigrationInput[];
  if (isRecord(input.ruleSetConfig)) parsed.ruleSetConfig = input.ruleSetConfig;
  return parsed;
}

/** Validates one untrusted event (e.g. in the workflow's update validator); throws TimelineValidationError. */
export function validateEvent(
  event: unknown,
  index: number,
  caseTypeId: string = DEFAULT_CASE_TYPE,
  /** MIG-2026 has run for the case: the law-2026 event types and codes are known (M3). */
  migrated = false,
  /** The trial catalogue a trial event may name (the workflow's comes with its input, as data). */
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): CaseEvent {
  const caseType = findCaseType(caseTypeId);
  if (!caseType)
    throw new TimelineValidationError([{ path: 'caseType', message: `${describe(caseTypeId)} is not a case type` }]);
  const issues: ValidationIssue[] = [];
  const valid = validateEngineEvent(caseType, event, index, issues, eventDefinitions(caseType), migrated, programmes);
  if (!valid) throw new TimelineValidationError(issues);
  return { ...(event as CaseEvent) };
}

/**
 * Domain admissibility of a new, already validated event given the case facts and (for future state-dependent
 * rules) the case's events so far. Returns the spec's error code and message, or undefined if admissible.
 * The workflow uses it to reject e.g. TEMPORARY_STATUS_DECIDED {permanent} under 40 (PERMANENT_REQUIRES_AGE_40).
 */
export function checkEventAdmissible(
  caseFacts: CaseFacts,
  _events: readonly CaseEvent[],
  newEvent: CaseEvent,
  /** MIG-2026 has run for the case: its event types are known (M3), as in validateEvent. */
  migrated = false,
  /** The trial catalogue, as in validateEvent. */
  programmes: readonly TrialProgramme[] = PROGRAMMES,
): AdmissibilityIssue | undefined {
  const issues: ValidationIssue[] = [];
  const facts = validateCaseFacts(caseFacts, 'case', issues);
  if (!facts) throw new TimelineValidationError(issues);
  const event = validateEngineEvent(facts.caseType, newEvent, 0, issues, undefined, migrated, programmes);
  if (!event) throw new TimelineValidationError(issues);
  return facts.caseType.admissibility({ birthDate: facts.birthDate }, event);
}
