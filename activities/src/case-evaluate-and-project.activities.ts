import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import {
  CaseFailure,
  dueFigures,
  occurrenceDelta,
  type CaseActivities,
  type EvaluateAndProjectInput,
  type EvaluateAndProjectResult,
  type EvaluateCaseInput,
  type EvaluateCaseResult,
  type ProjectCaseInput,
} from '@frist/contracts';
import type { EngineResult } from '@frist/obligations';

/**
 * The change fingerprint: team, phase, occurrences and enrolments as JSON (the engine emits records in a fixed key
 * order, so plain JSON is faithful), hashed so the workflow records 27 characters instead of the answer.
 */
export function changeFingerprint(team: string, result: EngineResult): string {
  return createHash('sha1')
    .update(JSON.stringify([team, result.phase, result.occurrences, result.enrolments ?? []]))
    .digest('base64');
}

/**
 * One local activity per change: the engine's answer, and its projection when the answer changed (or the change
 * brings events, retractions or audit entries to write). Built from the worker's own evaluateCase and projectCase, so
 * it fails as they do: the engine's refusal as ENGINE_FAILED, the read model's as PROJECTION_REJECTED (non-retryable),
 * anything else retried. The workflow gets back only what it keeps; an unchanged answer comes without its occurrences.
 */
export function createEvaluateAndProjectCase({
  evaluateCase,
  projectCase,
}: Pick<CaseActivities, 'evaluateCase' | 'projectCase'>): CaseActivities['evaluateAndProjectCase'] {
  return async ({ fingerprint: previous, held, compact, projection, ...evaluation }: EvaluateAndProjectInput) => {
    const { result, nextChangeOn } = await evaluateBounded(evaluateCase, evaluation);
    const { facts } = evaluation;
    const fingerprint = changeFingerprint(facts.team, result);
    const due = dueFigures(result.occurrences);
    const changed = fingerprint !== previous;
    if (changed || projection.force) {
      const { force: _force, ...written } = projection;
      const input: ProjectCaseInput = {
        ...written,
        facts,
        phase: result.phase,
        asOf: result.asOf,
        occurrences: result.occurrences,
        enrolments: result.enrolments,
        // Not part of the fingerprint: a period changes only with an event, a retraction or a migration, which
        // project anyway, or by time (open → short once L passes), which the quota reads from today's date.
        ...(result.periods ? { periods: result.periods } : {}),
        ...due,
        closedOn: result.closedOn,
      };
      await projectCase(input);
    }
    if (compact) {
      // The workflow holds the verdict only: what its answers, search attributes and timer need.
      const { occurrences: _occurrences, enrolments: _enrolments, periods: _periods, ...verdict } = result;
      return {
        result: verdict,
        nextChangeOn,
        fingerprint,
        projected: changed || projection.force,
        ...due,
      };
    }
    // A changed answer travels as its difference from what the workflow holds, when that is the smaller.
    const delta = changed && held ? occurrenceDelta(held, result.occurrences) : undefined;
    const answer: EvaluateAndProjectResult = {
      result: !changed
        ? withoutFingerprinted(result)
        : delta
          ? { ...withoutFingerprinted(result), enrolments: result.enrolments }
          : result,
      ...(delta ? { delta } : {}),
      nextChangeOn,
      fingerprint,
      projected: changed || projection.force,
    };
    return answer;
  };
}

/** An answer without what its fingerprint covers (the workflow holds those already). */
function withoutFingerprinted({
  occurrences: _occurrences,
  enrolments: _enrolments,
  ...rest
}: EngineResult): EvaluateAndProjectResult['result'] {
  return rest;
}

/**
 * The engine is pure, so a failure repeats: a few quick attempts (a slow one may be load), then a non-retryable
 * ENGINE_FAILED, so the case needs attention instead of holding a slot for ever (the activity as a whole retries
 * without bound, for the projection's sake). A refusal the engine already made final passes through at once.
 */
async function evaluateBounded(
  evaluateCase: CaseActivities['evaluateCase'],
  input: EvaluateCaseInput,
): Promise<EvaluateCaseResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await evaluateCase(input);
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      if (attempt >= ENGINE_ATTEMPTS)
        throw ApplicationFailure.nonRetryable(
          'the obligation engine could not evaluate this case',
          CaseFailure.EngineFailed,
          {
            reason: err instanceof Error ? err.name : 'Error',
          },
        );
      await sleep(100 * 2 ** (attempt - 1));
    }
  }
}
const ENGINE_ATTEMPTS = 3;

/** A case worker's activities with evaluateAndProjectCase composed from its evaluateCase and projectCase. */
export function withEvaluateAndProject<
  A extends Pick<CaseActivities, 'evaluateCase' | 'projectCase'> &
    Partial<Omit<CaseActivities, 'evaluateAndProjectCase'>>,
>(activities: A): NoInfer<A> & Pick<CaseActivities, 'evaluateAndProjectCase'> {
  return { ...activities, evaluateAndProjectCase: createEvaluateAndProjectCase(activities) };
}
