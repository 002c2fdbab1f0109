import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addDaysIso, CASE_WORKFLOW_TYPE, caseWorkflowId, copenhagenDate, copenhagenStartOfDay } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;
interface OpsBody {
  temporal: {
    available: boolean;
    workflow: { pollers: unknown[]; backlog: { approximateCount: number } | null };
    activity: { pollers: unknown[] };
    workflows: Record<string, number>;
  };
  projection: {
    lagSeconds: number;
    pendingOverdueTransitions: number;
    oldestPendingDueOn: string | null;
    lastProjectedAt: string | null;
  };
  readModel: { cases: number; closedCases: number; openTasks: number };
}

/** Ops view and the API's /metrics against a real dev server, worker and Postgres. */
describe('ops status and API metrics', () => {
  let e2e: ApiE2e<App>;
  const team = 'fleks-ops';
  const today = () => copenhagenDate(Date.now());

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const ops = async (): Promise<OpsBody> =>
    (
      await request(e2e.app.getHttpServer())
        .get('/api/v1/ops/status')
        .set('authorization', await e2e.token('ops', []))
        .expect(200)
    ).body as OpsBody;

  it('is for the ops role only', async () => {
    await request(e2e.app.getHttpServer()).get('/api/v1/ops/status').expect(401);
    await request(e2e.app.getHttpServer())
      .get('/api/v1/ops/status')
      .set('authorization', await e2e.token('manager', [team]))
      .expect(403);
  });

  it('shows polling workers, workflow counts by status, and the read model', async () => {
    const caseworker = await e2e.token('caseworker', [team]);
    const ids: string[] = [];
    for (const daysAgo of [77, 80]) {
      const res = await request(e2e.app.getHttpServer())
        .post('/api/v1/cases')
        .set('authorization', caseworker)
        .send({
          citizenRef: `ops-${daysAgo}`,
          team,
          birthDate: '1980-01-01',
          events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -daysAgo) }],
        })
        .expect(201);
      ids.push(res.body.caseId as string);
    }
    await e2e.env.client.workflow.getHandle(caseWorkflowId(ids[1])).terminate('ops test');

    // Visibility is eventually consistent; poll until it has seen both workflows.
    const status = await eventually(async () => {
      const s = await ops();
      return s.temporal.workflows.Running === 1 && s.temporal.workflows.Terminated === 1 ? s : undefined;
    }, 'visibility counts');
    expect(status.temporal.available).toBe(true);
    expect(status.temporal.workflows).toMatchObject({ Running: 1, Terminated: 1, Failed: 0 });
    expect(status.temporal.workflow.pollers.length).toBeGreaterThanOrEqual(1);
    expect(status.temporal.activity.pollers.length).toBeGreaterThanOrEqual(1);
    expect(status.readModel).toEqual({ cases: 2, closedCases: 0, openTasks: 2 });
    expect(status.projection).toMatchObject({ lagSeconds: 0, pendingOverdueTransitions: 0, oldestPendingDueOn: null });
    expect(Date.parse(status.projection.lastProjectedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // Nothing personal: no citizen reference or case id appears anywhere in the ops view.
    expect(JSON.stringify(status)).not.toMatch(/ops-77|ops-80/);
    expect(JSON.stringify(status)).not.toContain(ids[0]);
  });

  it('measures projection lag from a past-due task the read model still shows as open', async () => {
    // A projection that never happened: the task turned overdue at the start of the day after its due date.
    const due = addDaysIso(today(), -2);
    await e2e.ds.query(
      `INSERT INTO tasks (case_id, team, obligation_code, occurrence, kind, status, title, rule_set, source, explanation,
         started_on, nominal_due_on, due_on, projection_seq, version)
       VALUES ($1, $2, 'contact-14d', 1, 'target', 'open', 't', 'fleksjob-2024', 's', 'e', $3, $4, $4, 1, 1)`,
      [randomUUID(), team, addDaysIso(due, -14), due],
    );
    const expected = (Date.now() - copenhagenStartOfDay(addDaysIso(due, 1))) / 1000;
    const status = await ops();
    expect(status.projection).toMatchObject({ pendingOverdueTransitions: 1, oldestPendingDueOn: due });
    expect(status.projection.lagSeconds).toBeGreaterThanOrEqual(Math.floor(expected) - 1);
    expect(status.projection.lagSeconds).toBeLessThan(expected + 60);
    expect(status.projection.lagSeconds).toBeGreaterThan(86_400);
  });

  it('exposes Prometheus metrics labelled by route pattern, with projection lag and overdue tasks', async () => {
    const manager = await e2e.token('manager', [team]);
    await request(e2e.app.getHttpServer()).get('/api/v1/dashboard/overdue').set('authorization', manager).expect(200);
    const caseId = randomUUID();
    await request(e2e.app.getHttpServer())
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', await e2e.token('caseworker', [team]))
      .expect(404);
    await request(e2e.app.getHttpServer()).get('/no/such/route').expect(404);

    const res = await request(e2e.app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(text).toMatch(
      /frist_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/dashboard\/overdue",status="200"\} 1/,
    );
    expect(text).toMatch(
      /frist_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/cases\/:id",status="404"\} 1/,
    );
    expect(text).toMatch(
      /frist_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/cases",status="201"\} 2/,
    );
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain(caseId);
    expect(text).toMatch(/^frist_projection_lag_seconds \d{5,}$/m);
    expect(text).toMatch(/^frist_projection_pending_transitions 1$/m);
    expect(text).toMatch(/^frist_read_model_up 1$/m);
    // Two phase-1 tasks overdue (one in a terminated workflow, still in the read model) and the stale contact.
    expect(text).toMatch(new RegExp(`^frist_tasks_overdue\\{team="${team}"\\} 3$`, 'm'));
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('reports a task-queue backlog when no worker polls', async () => {
    await e2e.stopWorker();
    await e2e.env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: e2e.taskQueue,
      workflowId: caseWorkflowId(randomUUID()),
      args: [{ facts: { caseId: randomUUID(), citizenRef: 'x', team, birthDate: '1980-01-01' } }],
    });
    const status = await eventually(
      async () => {
        const s = await ops();
        return (s.temporal.workflow.backlog?.approximateCount ?? 0) >= 1 ? s : undefined;
      },
      'a workflow-task backlog',
      15_000,
    );
    expect(status.temporal.workflow.backlog?.approximateCount).toBe(1);
  });
});
