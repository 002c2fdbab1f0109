/** The preview contract shared by the CLI (`frist preview`) and the API (`POST /api/v1/preview`). */
import {
  type EngineWarning,
  type Enrolment,
  type IsoDate,
  type LyPeriod,
  type Occurrence,
} from '../engine/engine-types';
import { computeObligations } from '../engine/obligation-engine';
import type { TrialProgramme } from '../trials/trial-programme';
import { TimelineValidationError, parseTimeline } from '../validation/timeline-validation';

export type PreviewObligation = Omit<Occurrence, 'title'>;

export interface PreviewOutput {
  ruleSet: string;
  asOf: IsoDate;
  /** Sorted by dueOn, then code, then occurrence. */
  obligations: PreviewObligation[];
  warnings: EngineWarning[];
  /** Trial enrolments (T4); empty without a trial. */
  enrolments: Enrolment[];
  /** law-2026 O2/O3, only when MIG-2026 has run: ['MIG-2026'] and the tracked ly-jobtalk periods. */
  migrations?: string[];
  periods?: LyPeriod[];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TimelineValidationError([
      { path: '', message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
}

/**
 * Parses and evaluates an untrusted timeline `{ case, events, asOf }` (an object or its JSON text). Throws
 * TimelineValidationError, and nothing else, for invalid input.
 */
export function preview(
  input: unknown,
  asOfOverride?: IsoDate,
  /** The installation's trial catalogue (published and adopted programmes); default the published one. */
  programmes?: readonly TrialProgramme[],
): PreviewOutput {
  const parsed = parseTimeline(typeof input === 'string' ? parseJson(input) : input, asOfOverride, programmes);
  const result = computeObligations(parsed.caseFacts, parsed.events, parsed.asOf, {
    ...(programmes === undefined ? {} : { programmes }),
    ...(parsed.migrations === undefined ? {} : { migrations: parsed.migrations }),
    ...(parsed.ruleSetConfig === undefined ? {} : { ruleSetConfig: parsed.ruleSetConfig }),
  });
  const output: PreviewOutput = {
    ruleSet: result.ruleSet,
    asOf: result.asOf,
    obligations: result.occurrences.map((o) => {
      const { title: _title, ...rest } = o;
      return rest;
    }),
    warnings: result.warnings,
    enrolments: result.enrolments,
  };
  if (result.migrations !== undefined) output.migrations = result.migrations;
  if (result.periods !== undefined) output.periods = result.periods;
  return output;
}
