/**
 * The migration and rule-set configuration inputs of law-2026 O1. `MIG-2026` (M3) makes the engine select rule sets
 * by their legal dates and publishes the rule sets that require it; without it the engine computes exactly what
 * it computed before. `ruleSetConfig` carries the [P] switches, read only after MIG-2026 (N0.1, R3′).
 */
import { type EpochDay, type IsoDate, tryParseIsoDate } from '../dates/iso-date';
import { describe, isRecord } from '../validation/describe-value';

export const MIGRATION_IDS = ['MIG-2026'] as const;
export type MigrationId = (typeof MIGRATION_IDS)[number];

/**
 * Rule-set ids reserved for the 2027 reform (M10): their legal content is not verified, so no change of them may be
 * approved or published until a jurist has confirmed the adopted 2027 laws.
 */
export const UNVERIFIED_RULE_SET_IDS = ['fleksjob-2027', 'sygedagpenge-2027'] as const;

export interface MigrationInput {
  id: MigrationId;
  publishedOn: IsoDate;
}

/** The switches of O1 (unknown keys are ignored); every one defaults to true. */
export const RULE_SET_SWITCHES = [
  'contactCadence.enabled',
  'passivity.enabled',
  'otherActor12m.enabled',
  'sdpFollowups.enabled',
] as const;
export type RuleSetSwitch = (typeof RULE_SET_SWITCHES)[number];

export type RuleSetConfig = Partial<Record<RuleSetSwitch, boolean>>;

/**
 * A municipality's or team's approved and published decision on one switch (issue 14): from `effectiveFrom` the
 * switch is `enabled` for occurrences that would start on or after that day. Earlier occurrences are untouched, so
 * turning a switch off closes nothing retroactively; it only stops new occurrences.
 */
export interface PolicyDecisionInput {
  /** The decision's id (the rule change that carries it). */
  id: string;
  /** Danish title of the decision, shown in the explanation of the deadlines it made. */
  title: string;
  switch: RuleSetSwitch;
  enabled: boolean;
  decisionDate: IsoDate;
  effectiveFrom: IsoDate;
}

export interface PolicyDecision extends PolicyDecisionInput {
  readonly from: EpochDay;
}

/** The validated migration state of one evaluation. */
export interface MigrationState {
  /** Ids of the migrations that have run, e.g. ['MIG-2026']; empty when none. */
  readonly ids: readonly MigrationId[];
  /** P of MIG-2026 (M2), when it has run. */
  readonly publishedOn: EpochDay | undefined;
  /** Switches that are off (only read after MIG-2026). */
  readonly switchedOff: ReadonlySet<string>;
  /** Effective-dated decisions on the switches, by effectiveFrom (stable); later ones override earlier. */
  readonly decisions: readonly PolicyDecision[];
}

export const NOT_MIGRATED: MigrationState = Object.freeze({
  ids: Object.freeze([]),
  publishedOn: undefined,
  switchedOff: new Set<string>(),
  decisions: Object.freeze([]),
});

export interface MigrationIssue {
  path: string;
  message: string;
}

/**
 * Validates `migrations` and `ruleSetConfig` (O1): an unknown id or a missing/invalid publishedOn is invalid; a
 * listed-twice id keeps the last entry; ruleSetConfig values must be booleans, unknown keys are ignored.
 */
