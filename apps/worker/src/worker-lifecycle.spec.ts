import { exitGracefullyOnSignals, loadConfig } from '@frist/config';
import { MetricsServerService } from './metrics-server.service';
import { WorkerMetrics } from './metrics.service';
import { WorkerLifecycle } from './worker-lifecycle.service';

describe('a worker process whose Temporal worker dies', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  it('drains through the process shutdown and exits 1, also when it died before the shutdown was handed in', () => {
    const lifecycle = new WorkerLifecycle();
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    lifecycle.workerDied('cases', new Error('poll failed for good'));
    expect(process.exitCode).toBe(1);
    const stop = jest.fn();
    lifecycle.onFatal(stop);
    expect(stop).toHaveBeenCalledWith('the cases worker died', 1);
  });

  it('the process shutdown closes the app (draining) and then exits with the code it was given', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const closed = jest.fn(() => Promise.resolve());
    const log: string[] = [];
    const stop = exitGracefullyOnSignals({ close: closed }, { graceMs: 50, log: (m) => log.push(m) });
    stop('the cases worker died', 1);
    await new Promise((r) => setImmediate(r));
    expect(closed).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
    // Past the grace period: the hard deadline was cleared, so nothing exits a second time.
    await new Promise((r) => setTimeout(r, 100));
    expect(exit).toHaveBeenCalledTimes(1);
    expect(log).toEqual(['the cases worker died: draining (grace 50 ms)', 'drained; exiting with 1']);
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
  });

  it('readiness reports each Temporal worker: 503 while one is not running, 200 when all are', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      NODE_ENV: 'test',
      WORKER_METRICS_PORT: '0',
      AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
    });
    const lifecycle = new WorkerLifecycle();
    const metrics = new WorkerMetrics();
    const server = new MetricsServerService(config, metrics, lifecycle);
    await server.onApplicationBootstrap();
    try {
      const ready = async () => {
        const res = await fetch(`http://127.0.0.1:${server.port()}/health/ready`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      let webhooks = 'RUNNING';
      lifecycle.register('cases', () => 'FAILED');
      lifecycle.register('webhooks', () => webhooks);
      metrics.attemptFailed('case-1:projectCase', 'projectCase', 'ECONNREFUSED');
      expect(await ready()).toEqual({
        status: 503,
        body: {
          ready: false,
          roles: ['cases', 'webhooks'],
          workers: { cases: 'FAILED', webhooks: 'RUNNING' },
          retrying: [
            { activity: 'projectCase', count: 1, oldestSeconds: expect.any(Number), errors: ['ECONNREFUSED'] },
          ],
        },
      });
      const healthy = new WorkerLifecycle();
      healthy.register('cases', () => 'RUNNING');
      healthy.register('webhooks', () => webhooks);
      const server2 = new MetricsServerService(config, new WorkerMetrics(), healthy);
      await server2.onApplicationBootstrap();
      try {
        const res = await fetch(`http://127.0.0.1:${server2.port()}/health/ready`);
        expect(res.status).toBe(200);
        webhooks = 'STOPPING';
        expect((await fetch(`http://127.0.0.1:${server2.port()}/health/ready`)).status).toBe(503);
      } finally {
        await server2.onModuleDestroy();
      }
    } finally {
      await server.onModuleDestroy();
    }
  });

  it('readiness waits for every role of the process; a case replica is ready without a webhook worker', async () => {
    const env = {
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      NODE_ENV: 'test',
      WORKER_METRICS_PORT: '0',
      AUTH_JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
    };
    const probe = async (roles: string, register: string[], webhooks = 'true') => {
      const lifecycle = new WorkerLifecycle();
      for (const name of register) lifecycle.register(name, () => 'RUNNING');
      const metrics = new WorkerMetrics();
      const server = new MetricsServerService(
        loadConfig({ ...env, WORKER_ROLES: roles, WEBHOOKS_ENABLED: webhooks }),
        metrics,
        lifecycle,
      );
      await server.onApplicationBootstrap();
      try {
        const res = await fetch(`http://127.0.0.1:${server.port()}/health/ready`);
        const body = (await res.json()) as Record<string, unknown>;
        const text = await server.render();
        const role = text.match(/^frist_worker_role\{role="\w+"\} \d$/gm);
        const enabled = text.match(/^frist_webhooks_enabled \d$/gm);
        return { status: res.status, roles: body.roles, workers: body.workers, role, enabled };
      } finally {
        await server.onModuleDestroy();
      }
    };
    // Both roles, the webhook worker not yet running: not ready.
    expect(await probe('cases,webhooks', ['cases'])).toMatchObject({
      status: 503,
      workers: { cases: 'RUNNING', webhooks: 'NOT_STARTED' },
    });
    expect(await probe('cases', ['cases'])).toEqual({
      status: 200,
      roles: ['cases'],
      workers: { cases: 'RUNNING' },
      role: ['frist_worker_role{role="cases"} 1', 'frist_worker_role{role="webhooks"} 0'],
      // A case replica of an installation that sends webhooks: some other process must run them (FristNoWebhookWorker).
      enabled: ['frist_webhooks_enabled 1'],
    });
    // Webhooks off for the installation: no process needs the role, and the alert stays quiet.
    expect(await probe('cases', ['cases'], 'false')).toMatchObject({
      status: 200,
      role: ['frist_worker_role{role="cases"} 1', 'frist_worker_role{role="webhooks"} 0'],
      enabled: ['frist_webhooks_enabled 0'],
    });
    expect(await probe('webhooks', ['webhooks'])).toMatchObject({
      status: 200,
      roles: ['webhooks'],
      role: ['frist_worker_role{role="cases"} 0', 'frist_worker_role{role="webhooks"} 1'],
    });
  });
});
