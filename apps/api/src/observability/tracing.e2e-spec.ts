import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@frist/config';
import { copenhagenDate } from '@frist/contracts';
import { createDataSource, registerTeams } from '@frist/persistence';
import {
  bearer,
  createLocalEnv,
  createTestDatabase,
  eventually,
  freePort,
  startApps,
  type AppProcess,
  TEST_AUTH_ENV,
} from '@frist/testing';

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpTraces {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: Omit<Span, 'service'>[] }[];
  }[];
}

/** An OTLP/HTTP collector in the test process: it keeps every span the API and the worker export. */
async function startCollector(): Promise<{ url: string; spans: Span[]; server: Server }> {
  const spans: Span[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const traces = JSON.parse(body) as OtlpTraces;
        for (const rs of traces.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

/** The API and the worker as real processes exporting over OTLP: one trace from the request to the activities. */
describe('OpenTelemetry traces API → Temporal → worker', () => {
  jest.setTimeout(240_000);
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let api: AppProcess;
  let worker: AppProcess;
  let apiUrl: string;
  let auth: string;

  beforeAll(async () => {
    [env, db, collector] = await Promise.all([createLocalEnv(), createTestDatabase(), startCollector()]);
    ds = createDataSource(db.url, 2);
    await ds.initialize();
    await registerTeams(ds, [{ id: 'team-trace', name: 'Team trace' }]);
    const apiPort = await freePort();
    const common = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `traces-${randomUUID()}`,
      API_PORT: String(apiPort),
      WORKER_METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(await freePort()),
      WEBHOOKS_ENABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    };
    apiUrl = `http://127.0.0.1:${apiPort}`;
    auth = await bearer(loadConfig({ ...common, NODE_ENV: 'test', ...TEST_AUTH_ENV }).auth, 'caseworker', [
      'team-trace',
    ]);
    [worker, api] = await startApps(['worker', 'api'], common);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    collector?.server.close();
    await ds?.destroy();
    await db?.drop();
    await env?.teardown();
  });

  it('joins the request, the client’s update, the workflow’s update handler and the activities in one trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${apiUrl}/api/v1/cases`, {
      method: 'POST',
      headers: {
        authorization: auth,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({
        citizenRef: 'trace-ref-1',
        team: 'team-trace',
        birthDate: '1980-05-05',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: copenhagenDate(Date.now()) }],
      }),
    });
    expect(res.status).toBe(201);
    // The correlation id of a traced request is its trace id: logs and traces meet on one key.
    expect(res.headers.get('x-request-id')).toBe(traceId);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const names = () => inTrace().map((s) => `${s.service} ${s.name}`);
    // Spans are exported in batches (every few seconds) and the workflow's through the worker's sink.
    await eventually(
      () =>
        names().includes('frist-worker RunActivity:evaluateAndProjectCase') &&
        names().includes('frist-worker HandleUpdate:applyEvents') &&
        names().some((n) => n.startsWith('frist-api POST')),
      'the API’s, the workflow’s and the activity’s spans in the request’s trace',
      { timeoutMs: 60_000 },
    );
    expect(names()).toEqual(
      expect.arrayContaining([
        'frist-api UpdateWithStartWorkflow:applyEvents',
        'frist-worker HandleUpdate:applyEvents',
        // One local activity evaluates and projects the change (patch 'evaluate-and-project').
        'frist-worker RunActivity:evaluateAndProjectCase',
      ]),
    );
    // One tree. Its root is the request (its parent is the caller's); the activities the workflow scheduled hang
    // from the workflow run's span, which is exported only when the run ends (a case workflow lives for years).
    const spans = inTrace();
    const ids = new Set(spans.map((s) => s.spanId));
    const orphans = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    const root = orphans.find((s) => s.service === 'frist-api');
    const underTheRun = orphans.filter((s) => s !== root);
    expect(`${root?.service} ${root?.name}`).toMatch(/^frist-api POST/);
    expect(underTheRun.map((s) => s.name)).toEqual(['StartActivity:evaluateAndProjectCase']);
    // The projection's queries are in it too (pg instrumentation under the activity).
    expect(spans.some((s) => s.service === 'frist-worker' && /^pg\.query/.test(s.name))).toBe(true);
  });
});
