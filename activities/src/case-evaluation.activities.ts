import { ApplicationFailure } from '@temporalio/common';
import { computeObligations, nextChangeOn, RULE_SETS, type RuleSet, type TrialProgramme } from '@frist/obligations';
import { CaseFailure, policyDecisionsForTeam, type EvaluateCaseInput, type EvaluateCaseResult } from '@frist/contracts';

/**
 * The engine call, run by the workflow as a local activity. Its result is recorded in the workflow history, so
 * a corrected rule or a new rule set changes what running cases compute from now on without making their
 * recorded past non-deterministic on replay.
 */
export function createEvaluateCase(
  adopted: readonly RuleSet[] = [],
  /** Replaces the published trial programmes (ComputeOptions.programmes), e.g. a test's fixture programme. */
  programmes?: readonly TrialProgramme[],
): (input: EvaluateCaseInput) => Promise<EvaluateCaseResult> {
  // Rule sets adopted by this installation (ADOPTED_RULE_SETS) on top of the published ones: occurrences that
  // start on or after an adopted set's effectiveFrom follow it (§G rule 2).
  const ruleSets = adopted.length ? { ruleSets: [...RULE_SETS, ...adopted] } : undefined;
  const options = programmes ? { ...ruleSets, programmes } : ruleSets;
  // Pure and synchronous inside; a Promise outside, as an activity is (a refusal is a rejected promise).
  return (input) => {
    // The applied policy decisions come with the input (the workflow holds them as data, issue 14): no database
    // read per evaluation, and a published decision reaches a case only through its rollout. Read after MIG-2026.
    const policyDecisions = input.migrations?.length
      ? policyDecisionsForTeam(input.policyDecisions, input.facts.team)
      : [];
    try {
      return Promise.resolve(evaluate(input, policyDecisions.length ? { ...options, policyDecisions } : options));
    } catch (err) {
      // The engine is pure: the same timeline fails the same way on every attempt. Non-retryable, with only the
      // engine's error code as reason (its message may quote a birth date or another fact).
      const code = (err as { code?: unknown }).code;
      return Promise.reject(
        ApplicationFailure.nonRetryable(
          'the obligation engine could not evaluate this case',
          CaseFailure.EngineFailed,
          {
            reason: typeof code === 'string' ? code : (err as Error)?.name || 'Error',
          },
        ),
      );
    }
  };
}

function evaluate(
  { facts, events, asOf, migrations }: EvaluateCaseInput,
  adopted: Parameters<typeof computeObligations>[3],
): EvaluateCaseResult {
  const options = migrations?.length ? { ...adopted, migrations } : adopted;
  const result = computeObligations(
    {
      caseId: facts.caseId,
      birthDate: facts.birthDate,
      team: facts.team,
      ...(facts.caseType ? { caseType: facts.caseType } : {}),
    },
    events,
    asOf,
    options,
  );
  return {
    result,
    phase: result.phase,
    closedOn: result.closedOn,
    nextChangeOn: nextChangeOn(result, adopted?.programmes) ?? null,
  };
}

/** The evaluation with the published rule sets only. */
export const evaluateCase = createEvaluateCase();
