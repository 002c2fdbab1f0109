import { computeObligations, nextChangeOn } from '@frist/obligations';
import type { EvaluateCaseInput, EvaluateCaseResult } from '@frist/contracts';
import { derivePhase } from './case-phase';

/**
 * The engine call, run by the workflow as a local activity. Its result is recorded in the workflow history, so
 * a corrected rule or a new rule set changes what running cases compute from now on without making their
 * recorded past non-deterministic on replay.
 */
export function evaluateCase({ facts, events, asOf }: EvaluateCaseInput): Promise<EvaluateCaseResult> {
  const result = computeObligations(
    { caseId: facts.caseId, birthDate: facts.birthDate, team: facts.team },
    events,
    asOf,
  );
  const { phase, closedOn } = derivePhase(events, result);
  return Promise.resolve({ result, phase, closedOn, nextChangeOn: nextChangeOn(result) ?? null });
}
