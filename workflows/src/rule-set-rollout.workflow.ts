import {
  continueAsNew,
  defineQuery,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  caseWorkflowId,
  reevaluateSignal,
  type RolloutActivities,
  type RolloutInput,
  type RolloutProgress,
} from '@frist/contracts';

const { listOpenCaseIds } = proxyActivities<RolloutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const rolloutProgressQuery = defineQuery<RolloutProgress>('rolloutProgress');
const PAGE = 200;

/**
 * Rolls an adopted rule set out to every open case now, rather than at each case's next wake-up: signals each case
 * to re-evaluate, at most `ratePerSecond` cases a second. Each case's projection then audits every deadline that
 * moved (cause `rule-set-change`). With `migration` (MIG-2026) each case takes the law migration instead, once;
 * with `policy` it takes the applied policy decisions (its projection audits each change with the decision).
 * Continues as new between pages, so it scales to any number of cases; a restart resumes after `cursor`.
 */
export async function ruleSetRolloutWorkflow(input: RolloutInput): Promise<RolloutProgress> {
  const progress: RolloutProgress = {
    ruleSet: input.ruleSet,
    signaled: input.signaled ?? 0,
    skipped: input.skipped ?? 0,
    cursor: input.cursor ?? '',
    done: false,
  };
  setHandler(rolloutProgressQuery, () => progress);
  const rate = Math.max(1, input.ratePerSecond);
  for (;;) {
    const ids = await listOpenCaseIds(progress.cursor, PAGE);
    if (ids.length === 0) break;
    for (let i = 0; i < ids.length; i += rate) {
      const batch = ids.slice(i, i + rate);
      const results = await Promise.allSettled(
        batch.map((id) =>
          getExternalWorkflowHandle(caseWorkflowId(id)).signal(reevaluateSignal, {
            cause: 'rule-set-change',
            ruleSet: input.ruleSet,
            ...(input.migration ? { migration: input.migration } : {}),
            ...(input.policy ? { policy: input.policy } : {}),
          }),
        ),
      );
      progress.signaled += results.filter((r) => r.status === 'fulfilled').length;
      progress.skipped += results.filter((r) => r.status === 'rejected').length; // closed since listing
      progress.cursor = batch[batch.length - 1]!;
      if (i + rate < ids.length || ids.length === PAGE) await sleep('1 second');
    }
    if (workflowInfo().historyLength > 2_000) {
      return continueAsNew<typeof ruleSetRolloutWorkflow>({
        ...input,
        cursor: progress.cursor,
        signaled: progress.signaled,
        skipped: progress.skipped,
      });
    }
  }
  progress.done = true;
  return progress;
}
