import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Occurrence } from '@frist/obligations';
import {
  caseSnapshotQuery,
  caseWorkflowId,
  withSnapshotOccurrences,
  copenhagenDate,
  type CaseActivities,
  type CaseFactsInput,
  type CaseWorkflowInput,
  type ProjectCaseInput,
  type ReportCaseAttentionInput,
} from '@frist/contracts';
import { evaluateCase as evaluatePublished, withEvaluateAndProject } from '@frist/activities';
import { bundledWorkflows } from './temporal-test-env';

export interface CaseHarness {
  caseId: string;
  handle: WorkflowHandle;
  /** Every projection the workflow asked for, in order (the activity is an in-memory recorder). */
  projections: ProjectCaseInput[];
  /** Every reportCaseAttention call, in order. */
  attentionReports: ReportCaseAttentionInput[];
  /** The Copenhagen date of the environment's (possibly skipped) clock. */
  today(): Promise<string>;
  /** The case's occurrences as its snapshot query gives them (snapshotOccurrences, with the harness's engine). */
  occurrences(): Promise<Occurrence[]>;
}

/**
 * A case workflow's occurrences as its snapshot query gives them: held by the workflow (runs before patch
 * 'compact-evaluation'), or evaluated from the evaluation input it answers instead, as the `reproject` command does.
 */
export async function snapshotOccurrences(
  handle: WorkflowHandle,
  evaluateCase: CaseActivities['evaluateCase'] = evaluatePublished,
): Promise<Occurrence[]> {
  return (await withSnapshotOccurrences(await handle.query(caseSnapshotQuery), evaluateCase)).obligations;
}

/** Runs one case workflow on a fresh task queue with a recording projection activity, for workflow-level tests. */
export async function withCaseWorkflow<T>(
  env: TestWorkflowEnvironment,
  evaluateCase: CaseActivities['evaluateCase'],
  fn: (h: CaseHarness) => Promise<T>,
  facts: Partial<CaseFactsInput> = {},
  /** Runs before a projection is recorded; throw from it to make the projection fail. */
  beforeProjection?: (p: ProjectCaseInput) => void,
  /** The rest of the workflow's input (e.g. the adopted trial programmes it carries as data). */
  input: Omit<CaseWorkflowInput, 'facts'> = {},
): Promise<T> {
  const taskQueue = `q-${randomUUID()}`;
  const projections: ProjectCaseInput[] = [];
  const attentionReports: ReportCaseAttentionInput[] = [];
  const activities: CaseActivities = withEvaluateAndProject({
    projectCase: async (p) => {
      beforeProjection?.(p);
      projections.push(p);
      return Promise.resolve();
    },
    evaluateCase,
    reportCaseAttention: async (r) => {
      attentionReports.push(r);
      return Promise.resolve();
    },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...(await bundledWorkflows()),
    activities,
  });
  const caseId = facts.caseId ?? randomUUID();
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue,
      args: [{ ...input, facts: { caseId, citizenRef: 'ref-1', team: 'team-a', birthDate: '1980-05-05', ...facts } }],
    });
    return fn({
      caseId,
      handle,
      projections,
      attentionReports,
      today: async () => copenhagenDate(await env.currentTimeMs()),
      occurrences: () => snapshotOccurrences(handle, evaluateCase),
    });
  });
}