export function readMigrationState(
  migrations: unknown,
  ruleSetConfig: unknown,
  issues: MigrationIssue[],
  paths: { migrations: string; ruleSetConfig: string } = { migrations: 'migrations', ruleSetConfig: 'ruleSetConfig' },
): MigrationState {
  const before = issues.length;
  let publishedOn: EpochDay | undefined;
  const ids: MigrationId[] = [];
  if (migrations !== undefined && migrations !== null) {
    if (!Array.isArray(migrations)) {
      issues.push({
        path: paths.migrations,
        message: `must be an array of { id, publishedOn }, got ${describe(migrations)}`,
      });
    } else {
      migrations.forEach((entry: unknown, i) => {
        const path = `${paths.migrations}[${i}]`;
        if (!isRecord(entry)) {
          issues.push({ path, message: `must be an object { id, publishedOn }, got ${describe(entry)}` });
          return;
        }
        if (!MIGRATION_IDS.includes(entry.id as MigrationId)) {
          issues.push({
            path: `${path}.id`,
            message: `${describe(entry.id)} is not a migration (${MIGRATION_IDS.join(', ')})`,
          });
          return;
        }
        const day = tryParseIsoDate(entry.publishedOn);
        if (day === undefined) {
          issues.push({
            path: `${path}.publishedOn`,
            message: `${describe(entry.publishedOn)} is not a date YYYY-MM-DD`,
          });
          return;
        }
        publishedOn = day; // listed twice: the last entry counts
        if (!ids.includes(entry.id as MigrationId)) ids.push(entry.id as MigrationId);
      });
    }
  }
  const switchedOff = new Set<string>();
  if (ruleSetConfig !== undefined && ruleSetConfig !== null) {
    if (!isRecord(ruleSetConfig)) {
      issues.push({
        path: paths.ruleSetConfig,
        message: `must be an object of boolean switches, got ${describe(ruleSetConfig)}`,
      });
    } else {
      for (const key of RULE_SET_SWITCHES) {
        const value = ruleSetConfig[key];
        if (value === undefined) continue;
        if (typeof value !== 'boolean') {
          issues.push({
            path: `${paths.ruleSetConfig}.${key}`,
            message: `must be true or false, got ${describe(value)}`,
          });
          continue;
        }
        if (!value) switchedOff.add(key);
      }
    }
  }
  if (issues.length > before || ids.length === 0) return NOT_MIGRATED;
  return { ids, publishedOn, switchedOff, decisions: [] };
}

/**
 * Validates effective-dated policy decisions (`[{ id, title, switch, enabled, decisionDate, effectiveFrom }]`) and
 * returns them ordered by effectiveFrom; a decision never takes effect before it was made.
 */
export function readPolicyDecisions(
  raw: unknown,
  issues: MigrationIssue[],
  path = 'policyDecisions',
): PolicyDecision[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path, message: `must be an array of policy decisions, got ${describe(raw)}` });
    return [];
  }
  const out: PolicyDecision[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      issues.push({ path: at, message: `must be an object, got ${describe(entry)}` });
      return;
    }
    const before = issues.length;
    for (const key of ['id', 'title'] as const)
      if (typeof entry[key] !== 'string' || !entry[key])
        issues.push({ path: `${at}.${key}`, message: 'must be a text' });
    if (!(RULE_SET_SWITCHES as readonly unknown[]).includes(entry.switch))
      issues.push({ path: `${at}.switch`, message: `${describe(entry.switch)} is not a switch` });
    if (typeof entry.enabled !== 'boolean') issues.push({ path: `${at}.enabled`, message: 'must be true or false' });
    const decided = tryParseIsoDate(entry.decisionDate);
    const from = tryParseIsoDate(entry.effectiveFrom);
    if (decided === undefined) issues.push({ path: `${at}.decisionDate`, message: 'is not a date YYYY-MM-DD' });
    if (from === undefined) issues.push({ path: `${at}.effectiveFrom`, message: 'is not a date YYYY-MM-DD' });
    else if (decided !== undefined && from < decided)
      issues.push({ path: `${at}.effectiveFrom`, message: 'lies before the decision date' });
    if (issues.length > before) return;
    out.push({
      id: entry.id as string,
      title: entry.title as string,
      switch: entry.switch as RuleSetSwitch,
      enabled: entry.enabled as boolean,
      decisionDate: entry.decisionDate as IsoDate,
      effectiveFrom: entry.effectiveFrom as IsoDate,
      from: from as EpochDay,
    });
  });
  return out.sort((a, b) => a.from - b.from);
}

/** The decision on `switchKey` in effect on `day` (the latest with effectiveFrom ≤ day), if any. */
export function policyDecisionOn(state: MigrationState, switchKey: string, day: EpochDay): PolicyDecision | undefined {
  let found: PolicyDecision | undefined;
  for (const d of state.decisions) if (d.switch === switchKey && d.from <= day) found = d;
  return found;
}

export function isMigrated(state: MigrationState | undefined, id: MigrationId = 'MIG-2026'): boolean {
  return state !== undefined && state.ids.includes(id);
}
