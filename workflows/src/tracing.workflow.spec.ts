/**
 * The workflow's OpenTelemetry interceptors switch on only for calls that carry a trace context. The API's client
 * interceptor writes the trace header on every call, with an empty carrier while tracing is not configured: such a
 * case must not load OpenTelemetry or hand spans to the worker's `exporter` sink (that cost every untraced case a
 * span per call and OpenTelemetry's module state in the sticky cache).
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createEvaluateCase, withEvaluateAndProject } from '@frist/activities';
import { addDaysIso, applyEventsUpdate, caseWorkflowId, copenhagenDate, type CaseActivities } from '@frist/contracts';
import { tracingClientInterceptor } from '@frist/observability';
import { bundledWorkflows, createTimeSkippingEnv } from '@frist/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

describe('tracing interceptors of the case workflow (time-skipping)', () => {
  it('create no spans for a case whose calls carry the client interceptor’s empty trace header', async () => {
    const exported: unknown[] = [];
    const taskQueue = `q-${randomUUID()}`;
    const activities: CaseActivities = withEvaluateAndProject({
      projectCase: () => Promise.resolve(),
      evaluateCase: createEvaluateCase([]),
      reportCaseAttention: () => Promise.resolve(),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      sinks: { exporter: { export: { fn: (_info, spans: unknown[]) => void exported.push(...spans) } } },
      activities,
    });
    // As the API's client: its tracing interceptor, and no tracer provider or propagator registered.
    const client = new Client({
      connection: env.connection,
      interceptors: { workflow: [tracingClientInterceptor()] },
    });
    const caseId = randomUUID();
    const history = await worker.runUntil(async () => {
      const today = copenhagenDate(await env.currentTimeMs());
      const handle = await client.workflow.start('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue,
        args: [{ facts: { caseId, citizenRef: 'ref-1', team: 'team-a', birthDate: '1980-05-05' } }],
      });
      await handle.executeUpdate(applyEventsUpdate, {
        args: [{ events: [{ eventId: 'v', event: { type: 'VISITATION_DECIDED', date: addDaysIso(today, -3) } }] }],
      });
      return handle.fetchHistory();
    });
    // The header is there (so the switch must read it), and empty.
    const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
    const header = started.workflowExecutionStartedEventAttributes!.header!.fields!['_tracer-data'];
    expect(JSON.parse(Buffer.from(header.data!).toString('utf8'))).toEqual({});
    expect(exported).toEqual([]);
  });
});
