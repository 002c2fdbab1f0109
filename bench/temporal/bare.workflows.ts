/**
 * Baseline workflows: the least a Temporal application can do for each thing frist does, on the same server in the
 * same run. Bundled for the bare worker (bench/temporal/bare-worker-main.ts).
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export interface BareActivities {
  /** One INSERT into a bench table: the smallest read-model write. */
  record(input: { id: string; kind: string; dueAt?: number }): Promise<void>;
}

const { record } = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Starts and completes: the plain Temporal start baseline. */
export async function bareNoopWorkflow(): Promise<void> {
  // nothing
}

export const bareApplyUpdate = defineUpdate<string, [string]>('bareApply');

/** Update-with-start whose update writes one row before it answers, then the workflow sleeps like a case. */
export async function bareUpdateWorkflow(): Promise<void> {
  let done = 0;
  setHandler(bareApplyUpdate, async (id: string) => {
    await record({ id, kind: 'update' });
    done++;
    return id;
  });
  await condition(() => done > 1_000_000, '365 days');
}

/** Sleeps until an absolute instant, writes one row, then sleeps on like a live case. */
export async function bareTimerWorkflow(input: { id: string; dueAt: number }): Promise<void> {
  await sleep(Math.max(1, input.dueAt - Date.now()));
  await record({ id: input.id, kind: 'timer', dueAt: input.dueAt });
  await sleep('365 days');
}
