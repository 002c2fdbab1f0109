import { randomBytes, randomUUID } from 'node:crypto';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { evaluateCase, withEvaluateAndProject } from '@frist/activities';
import { applyEventsUpdate, caseWorkflowId, copenhagenDate, type CaseActivities } from '@frist/contracts';
import { createLocalEnv, bundledWorkflows, snapshotOccurrences } from '@frist/testing';
import { fristDataConverter } from '@frist/codec';

const SECRET_REF = 'borger-hemmelig-4711';
const SECRET_REASON = 'fortrolig-grund-0815';

/** Payload encryption seen from the Temporal server's side: what it stores must not be readable. */
describe('payload encryption at rest (dev server)', () => {
  jest.setTimeout(120_000);
  let env: TestWorkflowEnvironment;
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');
  const activities: CaseActivities = withEvaluateAndProject({
    projectCase: () => Promise.resolve(),
    evaluateCase,
    reportCaseAttention: () => Promise.resolve(),
  });

  beforeAll(async () => {
    env = await createLocalEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** The history exactly as the server stores it, serialised, for a byte search. */
  async function rawHistory(workflowId: string): Promise<Buffer> {
    const res = await env.connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
    });
    return Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(res).finish());
  }

  async function openCase(
    keys: string | undefined,
    activeKeyId: string | undefined,
    taskQueue: string,
    caseId: string,
  ) {
    const dataConverter = fristDataConverter(keys && activeKeyId ? { keys, activeKeyId } : undefined);
    const client = new Client({ connection: env.connection, dataConverter });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities,
      dataConverter,
    });
    const today = copenhagenDate(Date.now());
    await worker.runUntil(async () => {
      await client.workflow.executeUpdateWithStart(applyEventsUpdate, {
        args: [
          {
            events: [
              {
                eventId: 'c',
                event: { type: 'CONTACT_CADENCE_SET', date: today, intervalDays: 21, reason: SECRET_REASON },
              },
            ],
          },
        ],
        startWorkflowOperation: new WithStartWorkflowOperation('caseWorkflow', {
          workflowId: caseWorkflowId(caseId),
          taskQueue,
          args: [{ facts: { caseId, citizenRef: SECRET_REF, team: 'team-x', birthDate: '1980-01-01' } }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    });
    return client;
  }

  it('stores inputs, events and results only encrypted (and the same run without keys would not)', async () => {
    const plainCase = randomUUID();
    await openCase(undefined, undefined, `plain-${plainCase}`, plainCase);
    const plain = await rawHistory(caseWorkflowId(plainCase));
    expect(plain.includes(SECRET_REF)).toBe(true); // the control: without a codec the server can read it

    const sealedCase = randomUUID();
    const client = await openCase(`k1:${k1}`, 'k1', `sealed-${sealedCase}`, sealedCase);
    const sealed = await rawHistory(caseWorkflowId(sealedCase));
    expect(sealed.includes(SECRET_REF)).toBe(false);
    expect(sealed.includes(SECRET_REASON)).toBe(false);
    expect(sealed.includes('1980-01-01')).toBe(false);
    expect(sealed.includes('binary/encrypted')).toBe(true);
    // With the key, the history reads back normally.
    const history = await client.workflow.getHandle(caseWorkflowId(sealedCase)).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(started?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
  });

  it('rotates keys: a worker with the new active key continues a case written with the old one', async () => {
    const caseId = randomUUID();
    const taskQueue = `rotate-${caseId}`;
    await openCase(`k1:${k1}`, 'k1', taskQueue, caseId);

    const dataConverter = fristDataConverter({ keys: `k1:${k1},k2:${k2}`, activeKeyId: 'k2' });
    const client = new Client({ connection: env.connection, dataConverter });
    // A new worker has no cached state: it must replay (decrypt) the k1 history before it can apply the update.
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(await bundledWorkflows()),
      activities,
      dataConverter,
    });
    const handle = client.workflow.getHandle(caseWorkflowId(caseId));
    const [result, occurrences] = await worker.runUntil(
      async () =>
        [
          await handle.executeUpdate(applyEventsUpdate, {
            args: [
              {
                events: [
                  { eventId: 'p', event: { type: 'PREPARATORY_PART_STARTED', date: copenhagenDate(Date.now()) } },
                ],
              },
            ],
          }),
          await snapshotOccurrences(handle),
        ] as const,
    );
    expect(result.accepted).toEqual([{ eventId: 'p', duplicate: false }]);
    expect(occurrences.map((o) => o.code)).toEqual(['phase1-target']);
    const raw = await rawHistory(caseWorkflowId(caseId));
    expect(raw.includes('encryption-key-id')).toBe(true);
    expect(raw.includes(Buffer.from('k1'))).toBe(true);
    expect(raw.includes(Buffer.from('k2'))).toBe(true);
    expect(raw.includes(SECRET_REF)).toBe(false);
  });
});
