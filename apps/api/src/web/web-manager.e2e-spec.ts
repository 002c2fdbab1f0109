import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { WebhookActivities, WebhookReceiverPolicy } from '@frist/activities';
import { SystemClock } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import {
  eventually,
  parseCsv,
  startApiE2e,
  startWebhookReceiver,
  verifyWebhookSignature,
  type ApiE2e,
} from '@frist/testing';
import { WebhookWorkerService } from '../../../worker/src/webhook-worker.service';
import { WorkerLifecycle } from '../../../worker/src/worker-lifecycle.service';
import { createApp } from '../create-app';
import {
  axeViolations,
  DESKTOP,
  foreignText,
  launchBrowser,
  loginAs,
  overflow,
  PHONE,
  setDisclosures,
  shot,
} from './testing/browser-harness';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * A manager's week in a real Chromium against the real stack: every table exported as CSV from its button (the file
 * is what the API answers for the page's filters), and webhooks subscribed, delivered by the real dispatcher to a
 * local receiver, inspected and deleted.
 */
describe('web UI for managers: CSV exports and webhooks', () => {
  let e2e: ApiE2e<App>;
  let browser: Browser;
  let base: string;
  let webhookWorker: WebhookWorkerService;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const north = `csv-nord-${randomUUID().slice(0, 4)}`;
  const south = `csv-syd-${randomUUID().slice(0, 4)}`;
  const teams = [north, south];
  const today = () => copenhagenDate(Date.now());
  const ago = (days: number) => addDaysIso(today(), -days);
  const refs: string[] = [];

  const auth = () => e2e.token('manager', teams, 'leder-1');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: await auth(), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const login = (viewport = DESKTOP) => loginAs(browser, base, { role: 'manager', sub: 'leder-1', teams, viewport });
  const settled = async (page: Page, heading: string) => {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    // The receiver fails the first delivery, then accepts: the page must show both attempts.
    receiver = await startWebhookReceiver();
    e2e = await startApiE2e({
      createApp,
      env: {
        NODE_ENV: 'development', // the login page's developer login
        RATE_LIMIT_DEV_TOKEN_PER_MIN: '600',
        WEBHOOK_TASK_QUEUE: `wh-${randomUUID()}`,
        // The local receiver is on loopback, refused everywhere unless named here; 10.0.0.0/8 stays refused.
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      },
    });
    base = e2e.url;
    webhookWorker = new WebhookWorkerService(
      { ...e2e.config, temporal: { ...e2e.config.temporal, address: e2e.env.address } },
      new WebhookActivities(e2e.ds, new SystemClock(), WebhookReceiverPolicy.fromConfig(e2e.config)),
      new WorkerLifecycle(),
    );
    await webhookWorker.onModuleInit();
    await webhookWorker.onApplicationBootstrap();
    browser = await launchBrowser();
    // Overdue phase-1 targets, overdue contacts and passive cases in both teams.
    const cases: [string, string, string, number][] = [
      ['csv-anna', north, 'PREPARATORY_PART_STARTED', 90],
      ['csv-bo', north, 'VISITATION_DECIDED', 45],
      ['csv-carl', south, 'VISITATION_DECIDED', 60],
      ['csv-dina', south, 'PREPARATORY_PART_STARTED', 20],
    ];
    for (const [ref, team, type, days] of cases) {
      await call('POST', '/api/v1/cases', {
        citizenRef: ref,
        team,
        birthDate: '1980-05-01',
        events: [{ eventId: 'seed-0', type, date: ago(days) }],
      });
      refs.push(ref);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await webhookWorker?.onModuleDestroy();
    await e2e?.close();
    await receiver?.close();
  });

  /**
   * Clicks an export button and returns the downloaded file, the CSV request the page made, and the API's answer to
   * that same request.
   */
  const exportCsv = async (page: Page, name: string) => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (r.url().includes('format=csv')) requests.push(r.url());
    };
    page.on('request', onRequest);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Hent som CSV (${name})` }).click(),
    ]);
    page.off('request', onRequest);
    const file = readFileSync(await download.path());
    expect(requests).toHaveLength(1);
    const res = await fetch(requests[0], { headers: { authorization: await auth() } });
    expect(res.status).toBe(200);
    const api = Buffer.from(await res.arrayBuffer());
    return { file, api, url: new URL(requests[0]), filename: download.suggestedFilename(), disposition: res.headers };
  };

  /** The download is the API's CSV byte for byte, Excel-friendly, under the API's file name. */
  const expectApiCsv = (got: Awaited<ReturnType<typeof exportCsv>>, name: string) => {
    expect(got.file.equals(got.api)).toBe(true);
    expect([...got.file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    expect(got.filename).toBe(`${name}-${today()}.csv`);
    expect(got.disposition.get('content-disposition')).toBe(`attachment; filename="${name}-${today()}.csv"`);
    const rows = parseCsv(got.file.toString('utf8'));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
    return rows;
  };
  const danish = (iso: string) => iso.split('-').reverse().join('-');

  it('exports every dashboard table and the drill-down list as the CSV the API gives for the page’s filters', async () => {
    const { context, page } = await login();
    await settled(page, 'Overblik');

    const overdue = await call('GET', '/api/v1/dashboard/overdue');
    expect(overdue.total).toBeGreaterThan(0);
    let rows = expectApiCsv(
      await exportCsv(page, 'overskredne opgaver pr. forpligtelse, sagsbehandler og team'),
      'forfaldne',
    );
    expect(rows[0].slice(0, 3)).toEqual(['gruppering', 'nøgle', 'forfaldne']);
    expect(rows.find((r) => r[0] === 'i alt')?.[2]).toBe(String(overdue.total));
    expect(
      rows
        .filter((r) => r[0] === 'hold')
        .map((r) => r[1])
        .sort(),
    ).toEqual(overdue.byTeam.map((g: { key: string }) => g.key).sort());

    const onTime = await exportCsv(page, 'rettidighed pr. forpligtelse');
    expect(onTime.url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the page's period goes along
    expectApiCsv(onTime, 'rettidighed');
    expectApiCsv(await exportCsv(page, 'opgaver pr. uge og store årgange pr. måned'), 'prognose');
    rows = expectApiCsv(await exportCsv(page, 'passive sager'), 'passive-sager');
    const shown = await page.getByRole('region', { name: 'Passive sager' }).locator('tbody tr a').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => r[1])).toEqual(shown); // the same cases, in the same order

    // Drill down from a number to the cases behind it, then export that list.
    await page.getByRole('link', { name: 'Overskredne opgaver', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /Sager bag tallet/ }).waitFor();
    const drill = await exportCsv(page, 'sager bag tallet');
    rows = expectApiCsv(drill, 'forfaldne-sager');
    const listed = await page
      .getByRole('region', { name: 'Sager med overskredne opgaver, ældste frist først' })
      .locator('tbody tr a')
      .allTextContents();
    expect(rows.slice(1).map((r) => r[1])).toEqual(listed);
    const all = (await call('GET', '/api/v1/dashboard/overdue/cases')).items;
    expect(rows).toHaveLength(all.length + 1);
    expect(rows[1][5]).toBe(danish(all[0].oldestDueOn)); // ældste frist, dd-mm-åååå

    // ...and from one obligation's number: the export carries the drill-down's filter.
    const byCode = page.getByRole('region', { name: 'Overskredne pr. forpligtelse' }).locator('tbody a').first();
    await byCode.click();
    await page.waitForURL(/kode=/);
    await settled(page, 'Overblik');
    const code = new URL(page.url().replace('#/overblik', '')).searchParams.get('kode')!;
    const oneCode = await exportCsv(page, 'sager bag tallet');
    expect(oneCode.url.searchParams.get('code')).toBe(code);
    rows = expectApiCsv(oneCode, 'forfaldne-sager');
    expect(rows.slice(1).every((r) => r[7].split(', ').includes(code))).toBe(true);
    expect(rows.length - 1).toBe(all.filter((c: { codes: string[] }) => c.codes.includes(code)).length);

    // One team only: the filter goes into the export.
    await page.getByLabel('Team', { exact: true }).selectOption(south);
    await page.waitForURL(new RegExp(`team=${south}`));
    await settled(page, 'Overblik');
    const southOnly = await exportCsv(page, 'overskredne opgaver pr. forpligtelse, sagsbehandler og team');
    expect(southOnly.url.searchParams.get('team')).toBe(south);
    rows = expectApiCsv(southOnly, 'forfaldne');
    expect(rows.filter((r) => r[0] === 'hold').map((r) => r[1])).toEqual([south]);

    await page.goto(`${base}/#/forsoeg`);
    await settled(page, 'Forsøg: nøgletal pr. gruppe');
    rows = expectApiCsv(await exportCsv(page, 'nøgletal pr. gruppe og sagstype'), 'forsoeg-aht-2009');
    expect(rows[0][0]).toBe('arm');
    // The programme choices are the catalogue's (every case type's, each once), not a list in the page.
    const catalogued = new Set<string>();
    for (const caseType of ['fleksjob', 'sygedagpenge']) {
      const catalog = (await call('GET', `/api/v1/preview/catalog?caseType=${caseType}`)) as {
        programmes: { id: string }[];
      };
      for (const p of catalog.programmes) catalogued.add(p.id);
    }
    const options = await page.getByLabel('Forsøg', { exact: true }).locator('option').all();
    const offered = await Promise.all(options.map(async (o) => (await o.getAttribute('value')) ?? ''));
    expect(offered).toEqual([...catalogued]);
    expect(offered.length).toBeGreaterThan(0);
    expect(page.errors ?? []).toEqual([]);
    await context.close();
  });

  it('exports the task list with the inbox filters, every task in one file', async () => {
    const { context, page } = await login();
    await page.goto(`${base}/#/indbakke?team=${north}`);
    await settled(page, 'Indbakke');
    await page.locator('li.task').first().waitFor();
    const got = await exportCsv(page, 'opgaverne i listen');
    expect(got.url.searchParams.get('team')).toBe(north);
    const rows = expectApiCsv(got, 'opgaver');
    const tasks = (await call('GET', `/api/v1/tasks?status=open,overdue&team=${north}&limit=200`)).items as {
      taskId: string;
      dueOn: string;
      team: string;
    }[];
    const header = rows[0];
    expect(
      rows
        .slice(1)
        .map((r) => r[header.indexOf('opgave')])
        .sort(),
    ).toEqual(tasks.map((t) => t.taskId).sort());
    expect(new Set(rows.slice(1).map((r) => r[header.indexOf('hold')]))).toEqual(new Set([north]));
    expect(rows[1][0]).toBe(danish(tasks[0].dueOn));
    // The inbox shows the same number of cards.
    expect(await page.locator('li.task').count()).toBe(tasks.length);
    await context.close();
  });

  it('enters and shows dates as dd-mm-åååå on a 390 px phone, whatever the device locale', async () => {
    // An English phone: a native date input would show mm/dd/yyyy here.
    const { context, page } = await loginAs(browser, base, {
      role: 'manager',
      sub: 'leder-1',
      teams,
      viewport: PHONE,
      locale: 'en-US',
    });
    const cases = (await call('GET', '/api/v1/cases?q=csv-bo')).items;
    await page.goto(`${base}/#/sag/${cases[0].id}`);
    await settled(page, 'Sag csv-bo').catch(async (err: unknown) => {
      await shot(page, 'case-phone-danish-dates-failed');
      throw new Error(`${String(err)}; page errors: ${(page.errors ?? []).join(' | ')}`);
    });

    const details = page.locator('details.action', { has: page.locator('summary', { hasText: 'Registrér hændelse' }) });
    await details.locator('summary').click();
    const form = details.locator('form');
    const date = form.getByLabel('Dato');
    expect(await date.inputValue()).toBe(danish(today())); // today, the Danish way
    expect(await date.getAttribute('placeholder')).toBe('dd-mm-åååå');
    expect(await date.getAttribute('lang')).toBe('da');
    await form.getByLabel('Hændelse').selectOption('CONTACT_HELD');
    await form.getByLabel('Kontaktform').selectOption('phone');

    // Not a calendar date, and a date after today: the form says so in Danish and sends nothing.
    const validity = () => date.evaluate((el: unknown) => (el as { validationMessage: string }).validationMessage);
    await date.fill('31-02-2026');
    expect(await validity()).toBe('Skriv datoen som dag-måned-år, fx 07-12-2026.');
    await date.fill(danish(addDaysIso(today(), 1)));
    expect(await validity()).toBe(`Datoen kan ikke ligge efter ${danish(today())}.`);
    const before = (await call('GET', `/api/v1/cases/${cases[0].id}`)).events.length;
    await form.getByRole('button', { name: 'Registrér' }).click();
    expect((await call('GET', `/api/v1/cases/${cases[0].id}`)).events).toHaveLength(before);

    // Typed with dots and no leading zeros: sent as the ISO date, shown back as dd-mm-åååå.
    const [y, m, d] = ago(2).split('-');
    await date.fill(`${Number(d)}.${Number(m)}.${y}`);
    await date.blur();
    expect(await date.inputValue()).toBe(danish(ago(2)));
    await form.getByRole('button', { name: 'Registrér' }).click();
    await page.locator('#case-notice').getByRole('status').filter({ hasText: 'Registreret' }).waitFor();
    const events = (await call('GET', `/api/v1/cases/${cases[0].id}`)).events as { type: string; date: string }[];
    expect(events.find((e) => e.type === 'CONTACT_HELD')?.date).toBe(ago(2));

    // The explanations write their dates the Danish way too; nothing is wider than the phone.
    await setDisclosures(page, true);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'case-phone-danish-dates');
    await context.close();
  });

  it('subscribes a webhook, refuses an internal address in Danish, shows deliveries, and deletes it', async () => {
    const { context, page } = await login();
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await settled(page, 'Webhooks');
    await page.getByText('Ingen abonnementer endnu.').waitFor();
    const form = page.getByRole('form', { name: 'Nyt abonnement' });

    // An address on the internal network: refused by the API, explained in Danish, nothing saved.
    await form.getByLabel('Team').selectOption(north);
    await form.getByLabel('Modtagerens adresse').fill('http://10.0.0.7/frist');
    await form.getByRole('button', { name: 'Opret abonnement' }).click();
    await form.getByRole('alert').filter({ hasText: 'peger på et internt netværk' }).waitFor();
    expect((await call('GET', '/api/v1/webhooks')).items).toEqual([]);

    await form.getByLabel('Modtagerens adresse').fill(receiver.url);
    await form.getByLabel('Beskrivelse').fill('Fagsystem nord');
    await form.getByRole('button', { name: 'Opret abonnement' }).click();
    const secret = (await page.locator('#webhook-notice code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [hook] = (await call('GET', '/api/v1/webhooks')).items;
    expect(hook).toMatchObject({ team: north, url: receiver.url, description: 'Fagsystem nord', createdBy: 'leder-1' });
    const card = page.locator(`li.webhook[data-webhook="${hook.id}"]`);
    await card.getByText('Ingen endnu').waitFor();

    // A new case in the team: its task changes reach the receiver, signed with the key the page showed once.
    await call('POST', '/api/v1/cases', {
      citizenRef: 'csv-hook',
      team: north,
      birthDate: '1980-05-01',
      events: [{ eventId: 'seed-0', type: 'PREPARATORY_PART_STARTED', date: ago(3) }],
    });
    const delivered = await eventually(
      async () => receiver.received.find((r) => r.answered === 204),
      'a delivery',
      30_000,
    );
    expect(
      verifyWebhookSignature(
        delivered.headers['x-frist-signature'] as string,
        secret,
        delivered.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    const log = await eventually(async () => {
      const items = (await call('GET', `/api/v1/webhooks/${hook.id}/deliveries`)).items as {
        attempt: number;
        outcome: string;
        httpStatus: number | null;
      }[];
      return items.some((d) => d.outcome === 'delivered') ? items : undefined;
    }, 'a delivered attempt in the log');
    expect(log).toContainEqual(expect.objectContaining({ attempt: 1, outcome: 'failed', httpStatus: 500 }));

    // The page's refresh shows the attempts: the refused first one and the retried, delivered one.
    await page.getByRole('button', { name: 'Opdater leveringer' }).click();
    await card.getByText(/Seneste leveringer \(\d+\)/).click();
    const attempts = card.getByRole('region', { name: 'Seneste leveringer' }).locator('tbody tr');
    await attempts.filter({ hasText: 'Afvist af modtageren (HTTP 500)' }).first().waitFor();
    const failedRow = attempts.filter({ hasText: 'Afvist af modtageren (HTTP 500)' }).first();
    expect(await failedRow.locator('td').nth(2).textContent()).toBe('1');
    expect(await attempts.filter({ hasText: 'Leveret' }).count()).toBeGreaterThan(0);
    await shot(page, 'webhooks-desktop');

    // Danish, accessible and phone-sized, with the delivery list open, at both widths.
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      const s = viewport === DESKTOP ? { page } : await login(viewport);
      if (viewport === PHONE) {
        await s.page.goto(`${base}/#/webhooks`);
        await settled(s.page, 'Webhooks');
      }
      await setDisclosures(s.page, true);
      const at = `${viewport.width} px`;
      for (const v of await axeViolations(s.page)) problems.push(`${at}: axe ${v}`);
      for (const t of await foreignText(s.page, [...teams, 'leder-1'])) problems.push(`${at}: ${t}`);
      const wider = await overflow(s.page);
      if (wider > 0) problems.push(`${at}: ${wider} px wider than the viewport`);
      if ('context' in s) await s.context.close();
    }
    expect(problems).toEqual([]);

    await setDisclosures(page, false);
    await card.locator('summary', { hasText: 'Slet abonnement' }).click();
    await card.getByRole('button', { name: 'Slet abonnementet' }).click();
    await page.locator('#webhook-notice').getByText('Abonnementet er slettet.').waitFor();
    expect((await call('GET', '/api/v1/webhooks')).items).toEqual([]);
    await page.getByText('Ingen abonnementer endnu.').waitFor();
    // The refused address's 400 is the only thing the browser logged.
    expect((page.errors ?? []).filter((e) => !e.includes('status of 400'))).toEqual([]);
    await context.close();
  });
});
