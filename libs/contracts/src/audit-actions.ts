/**
 * Every action the audit trail records, one list for all writers (the workflow's projection, the API, the
 * importer): each writer is typed against it, and the web UI must have a Danish label for each.
 */
export const AUDIT_ACTIONS = [
  // The case workflow's projection
  'EVENT_RECORDED',
  'EVENT_RETRACTED',
  'EVENT_CORRECTED',
  'CASE_MOVED',
  'DUE_DATE_MOVED',
  'TASK_REMOVED',
  // A law migration's changes to running cases
  'TASK_ADDED',
  'TASK_RULE_SET_CHANGED',
  // An applied local policy decision now (or no longer) made a task: its explanation names the decision
  'TASK_POLICY_CHANGED',
  // The API: assignment and trial decisions
  'TASK_CLAIMED',
  'TASK_UNCLAIMED',
  'TASK_ASSIGNED',
  'TRIAL_ASSIGNED',
  'TRIAL_EXEMPTED',
  // The importer
  'CASE_IMPORTED',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
