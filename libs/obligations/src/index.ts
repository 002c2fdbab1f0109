/**
 * @frist/obligations — the pure obligation engine (spec: shared/domain/obligations.md).
 *
 * Deterministic and free of I/O: no Node builtins, no clock, no randomness. It also runs inside the Temporal
 * workflow sandbox, so keep every import here bundle-safe.
 */

// Engine
export type {
  CaseEvent,
  CaseFacts,
  CaseTypeId,
  ComputeOptions,
  EngineResult,
  EngineWarning,
  Enrolment,
  IsoDate,
  LegalBasis,
  LyPeriod,
  MigrationInput,
  Occurrence,
  OccurrenceStatus,
} from './engine/engine-types';
export { computeObligations } from './engine/obligation-engine';
export { nextChangeOn } from './engine/next-change';

// Validation of untrusted input
export {
  TimelineValidationError,
  type ValidationIssue,
  type ParsedTimeline,
  checkEventAdmissible,
  formatIssues,
  parseTimeline,
  validateEvent,
} from './validation/timeline-validation';
export type { AdmissibilityIssue, CasePhase } from './case-types/case-type';

// Preview contract (CLI and API)
export { preview, type PreviewObligation, type PreviewOutput } from './preview/preview';

// Rule sets and catalog (data)
export {
  type Duration,
  type DurationUnit,
  type DueRule,
  type ObligationDefinition,
  type ObligationKind,
  type RuleSet,
  type RuleSetChanges,
  type StartTrigger,
  type Trigger,
  type CaseExemption,
  type CountSeriesRule,
  type DayLedgerRule,
  type Precondition,
  RuleSetSelector,
  days,
  defineRuleSet,
  deriveRuleSet,
  months,
  weeks,
} from './rule-sets/rule-set';
export { FLEKSJOB_2024 } from './rule-sets/fleksjob-2024.rule-set';
export { FLEKSJOB_2026 } from './rule-sets/fleksjob-2026.rule-set';
export {
  type LegalBasisTag,
  type LegalBasisVariant,
  LEGAL_BASES,
  TRIAL_LEGAL_BASIS,
  legalBasisFor,
  legalBasisOfRow,
} from './rule-sets/legal-basis';
export {
  MIGRATION_IDS,
  type MigrationId,
  type MigrationIssue,
  type MigrationState,
  NOT_MIGRATED,
  RULE_SET_SWITCHES,
  type RuleSetConfig,
  type RuleSetSwitch,
  type PolicyDecisionInput,
  readPolicyDecisions,
  UNVERIFIED_RULE_SET_IDS,
  isMigrated,
  readMigrationState,
} from './migration/migration';
export { SYGEDAGPENGE_2009 } from './rule-sets/sygedagpenge-2009.rule-set';
export { SYGEDAGPENGE_2025 } from './rule-sets/sygedagpenge-2025.rule-set';
export { SYGEDAGPENGE_2026 } from './rule-sets/sygedagpenge-2026.rule-set';

// Trial programmes (forsøg) and their overlays (trials-and-sygedagpenge.md §T–U)
export {
  type EnrolmentOutcome,
  type OverlayDefinition,
  type TrialArm,
  type TrialProgramme,
  type TrialReasonCode,
  type TrialVersion,
  defineProgramme,
} from './trials/trial-programme';
export { AHT_2009, PROGRAMMES, findProgramme, programmeVersionOn } from './trials/aht.programmes';
export { OVERLAY_OBLIGATION_CODES, TRIAL_ARMS, TRIAL_CADENCE_REASONS } from './trials/trial-events';
export {
  SYGEDAGPENGE_EVENT_TYPES,
  SYGEDAGPENGE_2025_EVENT_TYPES,
  SYGEDAGPENGE_2025_OBLIGATION_CODES,
  SYGEDAGPENGE_OBLIGATION_CODES,
} from './case-types/sygedagpenge/sygedagpenge-case-type';
export {
  EVENT_TYPES,
  type EventType,
  OBLIGATION_CODES,
  type ObligationCode,
  RULE_SETS,
  baselineRuleSet,
  catalogEntry,
  eventTypeDefinition,
  findRuleSet,
  titleFor,
} from './catalog/catalog';
export {
  RULES_REFERENCE_COMMAND,
  RULES_REFERENCE_PATH,
  publishedRuleSets,
  renderRulesReference,
} from './catalog/rules-reference';
export type { CaseTypeDefinition, EventTypeDefinition, FieldSpec } from './case-types/case-type';
export { HOURS_IN_A_WEEK } from './case-types/case-type';
export { CASE_TYPES } from './case-types/case-type-registry';
export {
  CONTACT_FORMS,
  CONTACT_INTERVAL_DAYS,
  RECOMMENDATIONS,
  TEMPORARY_STATUS_OUTCOMES,
  FLEKSJOB_2026_EVENT_TYPES,
  FLEKSJOB_2026_OBLIGATION_CODES,
} from './case-types/fleksjob/fleksjob-case-type';

// Dates and the Danish working-day calendar
export {
  type EpochDay,
  addDays,
  addMonths,
  daysInMonth,
  formatIsoDate,
  isLeapYear,
  isValidIsoDate,
  parseIsoDate,
  tryParseIsoDate,
} from './dates/iso-date';
export {
  type DanishHoliday,
  type NonWorkingKind,
  DANISH_WEEKDAY_NAMES,
  LAST_STORE_BEDEDAG_YEAR,
  danishHolidays,
  easterSunday,
  isWorkingDay,
  nonWorkingReason,
  previousWorkingDay,
  shiftToWorkingDay,
} from './calendar/danish-calendar';
export { durationLabel } from './text/danish-text';

// The job-talk quota (law-2026 O5): a service function over many cases' periods[]
export {
  type JobtalkQuota,
  type QuotaCase,
  type QuotaCounts,
  type QuotaFigures,
  type QuotaScope,
  type QuotaStatus,
  type TaggedPeriod,
  AT_RISK_CADENCE_DAYS,
  JOBTALKS_REQUIRED,
  QUOTA_EXEMPTED_MAX,
  QUOTA_MET_MIN,
  QuotaInputError,
  computeJobtalkQuota,
  jobtalksAtRisk,
  quotaFigures,
  quotaForCases,
} from './quota/jobtalk-quota';
