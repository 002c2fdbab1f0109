import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { WebhookActivities, WebhookReceiverPolicy } from '@frist/activities';
import { SystemClock, systemLookup, type HostLookup } from '@frist/config';
import { addDaysIso, copenhagenDate, WEBHOOK_DISPATCHER_WORKFLOW_ID } from '@frist/contracts';
import {
  eventually,
  startApiE2e,
  startWebhookReceiver,
  verifyWebhookSignature,
  type ApiE2e,
  type ReceivedWebhook,
} from '@frist/testing';
import { WebhookWorkerService } from '../../../worker/src/webhook-worker.service';
import { WorkerLifecycle } from '../../../worker/src/worker-lifecycle.service';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/** Webhooks end to end: managed through the API, delivered by the real dispatcher workflow to a local receiver. */
describe('webhooks end to end', () => {
  let e2e: ApiE2e<App>;
  let webhookWorker: WebhookWorkerService;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let receiverUrl: string;
  let received: ReceivedWebhook[];
  const teamA = `wa-${randomUUID().slice(0, 8)}`;
  const teamB = `wb-${randomUUID().slice(0, 8)}`;
  const today = () => copenhagenDate(Date.now());
  let mgrA: string;
  let mgrB: string;
  let cwA: string;

  beforeAll(async () => {
    // The receiver fails the first request it gets, then accepts: the dispatcher must retry that delivery.
    const started = await startWebhookReceiver();
    receiver = started;
    receiverUrl = started.url;
    received = started.received;
    e2e = await startApiE2e({
      createApp,
      // Production-like: encrypted payloads and sealed secrets, and a receiver allow-list. The local receiver is
      // on loopback, which no environment allows unless WEBHOOK_ALLOWED_NETWORKS names it.
      env: {
        WEBHOOK_TASK_QUEUE: `wh-${randomUUID()}`,
        PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,example.org,rebound.test,pinned.test',
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      },
    });
    // The worker's own webhook service, as apps/worker runs it: its queue, the dispatcher started at boot. Its DNS
    // knows two names the real one does not: one rebound to another loopback address, one on the receiver's.
    const dns: HostLookup = async (host) =>
      host === 'rebound.test'
        ? [{ address: '127.0.0.2', family: 4 }]
        : host === 'pinned.test'
          ? [{ address: '127.0.0.1', family: 4 }]
          : systemLookup(host);
    webhookWorker = new WebhookWorkerService(
      { ...e2e.config, temporal: { ...e2e.config.temporal, address: e2e.env.address } },
      new WebhookActivities(e2e.ds, new SystemClock(), WebhookReceiverPolicy.fromConfig(e2e.config, dns)),
      new WorkerLifecycle(),
    );
    await webhookWorker.onModuleInit();
    await webhookWorker.onApplicationBootstrap();
    [mgrA, mgrB, cwA] = await Promise.all([
      e2e.token('manager', [teamA], 'mgr-a'),
      e2e.token('manager', [teamB], 'mgr-b'),
      e2e.token('caseworker', [teamA], 'cw-a'),
    ]);
  });
  afterAll(async () => {
    await webhookWorker?.onModuleDestroy();
    await e2e?.close();
    await receiver?.close();
  });

  const http = () => request(e2e.app.getHttpServer());
  /** The delivery log of a subscription once it has any attempt. */
  const firstDeliveries = (id: string, token: string) =>
    eventually(async () => {
      const res = await http().get(`/api/v1/webhooks/${id}/deliveries`).set('authorization', token).expect(200);
      const items = res.body.items as { attempt: number; outcome: string; error: string | null }[];
      return items.length > 0 ? items : undefined;
    }, `the delivery log of ${id}`);

  /** Deliveries the dispatcher is running or will retry (a failed attempt stays pending until its next one). */
  const pendingDeliveries = async () => {
    const d = await e2e.env.client.workflow.getHandle(WEBHOOK_DISPATCHER_WORKFLOW_ID).describe();
    return (d.raw.pendingActivities ?? []).filter((a) => a.activityType?.name === 'deliverWebhook').length;
  };
  let sentinels = 0;
  /** A fresh case in a subscribed team, and waits until the receiver has its first change. */
  const sentinelDelivery = async (token: string, team: string) => {
    const created = await http()
      .post('/api/v1/cases')
      .set('authorization', token)
      .send({
        citizenRef: `sentinel-${++sentinels}`,
        team,
        birthDate: '1985-01-01',
        events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
      })
      .expect(201);
    await eventually(
      () =>
        received.some((r) => (JSON.parse(r.body) as { data: { caseId: string } }).data.caseId === created.body.caseId),
      'the sentinel delivery',
      30_000,
    );
  };

  it('lets only managers of the team manage its webhooks', async () => {
    await http().post('/api/v1/webhooks').send({ team: teamA, url: receiverUrl }).expect(401);
    await http().post('/api/v1/webhooks').set('authorization', cwA).send({ team: teamA, url: receiverUrl }).expect(403);
    await http().get('/api/v1/webhooks').set('authorization', cwA).expect(403);
    await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrB)
      .send({ team: teamA, url: receiverUrl })
      .expect(403);
    // Each refusal has its own code (the web UI explains it by the code).
    for (const [url, code] of [
      ['not a url', 'VALIDATION_FAILED'],
      ['ftp://example.org/x', 'VALIDATION_FAILED'],
      ['https://user:pw@example.org/x', 'WEBHOOK_URL_CREDENTIALS'],
      ['https://elsewhere.example/x', 'WEBHOOK_HOST_NOT_ALLOWED'],
      ['https://example.org.elsewhere.example/x', 'WEBHOOK_HOST_NOT_ALLOWED'],
      ['https://example.org/0101901234', 'CPR_NOT_ALLOWED'],
    ])
      expect(
        (await http().post('/api/v1/webhooks').set('authorization', mgrA).send({ team: teamA, url }).expect(400)).body
          .code,
      ).toBe(code);
    const spare = await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrA)
      .send({ team: teamA, url: 'https://example.org/spare', description: 'to delete' })
      .expect(201);
    expect(spare.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Team B's manager sees nothing of it and cannot delete it.
    expect((await http().get('/api/v1/webhooks').set('authorization', mgrB).expect(200)).body.items).toEqual([]);
    expect(
      (await http().delete(`/api/v1/webhooks/${spare.body.id}`).set('authorization', mgrB).expect(404)).body.code,
    ).toBe('WEBHOOK_NOT_FOUND');
    const list = await http().get('/api/v1/webhooks').set('authorization', mgrA).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: spare.body.id, team: teamA, url: 'https://example.org/spare', createdBy: 'mgr-a' }),
    ]);
    expect(list.body.items[0]).not.toHaveProperty('secret');
    await http().delete(`/api/v1/webhooks/${spare.body.id}`).set('authorization', mgrA).expect(204);
    await http().delete(`/api/v1/webhooks/${spare.body.id}`).set('authorization', mgrA).expect(404);
  });

  it('delivers signed task changes of the team, retrying a failed delivery with backoff, and logs every attempt', async () => {
    const secret = `s3cret-${randomUUID()}`;
    const hook = await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrA)
      .send({ team: teamA, url: receiverUrl, secret })
      .expect(201);
    expect(hook.body.secret).toBe(secret);
    // At rest the secret is sealed with the payload key: a database dump alone cannot sign.
    const [stored] = await e2e.ds.query<{ secret: string }[]>(
      `SELECT secret FROM webhook_subscriptions WHERE id = $1`,
      [hook.body.id],
    );
    expect(stored?.secret).toMatch(/^aesgcm:k1:/);
    expect(stored?.secret).not.toContain(secret);
    // A case in team A creates tasks (outbox rows); one in team B, which has no webhook, must not be delivered.
    const [a, b] = await Promise.all([
      http()
        .post('/api/v1/cases')
        .set('authorization', mgrA)
        .send({
          citizenRef: 'wh-1',
          team: teamA,
          birthDate: '1985-01-01',
          events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
        })
        .expect(201),
      http()
        .post('/api/v1/cases')
        .set('authorization', mgrB)
        .send({
          citizenRef: 'wh-2',
          team: teamB,
          birthDate: '1985-01-01',
          events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
        })
        .expect(201),
    ]);
    const caseA = a.body.caseId as string;
    const firstAttempt = await eventually(async () => received[0], 'the first delivery', 30_000);
    expect(firstAttempt.answered).toBe(500);
    const firstPayload = JSON.parse(firstAttempt.body);
    // The same change arrives again after the failure, with a fresh signature over the same body.
    const retried = await eventually(
      async () => received.find((r, i) => i > 0 && JSON.parse(r.body).id === firstPayload.id),
      'the retried delivery',
      30_000,
    );
    expect(retried.answered).toBe(204);
    expect(retried.body).toBe(firstAttempt.body);
    for (const r of [firstAttempt, retried]) {
      const header = r.headers['x-frist-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(header, secret, r.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhookSignature(header, 'another-secret-entirely', r.body, Math.floor(Date.now() / 1000))).toBe(
        false,
      );
      expect(verifyWebhookSignature(header, secret, `${r.body} `, Math.floor(Date.now() / 1000))).toBe(false);
      expect(r.headers['x-frist-event']).toBe('task.changed');
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(firstPayload).toMatchObject({
      type: 'task.changed',
      data: { caseId: caseA, team: teamA, code: 'phase1-target', change: 'created', status: 'open' },
    });
    expect(firstAttempt.body).not.toContain('wh-1'); // no citizen reference leaves frist

    const log = await eventually(async () => {
      const res = await http()
        .get(`/api/v1/webhooks/${hook.body.id}/deliveries`)
        .set('authorization', mgrA)
        .expect(200);
      const forChange = (res.body.items as { changeId: string; attempt: number; outcome: string; httpStatus: number }[])
        .filter((d) => d.changeId === firstPayload.id)
        .sort((x, y) => x.attempt - y.attempt);
      return forChange.length >= 2 ? forChange : undefined;
    }, 'the delivery log');
    expect(log.map((d) => [d.attempt, d.outcome, d.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'delivered', 204],
    ]);
    // Team B's change was never sent anywhere. Sentinel: a change of team A made after B's tasks exist; the
    // dispatcher starts deliveries in change order, so B's, had it one, would have gone out before it.
    await eventually(
      async () => (await http().get('/api/v1/tasks').set('authorization', mgrB).expect(200)).body.items.length > 0,
      "team B's tasks",
    );
    await sentinelDelivery(mgrA, teamA);
    expect(received.map((r) => (JSON.parse(r.body) as { data: { caseId: string } }).data.caseId)).not.toContain(
      b.body.caseId,
    );
  });

  it('never sends to a receiver whose host left the allow-list; the attempt is logged and not retried', async () => {
    const teamC = `whc-${randomUUID().slice(0, 8)}`;
    const mgrC = await e2e.token('manager', [teamC], 'mgr-c');
    const hook = await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrC)
      .send({ team: teamC, url: receiverUrl })
      .expect(201);
    // As if the operators had narrowed WEBHOOK_ALLOWED_HOSTS after the subscription was made.
    await e2e.ds.query(`UPDATE webhook_subscriptions SET url = 'https://moved.example/in' WHERE id = $1`, [
      hook.body.id,
    ]);
    const before = received.length;
    await http()
      .post('/api/v1/cases')
      .set('authorization', mgrC)
      .send({
        citizenRef: 'wh-3',
        team: teamC,
        birthDate: '1985-01-01',
        events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
      })
      .expect(201);
    const log = await firstDeliveries(hook.body.id as string, mgrC);
    expect(log).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', error: 'receiver host is not on the allow-list' }),
    ]);
    // Not retried: the delivery completed (a retry would keep it pending in the dispatcher until its next attempt).
    await eventually(async () => (await pendingDeliveries()) === 0, 'no delivery pending');
    expect((await firstDeliveries(hook.body.id as string, mgrC)).length).toBe(1);
    await sentinelDelivery(mgrA, teamA);
    expect(
      received.slice(before).map((r) => (JSON.parse(r.body) as { data: { team: string } }).data.team),
    ).not.toContain(teamC);
  });

  it('resolves the receiver at delivery: a name now pointing at loopback is refused, the checked address is pinned', async () => {
    const port = new URL(receiverUrl).port;
    const teamD = `whd-${randomUUID().slice(0, 8)}`;
    const teamE = `whe-${randomUUID().slice(0, 8)}`;
    const [mgrD, mgrE] = await Promise.all([
      e2e.token('manager', [teamD], 'mgr-d'),
      e2e.token('manager', [teamE], 'mgr-e'),
    ]);
    // Neither name resolves for the API (no such names in real DNS), so both subscriptions are accepted; the
    // worker's DNS then answers 127.0.0.2 for one (as after a rebinding) and the receiver's address for the other.
    const rebound = await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrD)
      .send({ team: teamD, url: `http://rebound.test:${port}/hooks/frist` })
      .expect(201);
    await http()
      .post('/api/v1/webhooks')
      .set('authorization', mgrE)
      .send({ team: teamE, url: `http://pinned.test:${port}/hooks/frist` })
      .expect(201);
    const before = received.length;
    for (const [team, mgr] of [
      [teamD, mgrD],
      [teamE, mgrE],
    ] as const)
      await http()
        .post('/api/v1/cases')
        .set('authorization', mgr)
        .send({
          citizenRef: `wh-${team}`,
          team,
          birthDate: '1985-01-01',
          events: [{ eventId: 'prep', type: 'PREPARATORY_PART_STARTED', date: addDaysIso(today(), -3) }],
        })
        .expect(201);
    const teamsReceived = () =>
      received.slice(before).map((r) => (JSON.parse(r.body) as { data: { team: string } }).data.team);
    // Delivered to pinned.test: the connection went to the address the check saw, without resolving again.
    await eventually(async () => (teamsReceived().includes(teamE) ? true : undefined), 'the delivery to pinned.test');
    expect(received.find((r) => r.body.includes(teamE))?.headers.host).toBe(`pinned.test:${port}`);
    const log = await firstDeliveries(rebound.body.id as string, mgrD);
    expect(log).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'failed',
        error: 'receiver address 127.0.0.2 is loopback; internal networks need WEBHOOK_ALLOWED_NETWORKS',
      }),
    ]);
    expect(teamsReceived()).not.toContain(teamD);
  });
});
