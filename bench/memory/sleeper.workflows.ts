import { condition } from '@temporalio/workflow';
export * from '../../workflows/src/index';
export async function sleeperWorkflow(): Promise<void> {
  await condition(() => false);
}
