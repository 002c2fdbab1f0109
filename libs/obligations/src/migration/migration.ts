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

/** The validated migration state of one evaluation. */
export interface MigrationState {
  /** Ids of the migrations that have run, e.g. ['MIG-2026']; empty when none. */
  readonly ids: readonly MigrationId[];
  /** P of MIG-2026 (M2), when it has run. */
  readonly publishedOn: EpochDay | undefined;
  /** Switches that are off (only read after MIG-2026). */
  readonly switchedOff: ReadonlySet<string>;
}

export const NOT_MIGRATED: MigrationState = Object.freeze({
  ids: Object.freeze([]),
  publishedOn: undefined,
  switchedOff: new Set<string>(),
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
  return { ids, publishedOn, switchedOff };
}

export function isMigrated(state: MigrationState | undefined, id: MigrationId = 'MIG-2026'): boolean {
  return state !== undefined && state.ids.includes(id);
}
