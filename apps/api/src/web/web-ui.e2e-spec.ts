import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Role } from '@frist/config';
import { randomUUID } from 'node:crypto';
import { addDaysIso, CASE_WORKFLOW_TYPE, caseWorkflowId, copenhagenDate } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';
import {
  ARTIFACTS,
  DESKTOP,
  PHONE,
  launchBrowser,
  loginAs as browserLogin,
  overflow,
  pageProblems,
  shot,
  type UiPage,
} from './testing/browser-harness';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * The web UI in a real headless Chromium against the real stack: API (listening), worker, Temporal dev server and
 * Postgres. Screenshots of every main page go to test-artifacts/.
 */
describe('web UI in a real browser', () => {
  let e2e: ApiE2e<App>;
  let browser: Browser;
  let base: string;
  const team = 'fleks-ui';
  const today = () => copenhagenDate(Date.now());
  const ago = (days: number) => addDaysIso(today(), -days);
  // Dates inside the engine's explanations are shown dd-mm-åååå.
  const danish = (iso: string) => iso.split('-').reverse().join('-');
  const caseIds: Record<string, string> = {};

  const api = async (path: string, body?: unknown, role: Role = 'caseworker') => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: await e2e.token(role, [team], 'seed'), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const createCase = async (name: string, events: [type: string, daysAgo: number, fields?: object][]) => {
    const res = await api('/api/v1/cases', {
      citizenRef: name,
      team,
      birthDate: '1978-04-12',
      events: events.map(([type, daysAgo, fields], i) => ({
        eventId: `seed-${i}`,
        type,
        date: ago(daysAgo),
        ...fields,
      })),
    });
    caseIds[name] = res.caseId as string;
  };

  beforeAll(async () => {
    // The login page's developer login (POST /web/dev-token) exists only with NODE_ENV=development.
    e2e = await startApiE2e({ createApp, env: { NODE_ENV: 'development' } });
    base = e2e.url;
    browser = await launchBrowser();

    // A small team at different stages, dated relative to today.
    await createCase('borger-anna', [['PREPARATORY_PART_STARTED', 77]]);
    await createCase('borger-bo', [['PREPARATORY_PART_STARTED', 20]]);
    await createCase('borger-carla', [
      ['VISITATION_DECIDED', 40],
      ['CONTACT_HELD', 30, { form: 'phone' }],
    ]);
    await createCase('borger-dennis', [
      ['VISITATION_DECIDED', 230],
      ['CONTACT_HELD', 215, { form: 'in-person' }],
      ['FLEXJOB_STARTED', 200, { hoursPerWeek: 8, employer: 'Byens Bageri ApS' }],
      ['FLEXJOB_AGREEMENT_RECORDED', 200],
      ['FLEXJOB_FOLLOWUP_HELD', 160],
    ]);
    await createCase('borger-eva', [
      ['VISITATION_DECIDED', 150],
      ['CONTACT_HELD', 140, { form: 'video' }],
      ['CONTACT_HELD', 100, { form: 'phone' }],
    ]);
    await createCase('borger-frank', [
      ['VISITATION_DECIDED', 800],
      ['FLEXJOB_STARTED', 790, { hoursPerWeek: 12, employer: 'Kantine Syd' }],
      ['FLEXJOB_AGREEMENT_RECORDED', 790],
      ['CAPACITY_DECISION_ISSUED', 780],
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  let loginShot = false;
  /** A fresh browser session logged in through the login page's development helper. */
  const loginAs = async (
    role: Role,
    sub: string,
    viewport = DESKTOP,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    if (!loginShot) {
      // The login page itself, once: a screenshot and the accessibility checks.
      loginShot = true;
      const context = await browser.newContext({ viewport, locale: 'da-DK' });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
      await shot(page, 'login-desktop');
      await assertAccessible(page);
      await context.close();
    }
    return browserLogin(browser, base, { role, sub, teams: [team], viewport });
  };
  const pageErrors = (page: Page) => (page as UiPage).errors ?? [];
  const kpiValue = async (page: Page, labelText: string) =>
    Number(
      await page
        .locator('.kpi', { has: page.getByRole('link', { name: labelText, exact: true }) })
        .locator('.value')
        .textContent(),
    );
  /** Labels, names, text alternatives and WCAG AA contrast on the page as rendered. */
  const assertAccessible = async (page: Page) => expect(await pageProblems(page)).toEqual([]);

  it('lets a caseworker claim and complete a task, which then leaves the inbox; the manager sees the count drop', async () => {
    const manager = await loginAs('manager', 'leder-1');
    await manager.page.getByRole('heading', { level: 1, name: 'Overblik' }).waitFor();
    const overdueBefore = await kpiValue(manager.page, 'Overskredne opgaver');
    expect(overdueBefore).toBeGreaterThanOrEqual(3);

    const { context, page } = await loginAs('caseworker', 'sagsbehandler-1');
    await page.getByRole('heading', { level: 1, name: 'Indbakke' }).waitFor();
    const phase1 = page.locator('li.task', { hasText: 'Fase 1' }).filter({ hasText: 'Overskredet' });
    await phase1.first().waitFor();
    const taskId = await phase1.first().getAttribute('data-task');
    const task = page.locator(`li.task[data-task="${taskId}"]`);

    // "Hvorfor forfalder den?" opens the engine's explanation.
    await task.getByText('Hvorfor forfalder den?').click();
    await task.getByText(`10 uger efter forberedende del påbegyndt ${danish(ago(77))}`).waitFor();
    // The legal basis ("Hjemmel") and whether the deadline is law, local policy or a model target; no seed citation.
    const why = task.locator('details.why');
    expect(await why.locator('[data-field="legal-basis"]').textContent()).toBe(
      'Modelmål (UIF II-indsatsmodellen: 10 uger; ikke lovkrav) (grundlag: sekundær kilde)',
    );
    expect(await why.locator('[data-field="kind"]').textContent()).toBe('Måltal (indsatsmodel, ikke lovkrav)');
    expect(await why.textContent()).not.toMatch(/\bL\d{3}|\b\d{3} L\d|shared\//);
    await shot(page, 'inbox-desktop');
    await assertAccessible(page);

    await task.getByRole('button', { name: 'Tag opgaven' }).click();
    await page.locator('#inbox-notice').getByRole('status').filter({ hasText: 'Du har taget' }).waitFor();
    await task.getByText('Ansvarlig: dig').waitFor();

    // Keyboard only: open the form, then submit it.
    await task.getByRole('button', { name: 'Udfør …' }).focus();
    await page.keyboard.press('Enter');
    await task.getByLabel('Dato').waitFor();
    expect(await task.getByLabel('Dato').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await task.getByLabel('Dato').inputValue()).toBe(danish(today()));
    await task.screenshot({ path: join(ARTIFACTS, 'inbox-task-complete-form.png') });
    await task.getByRole('button', { name: 'Registrér som udført' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#inbox-notice').getByRole('status').filter({ hasText: 'Registreret: Fase 1' }).waitFor();
    await page.locator(`li.task[data-task="${taskId}"]`).waitFor({ state: 'detached' });
    // Visitation met phase 1 (late) and started the contact duty for that case.
    await page.locator('li.task', { hasText: 'Kontakt borgeren' }).first().waitFor();
    await shot(page, 'inbox-after-complete');

    await manager.page.reload();
    await manager.page.getByRole('heading', { level: 1, name: 'Overblik' }).waitFor();
    expect(await kpiValue(manager.page, 'Overskredne opgaver')).toBe(overdueBefore - 1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
    await manager.context.close();
  });

  it('waives a task with a reason from the inbox', async () => {
    const { context, page } = await loginAs('caseworker', 'sagsbehandler-2');
    const task = page.locator('li.task', { hasText: 'Screen sagen' }).first();
    await task.waitFor();
    const taskId = await task.getAttribute('data-task');
    await task.getByRole('button', { name: 'Dispensér …' }).click();
    await task.getByLabel('Begrundelse').fill('Borgeren er i gang med afklaring hos egen læge');
    await task.getByRole('button', { name: 'Dispensér', exact: true }).click();
    await page.locator('#inbox-notice').getByRole('status').filter({ hasText: 'Dispenseret' }).waitFor();
    await page.locator(`li.task[data-task="${taskId}"]`).waitFor({ state: 'detached' });
    // The waiver reached the read model and the case's record, with the reason typed and the caseworker as actor.
    const stored = await api(`/api/v1/tasks/${taskId}`);
    expect(stored).toMatchObject({ taskId, status: 'waived' });
    const record = (await api(`/api/v1/cases/${stored.caseId as string}`)) as {
      events: { type: string; fields: Record<string, unknown>; actor: string }[];
    };
    expect(record.events.filter((e) => e.type === 'OBLIGATION_WAIVED')).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({
          code: stored.code,
          reason: 'Borgeren er i gang med afklaring hos egen læge',
        }) as unknown,
        actor: 'sagsbehandler-2',
      }),
    ]);
    await context.close();
  });

  it('shows the manager dashboard with charts, drill-down to cases and a case page', async () => {
    const { context, page } = await loginAs('manager', 'leder-1');
    await page.getByRole('heading', { name: 'Rettidighed', exact: false }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    expect(await page.locator('.chart svg').count()).toBe(5);
    await shot(page, 'dashboard-desktop');
    await assertAccessible(page);

    // Drill down from the per-obligation table to the cases behind the number.
    await page.getByRole('region', { name: 'Overskredne pr. forpligtelse' }).getByRole('link').first().click();
    const drill = page.getByRole('heading', { name: /Sager bag tallet/ });
    await drill.waitFor();
    const caseLink = page
      .getByRole('region', { name: /Sager med overskredne opgaver/ })
      .getByRole('link')
      .first();
    const citizen = await caseLink.textContent();
    await caseLink.click();
    await page.getByRole('heading', { level: 1, name: `Sag ${citizen}` }).waitFor();
    await page.getByRole('heading', { name: 'Tidslinje' }).waitFor();
    await page.getByRole('heading', { name: 'Revisionsspor' }).waitFor();
    expect(
      await page.getByRole('region', { name: 'Revisionsspor' }).getByText('Hændelse registreret').count(),
    ).toBeGreaterThan(0);
    await shot(page, 'case-desktop');
    await assertAccessible(page);
    await context.close();
  });

  it('keeps the page the user went to when an earlier, slower page finishes loading later', async () => {
    const { context, page } = await loginAs('caseworker', 'sagsbehandler-1');
    // The inbox waits for the sygedagpenge vocabulary before it draws; hold that request back until the user has
    // moved on to the preview page (which needs only the fleksjob one). A reload empties the session's catalog cache.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let inboxAnswered = false;
    await page.route(
      (url) => url.pathname === '/api/v1/preview/catalog' && url.searchParams.get('caseType') === 'sygedagpenge',
      async (route) => {
        await held;
        await route.continue();
        inboxAnswered = true;
      },
    );
    await page.reload();
    // The inbox's own view, still waiting: the sentinel below watches its render finish.
    const inboxView = await page.locator('#indhold > .view').elementHandle();
    await page.goto(`${base}/#/hvad-nu-hvis`);
    await page.getByRole('heading', { level: 1, name: 'Hvad nu hvis?' }).waitFor();
    release();
    await eventually(() => inboxAnswered, 'the held inbox request answered');
    // Sentinel: the old render has loaded and drawn its task list (into its own view). Whatever it was going to do
    // to the page has happened by then; a page task after it lets its last microtasks run.
    await page.waitForFunction((view) => (view?.querySelector('#inbox-list')?.childElementCount ?? 0) > 0, inboxView);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await page.locator('h1').allTextContents()).toEqual(['Hvad nu hvis?']);
    await context.close();
  });

  it('previews a timeline and explains a deadline moved off Easter Sunday', async () => {
    const { context, page } = await loginAs('caseworker', 'sagsbehandler-1');
    await page.goto(`${base}/#/hvad-nu-hvis`);
    await page.getByRole('heading', { level: 1, name: 'Hvad nu hvis?' }).waitFor();
    await page.getByLabel('Borgerens fødselsdato').fill('1980-05-01');
    await page.getByLabel('Opgør pr.').fill('2026-10-01');
    const first = page.locator('#pv-events > li').first();
    await first.getByLabel('Type').selectOption('VISITATION_DECIDED');
    await first.getByLabel('Dato').fill('2026-09-28');
    await page.getByRole('button', { name: 'Beregn' }).click();
    const row = page.getByRole('row', { name: /Genbehandling ved 6 måneders passivitet/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).not.toContain('passivity-rereview'); // the obligation's Danish name, never its code
    expect(text).toContain('6 måneder uden praktik eller job fra visitation 28-09-2026 = 28-03-2027');
    expect(text).toContain('påskedag');
    expect(await row.locator('time[datetime="2027-03-24"]').count()).toBe(1);
    expect(await row.locator('time[datetime="2027-03-28"]').count()).toBe(1); // "flyttet fra" the nominal date
    await shot(page, 'preview-desktop');
    await assertAccessible(page);

    // An invalid event is answered with the issue, in Danish terms.
    await page.getByRole('button', { name: 'Tilføj hændelse' }).click();
    const second = page.locator('#pv-events > li').nth(1);
    await second.getByLabel('Type').selectOption('CONTACT_CADENCE_SET');
    await second.getByLabel('Interval (dage)').fill('90');
    await second.getByLabel('Begrundelse').fill('test');
    await second.getByLabel('Dato').fill('2026-09-30');
    // Skip the browser's own number check, so the engine's answer is what shows.
    await page.locator('form[aria-label="Tidslinje"]').evaluate((form) => {
      form.setAttribute('novalidate', '');
    });
    await page.getByRole('button', { name: 'Beregn' }).click();
    await page.getByRole('alert').filter({ hasText: 'Hændelse 2' }).waitFor();
    await context.close();
  });

  it('shows the trial KPIs per arm side by side, with the fritagelse imbalance flagged', async () => {
    // An aht-2009 participant exempted at once and a control case, both back at work in 2009 (no open tasks).
    const talk = { heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 4 };
    for (const [name, arm, exempt] of [
      ['borger-deltager', 'participant', true],
      ['borger-kontrol', 'control', false],
    ] as const)
      await api('/api/v1/cases', {
        caseType: 'sygedagpenge',
        citizenRef: name,
        team,
        events: [
          { eventId: 's', type: 'SICK_LEAVE_STARTED', date: '2009-02-02' },
          { eventId: 'f', type: 'FIRST_FOLLOWUP_HELD', date: '2009-03-23', ...talk },
          { eventId: 'a', type: 'TRIAL_ASSIGNED', date: '2009-03-23', program: 'aht-2009', arm },
          ...(exempt
            ? [
                {
                  eventId: 'x',
                  type: 'TRIAL_EXEMPTED',
                  date: '2009-03-24',
                  program: 'aht-2009',
                  reason: 'terminal-illness',
                },
              ]
            : []),
          { eventId: 'r', type: 'RETURNED_TO_WORK', date: '2009-05-04' },
        ],
      });
    const { context, page } = await loginAs('manager', 'leder-1');
    await page.getByRole('link', { name: 'Forsøg' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forsøg: nøgletal pr. gruppe' }).waitFor();
    const kpis = page.getByRole('region', { name: 'Nøgletal pr. gruppe' });
    await expect(kpis.getByRole('row', { name: /Indskrevet/ }).textContent()).resolves.toBe('Indskrevet11');
    await expect(kpis.getByRole('row', { name: /Fritaget/ }).textContent()).resolves.toBe('Fritaget1 (100 %)0 (0 %)');
    await expect(page.locator('.alert').textContent()).resolves.toMatch(
      /Skævhed i fritagelser: 100 % i deltagergruppen/,
    );
    await page.getByRole('region', { name: 'Fritagelser pr. årsag' }).getByText('terminalstadiet').waitFor();
    await shot(page, 'trials-desktop');
    await assertAccessible(page);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows a sygedagpenge case in its own words: phase, trial enrolment, missed volume windows, audit', async () => {
    // Randomised into aht-2009 at the 8-week talk through the trials endpoint; nobody registered offer hours.
    const created = await api('/api/v1/cases', {
      caseType: 'sygedagpenge',
      citizenRef: 'borger-sygemeldt',
      team,
      events: [
        { eventId: 's', type: 'SICK_LEAVE_STARTED', date: '2009-01-05' },
        {
          eventId: 'f',
          type: 'FIRST_FOLLOWUP_HELD',
          date: '2009-02-25',
          heldBy: 'jobcenter',
          form: 'phone',
          cadenceWeeks: 8,
        },
      ],
    });
    const caseId = created.caseId as string;
    await api(`/api/v1/cases/${caseId}/trials/aht-2009/assign`, {
      arm: 'participant',
      date: '2009-02-25',
      reason: 'randomiseret ved 8-ugers samtalen',
    });
    const { context, page } = await loginAs('caseworker', 'sagsbehandler-2');
    await page.goto(`${base}/#/sag/${caseId}`);
    await page.getByRole('heading', { level: 1, name: 'Sag borger-sygemeldt' }).waitFor();
    await page.locator('.kpi', { hasText: 'Sagstype' }).getByText('Sygedagpenge').waitFor();
    await page.locator('.kpi', { hasText: 'Fase' }).getByText('Sygemeldt').waitFor();
    const trial = page.getByRole('region', { name: 'Sagens forsøg' });
    await expect(trial.getByRole('row').nth(1).textContent()).resolves.toMatch(
      /Aktive hurtigere tilbage.*Deltagergruppe.*Gennemført.*forsøgsperioden udløb/,
    );
    const obligations = page.getByRole('region', { name: 'Forpligtelser og deres frister' });
    expect(await obligations.getByText('Ikke nået').count()).toBeGreaterThan(10);
    await obligations.getByText('1. opfølgningssamtale (8-ugers samtalen)').waitFor();
    expect(await obligations.getByText('10 timer pr. uge (forsøg)').count()).toBeGreaterThan(10);
    await page
      .getByRole('region', { name: 'Revisionsspor' })
      .getByText('Randomiseret til forsøg', { exact: true })
      .waitFor();
    await shot(page, 'case-sygedagpenge-desktop');
    await assertAccessible(page);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows the ops view without personal data, and a poisoned case within a minute', async () => {
    // A case whose facts the engine refuses, sent straight to Temporal (past the API's own checks).
    const poisoned = randomUUID();
    const t0 = Date.now();
    await e2e.env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: caseWorkflowId(poisoned),
      taskQueue: e2e.taskQueue,
      args: [{ facts: { caseId: poisoned, citizenRef: 'poison', team: 'fleks-nord', birthDate: '1800-01-01' } }],
    });
    const { context, page } = await loginAs('ops', 'drift-1');
    await page.getByRole('heading', { level: 1, name: 'Drift' }).waitFor();
    await page.getByText('Sagsworkflows kører').waitFor();
    const attention = page.locator('.kpi', { hasText: 'Kræver opmærksomhed' });
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Opdater' }).click();
        await attention.waitFor();
        return (await attention.textContent())?.includes('ENGINE_FAILED') ? true : undefined;
      },
      'the poisoned case on the ops page',
      60_000,
    );
    expect(Date.now() - t0).toBeLessThan(60_000);
    const body = (await page.textContent('main')) ?? '';
    expect(body).not.toMatch(/borger-/);
    await shot(page, 'ops-desktop');
    await assertAccessible(page);
    await context.close();
  });

  it('works at phone width', async () => {
    const cw = await loginAs('caseworker', 'sagsbehandler-1', PHONE);
    await cw.page.locator('li.task').first().waitFor();
    expect(await overflow(cw.page)).toBeLessThanOrEqual(0);
    await shot(cw.page, 'inbox-phone');
    await cw.context.close();
    const mgr = await loginAs('manager', 'leder-1', PHONE);
    await mgr.page.locator('.chart svg').first().waitFor();
    expect(await overflow(mgr.page)).toBeLessThanOrEqual(0);
    await shot(mgr.page, 'dashboard-phone');
    await mgr.context.close();
  });
});
