import { condition } from '@temporalio/workflow';
export async function sleeperWorkflow(): Promise<void> {
  await condition(() => false);
}
