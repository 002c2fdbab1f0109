import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@frist/config';
import { containsCpr, copenhagenDate } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import {
  bearer,
  createLocalEnv,
  createTestDatabase,
  freePort,
  startApps,
  eventually,
  type AppProcess,
  TEST_AUTH_ENV,
} from '@frist/testing';

type Line = Record<string, unknown>;

/** Every line a process wrote, parsed; a line that is not a JSON object fails the test with the line. */
function jsonLines(p: AppProcess): Line[] {
  return p
    .output()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
}

/** The API and the worker as real processes: JSON lines, one correlation id from the request to the activity. */
describe('structured logs and correlation ids', () => {
  jest.setTimeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let api: AppProcess;
  let worker: AppProcess;
  let apiUrl: string;
  let auth: string;

  beforeAll(async () => {
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    await registerTeams(ds, [{ id: 'team-logs', name: 'Team logs' }]);
    const apiPort = await freePort();
    const common = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `logs-${randomUUID()}`,
      API_PORT: String(apiPort),
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
      WEBHOOKS_ENABLED: 'false',
      LOG_LEVEL: 'debug',
    };
    apiUrl = `http://127.0.0.1:${apiPort}`;
    auth = await bearer(loadConfig({ ...common, NODE_ENV: 'test', ...TEST_AUTH_ENV }).auth, 'caseworker', [
      'team-logs',
    ]);
    [worker, api] = await startApps(['worker', 'api'], common);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('carries the caller’s X-Request-Id from the request into the workflow’s and the activities’ log lines', async () => {
    const requestId = `req-${randomUUID()}`;
    const created = await post(
      '/api/v1/cases',
      {
        citizenRef: 'logs-ref-1',
        team: 'team-logs',
        birthDate: '1980-05-05',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: copenhagenDate(Date.now()) }],
      },
      { 'x-request-id': requestId },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(requestId);

    const withId = (p: AppProcess) => jsonLines(p).filter((l) => l.correlationId === requestId);
    // The access line is written once the response has gone out, the activity lines while the update runs.
    const isAccessLine = (l: Line) =>
      (l.req as { url?: string } | undefined)?.url === '/api/v1/cases' &&
      (l.res as { statusCode?: number } | undefined)?.statusCode === 201;
    await eventually(
      () => withId(worker).some((l) => l.activityType === 'evaluateAndProjectCase') && withId(api).some(isAccessLine),
      'the access line and an activity line with the correlation id',
      { timeoutMs: 60_000 },
    );
    expect(withId(api)).toContainEqual(
      expect.objectContaining({ service: 'api', req: { method: 'POST', url: '/api/v1/cases' } }),
    );
    const workerLines = withId(worker);
    // The workflow's own line (through the SDK's log sink) and the activities it scheduled.
    expect(workerLines).toContainEqual(
      expect.objectContaining({ msg: 'case events applied', sdkComponent: 'workflow', workflowType: 'caseWorkflow' }),
    );
    expect(workerLines.filter((l) => l.activityType).map((l) => l.activityType)).toEqual(
      expect.arrayContaining(['evaluateAndProjectCase']),
    );
    expect(workerLines.every((l) => l.service === 'worker' && typeof l.level === 'string')).toBe(true);
  });

  it('takes the trace id of a traceparent, refuses a CPR-shaped id and generates one otherwise', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const byTrace = await fetch(`${apiUrl}/api/v1/tasks`, {
      headers: { authorization: auth, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(byTrace.headers.get('x-request-id')).toBe(traceId);
    const cprShaped = await fetch(`${apiUrl}/api/v1/tasks`, {
      headers: { authorization: auth, 'x-request-id': '010190-1234' },
    });
    const echoed = cprShaped.headers.get('x-request-id');
    expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const plain = await fetch(`${apiUrl}/api/v1/tasks`, { headers: { authorization: auth } });
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.headers.get('x-request-id')).not.toBe(echoed);
  });

  it('writes no CPR-shaped text and no credential, even for input that carries them', async () => {
    const refused = await post('/api/v1/cases', {
      citizenRef: '010190-1234',
      team: 'team-logs',
      birthDate: '1990-01-01',
    });
    expect(refused.status).toBe(400);
    await fetch(`${apiUrl}/api/v1/tasks?search=0101901234`, { headers: { authorization: auth } });
    await fetch(`${apiUrl}/api/v1/calendar/${'A'.repeat(43)}.ics`);
    // The scenario reached the logs: the access lines of these requests are there (the last one is the sentinel),
    // the CPR number in the URL masked.
    await eventually(
      () => jsonLines(api).some((l) => (l.req as { url?: string } | undefined)?.url?.startsWith('/api/v1/calendar/')),
      'the calendar request’s access line',
      { process: api },
    );
    const lines = [...jsonLines(api), ...jsonLines(worker)];
    const text = lines.map((l) => JSON.stringify(l));
    expect(lines).toContainEqual(
      expect.objectContaining({ req: { method: 'GET', url: expect.stringMatching(/^\/api\/v1\/tasks\?search=\*+$/) } }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ req: { method: 'GET', url: '/api/v1/calendar/[redacted].ics' } }),
    );
    expect(text.filter((l) => containsCpr(l))).toEqual([]);
    const token = auth.replace(/^Bearer /, '');
    expect(text.filter((l) => l.includes(token) || l.includes('A'.repeat(43)))).toEqual([]);
  });
});
