import type { CaseFactsInput, ProjectCaseInput, RecordedEvent } from '@frist/contracts';
import { computeObligations, type CaseEvent } from '@frist/obligations';

/**
 * The engine's answer for `events` at `asOf`, as the workflow would project it (seeds for read-model tests and
 * measurements). Phase and next-due fields are placeholders: the read model's task and enrolment rows do not use them.
 */
export function engineProjection(
  facts: CaseFactsInput & { caseId: string },
  events: CaseEvent[],
  asOf: string,
  opts: { seq?: number; newEvents?: RecordedEvent[]; options?: Parameters<typeof computeObligations>[3] } = {},
): { input: ProjectCaseInput; result: ReturnType<typeof computeObligations> } {
  const result = computeObligations(facts, events, asOf, opts.options);
  return {
    result,
    input: {
      seq: opts.seq ?? 1,
      facts,
      phase: 'PRE',
      asOf,
      newEvents: opts.newEvents ?? [],
      retractedEvents: [],
      audit: [],
      occurrences: result.occurrences,
      enrolments: result.enrolments,
      ...(result.periods ? { periods: result.periods } : {}),
      nextDueOn: null,
      overdueCount: 0,
      closedOn: null,
    },
  };
}
