import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  caseWorkflowId,
  copenhagenDate,
  type CaseActivities,
  type CaseFactsInput,
  type ProjectCaseInput,
} from '@frist/contracts';
import { sharedWorkflowBundle } from './temporal-test-env';

export interface CaseHarness {
  caseId: string;
  handle: WorkflowHandle;
  /** Every projection the workflow asked for, in order (the activity is an in-memory recorder). */
  projections: ProjectCaseInput[];
  /** The Copenhagen date of the environment's (possibly skipped) clock. */
  today(): Promise<string>;
}

/** Runs one case workflow on a fresh task queue with a recording projection activity, for workflow-level tests. */
export async function withCaseWorkflow<T>(
  env: TestWorkflowEnvironment,
  evaluateCase: CaseActivities['evaluateCase'],
  fn: (h: CaseHarness) => Promise<T>,
  facts: Partial<CaseFactsInput> = {},
): Promise<T> {
  const taskQueue = `q-${randomUUID()}`;
  const projections: ProjectCaseInput[] = [];
  const activities: CaseActivities = {
    projectCase: async (p) => {
      projections.push(p);
      return Promise.resolve();
    },
    evaluateCase,
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await sharedWorkflowBundle(),
    activities,
  });
  const caseId = facts.caseId ?? randomUUID();
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue,
      args: [{ facts: { caseId, citizenRef: 'ref-1', team: 'team-a', birthDate: '1980-05-05', ...facts } }],
    });
    return fn({ caseId, handle, projections, today: async () => copenhagenDate(await env.currentTimeMs()) });
  });
}
