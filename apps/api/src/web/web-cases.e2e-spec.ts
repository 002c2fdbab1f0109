import type { Browser, Page } from 'playwright-core';
import type { Role } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
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
  type UiPage,
} from './testing/browser-harness';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * A caseworker's day and a manager's week in a real Chromium against the real stack (API, worker, Temporal dev
 * server, Postgres): every flow's result is read back through the API. Then every page, at desktop and phone width,
 * through axe-core, the Danish-text check and the width check.
 */
describe('web UI: cases, inbox, Danish, phone, axe', () => {
  let e2e: ApiE2e<App>;
  let browser: Browser;
  let base: string;
  const north = 'ui-nord';
  const south = 'ui-syd';
  const teams = [north, south];
  const today = () => copenhagenDate(Date.now());
  const ago = (days: number) => addDaysIso(today(), -days);
  const ids: Record<string, string> = {};

  // The API's JSON, read loosely: the assertions below pin down its shape.
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    role: Role = 'manager',
    sub = 'seed',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<any> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: await e2e.token(role, teams, sub), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const get = (path: string) => call('GET', path);
  const caseView = (name: string) => get(`/api/v1/cases/${ids[name]}`);

  const login = (role: Role, sub: string, viewport = DESKTOP) => loginAs(browser, base, { role, sub, teams, viewport });
  const allowed = () => [
    ...Object.keys(ids),
    ...teams,
    'sb-1',
    'sb-2',
    'leder-1',
    'drift-1',
    'seed',
    'system',
    'fleksjob-2024',
    'sygedagpenge-2009',
    'aht-2009',
  ];
  const pageErrors = (page: UiPage) => page.errors ?? [];

  beforeAll(async () => {
    // The login page's developer login exists only with NODE_ENV=development.
    e2e = await startApiE2e({
      createApp,
      // Many logins in a few minutes through the developer login (limited per address by default).
      env: { NODE_ENV: 'development', TEMPORAL_UI_URL: 'http://127.0.0.1:8233', RATE_LIMIT_DEV_TOKEN_PER_MIN: '600' },
    });
    base = e2e.url;
    browser = await launchBrowser();
    const create = async (name: string, team: string, events: [string, string, object?][], caseType = 'fleksjob') => {
      const created = await call('POST', '/api/v1/cases', {
        citizenRef: name,
        team,
        caseType,
        ...(caseType === 'fleksjob' ? { birthDate: '1979-03-14' } : {}),
        events: events.map(([type, date, fields], i) => ({ eventId: `seed-${i}`, type, date, ...fields })),
      });
      ids[name] = created.caseId;
    };
    await create('sag-bent', north, [['PREPARATORY_PART_STARTED', ago(80)]]);
    await create('sag-ane', north, [['VISITATION_DECIDED', ago(40)]]);
    await create('sag-dorte', south, [['VISITATION_DECIDED', ago(10)]]);
    await create(
      'sag-cecilie',
      south,
      [
        ['SICK_LEAVE_STARTED', '2009-01-05'],
        ['FIRST_FOLLOWUP_HELD', '2009-02-25', { heldBy: 'jobcenter', form: 'phone', cadenceWeeks: 8 }],
      ],
      'sygedagpenge',
    );
  });

  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  /** Opens a disclosure ("Ret …") inside `scope` and returns the form it holds. */
  const openAction = async (page: Page, summary: string, scope = page.locator('main')) => {
    const details = scope.locator('details.action', { has: page.locator('summary', { hasText: summary }) }).first();
    await details.locator('summary').click();
    return details.locator('form');
  };
  const notice = (page: Page, text: string) =>
    page.locator('#case-notice').getByRole('status').filter({ hasText: text }).waitFor();

  it('finds a case by citizen reference and filters, and pages through the list', async () => {
    const { context, page } = await login('caseworker', 'sb-1');
    await page.getByRole('link', { name: 'Sager', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
    const rows = page.getByRole('region', { name: 'Sager' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe((await get('/api/v1/cases?limit=200')).items.length);

    await page.getByLabel('Borgerreference').first().fill('AG-BE');
    await page.getByRole('button', { name: 'Søg' }).click();
    await page.waitForURL(/q=AG-BE/);
    await eventually(async () => ((await rows.count()) === 1 ? true : undefined), 'one row');
    expect(await rows.first().getByRole('link').textContent()).toBe('sag-bent');

    // Overdue only: exactly the cases the API counts as overdue.
    await page.goto(`${base}/#/sager?overdue=true`);
    await page.getByRole('heading', { level: 1, name: 'Sager' }).waitFor();
    const overdue = (await get('/api/v1/cases?overdue=true&limit=200')).items.map(
      (c: { citizenRef: string }) => c.citizenRef,
    );
    expect(overdue.length).toBeGreaterThan(0);
    await eventually(async () => ((await rows.count()) === overdue.length ? true : undefined), 'overdue rows');
    expect((await rows.getByRole('link').allTextContents()).sort()).toEqual([...overdue].sort());

    // Sygedagpenge only.
    await page.goto(`${base}/#/sager?caseType=sygedagpenge`);
    await eventually(async () => ((await rows.count()) === 1 ? true : undefined), 'one sygedagpenge row');
    expect(await rows.first().getByRole('link').textContent()).toBe('sag-cecilie');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('opens a case ("Opret sag") with its first event, and shows the API\'s refusal in Danish', async () => {
    const { context, page } = await login('caseworker', 'sb-1');
    await page.goto(`${base}/#/sager`);
    const form = page.getByRole('form', { name: 'Opret sag' });
    await form.getByLabel('Borgerreference').fill('sag-erik');
    await form.getByLabel('Team').selectOption(north);
    await form.getByLabel('Fødselsdato').fill('1985-06-30');
    await form.getByLabel('Første hændelse').selectOption('VISITATION_DECIDED');
    await form.getByLabel('Dato', { exact: true }).fill(ago(3));
    await form.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sag sag-erik' }).waitFor();
    const id = decodeURIComponent(page.url().split('#/sag/')[1] ?? '');
    ids['sag-erik'] = id;
    const view = await caseView('sag-erik');
    expect(view).toMatchObject({ citizenRef: 'sag-erik', team: north, caseType: 'fleksjob', birthDate: '1985-06-30' });
    expect(view.events.map((e: { type: string; date: string }) => [e.type, e.date])).toContainEqual([
      'VISITATION_DECIDED',
      ago(3),
    ]);

    // A CPR number as reference is refused by the API; the form says why, in Danish.
    await page.goto(`${base}/#/sager`);
    await form.getByLabel('Borgerreference').fill('010203-1234');
    await form.getByLabel('Fødselsdato').fill('1985-06-30');
    await form.getByRole('button', { name: 'Opret sag' }).click();
    await form.getByRole('alert').filter({ hasText: 'ligner et CPR-nummer' }).waitFor();
    expect((await get('/api/v1/cases?q=010203&limit=5')).items).toEqual([]);
    await context.close();
  });

  it("does a caseworker's case work: register, correct and retract events, move and close the case", async () => {
    const { context, page } = await login('caseworker', 'sb-1');
    await page.goto(`${base}/#/sag/${ids['sag-bent']}`);
    await page.getByRole('heading', { level: 1, name: 'Sag sag-bent' }).waitFor();

    // Any event of the vocabulary, through the form generated from the catalog.
    let form = await openAction(page, 'Registrér hændelse');
    await form.getByLabel('Hændelse').selectOption('VISITATION_DECIDED');
    await form.getByLabel('Dato').fill(ago(5));
    await form.getByRole('button', { name: 'Registrér' }).click();
    await notice(page, 'Registreret: Visitation');
    form = await openAction(page, 'Registrér hændelse');
    await form.getByLabel('Hændelse').selectOption('CONTACT_HELD');
    await form.getByLabel('Kontaktform').selectOption('phone');
    await form.getByLabel('Dato').fill(ago(2));
    await form.getByRole('button', { name: 'Registrér' }).click();
    await notice(page, 'Registreret: Samtale');
    let view = await caseView('sag-bent');
    const contact = view.events.find((e: { type: string }) => e.type === 'CONTACT_HELD');
    expect(contact).toMatchObject({ date: ago(2), fields: { form: 'phone' }, actor: 'sb-1', retracted: null });
    expect(view.phase).toBe('LY');

    // Correct it: the generated form is filled with the event's fields; the reason goes to the audit trail.
    const timeline = page.getByRole('region', { name: 'Sagens hændelser i datoorden' });
    const row = timeline.locator('tbody tr', { hasText: 'Telefon' });
    form = await openAction(page, 'Ret', row);
    expect(await form.getByLabel('Kontaktform').inputValue()).toBe('phone');
    await form.getByLabel('Kontaktform').selectOption('video');
    await form.getByLabel('Begrundelse').fill('Samtalen var over video');
    await form.getByRole('button', { name: 'Gem rettelse' }).click();
    await notice(page, 'Rettet');
    view = await caseView('sag-bent');
    const old = view.events.find((e: { eventId: string }) => e.eventId === contact.eventId);
    expect(old.retracted).toMatchObject({ reason: 'Samtalen var over video' });
    const replacement = view.events.find((e: { eventId: string }) => e.eventId === old.retracted.replacedBy);
    expect(replacement).toMatchObject({ type: 'CONTACT_HELD', fields: { form: 'video' }, corrects: contact.eventId });

    // Retract the replacement.
    form = await openAction(page, 'Tilbagekald', timeline.locator('tbody tr', { hasText: 'Video' }));
    await form.getByLabel('Begrundelse').fill('Registreret på forkert borger');
    await form.getByRole('button', { name: 'Tilbagekald' }).click();
    await notice(page, 'Tilbagekaldt');
    view = await caseView('sag-bent');
    expect(view.events.find((e: { eventId: string }) => e.eventId === replacement.eventId).retracted).toMatchObject({
      reason: 'Registreret på forkert borger',
    });

    // The audit trail in Danish words: the actions and the event meanings, not the codes.
    const audit = page.getByRole('region', { name: 'Revisionsspor' });
    await audit.getByText('Hændelse rettet').waitFor();
    await audit.getByText('Hændelse tilbagekaldt').waitFor();
    expect(await audit.textContent()).toContain('begrundelse: Samtalen var over video');
    await setDisclosures(page, true);
    expect(await foreignText(page, allowed())).toEqual([]);
    await shot(page, 'case-actions-desktop');

    // Move to the other team (from the registry, or the caller's teams), then close.
    await setDisclosures(page, false);
    form = await openAction(page, 'Flyt sag');
    await form.getByLabel('Til team').selectOption(south);
    await form.getByLabel('Begrundelse').fill('Borgeren er flyttet');
    await form.getByRole('button', { name: 'Flyt sagen' }).click();
    await notice(page, 'flyttet');
    await eventually(async () => ((await caseView('sag-bent')).team === south ? true : undefined), 'moved');

    form = await openAction(page, 'Afslut sag');
    await form.getByLabel('Begrundelse').fill('Borgeren er i ordinært job');
    await form.getByRole('button', { name: 'Afslut sagen' }).click();
    await notice(page, 'afsluttet');
    view = await caseView('sag-bent');
    expect(view.phase).toBe('CLOSED');
    expect(view.events.find((e: { type: string }) => e.type === 'CASE_CLOSED').fields).toMatchObject({
      reason: 'Borgeren er i ordinært job',
    });
    await page.locator('p.muted', { hasText: 'Sagen er afsluttet.' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('assigns a sygedagpenge case to a trial arm and exempts it with a reason code from the catalogue', async () => {
    const { context, page } = await login('caseworker', 'sb-2');
    await page.goto(`${base}/#/sag/${ids['sag-cecilie']}`);
    await page.getByRole('heading', { level: 1, name: 'Sag sag-cecilie' }).waitFor();
    let form = await openAction(page, 'Tilmeld forsøg');
    await form.getByLabel('Gruppe').selectOption('participant');
    await form.getByLabel('Dato').fill('2009-02-25');
    await form.getByLabel('Begrundelse').fill('Randomiseret ved 8-ugers samtalen');
    await form.getByRole('button', { name: 'Tilmeld' }).click();
    await notice(page, 'Tilmeldt');
    // The period has long ended (2009): the enrolment is complete, in the participant arm.
    expect((await get(`/api/v1/cases/${ids['sag-cecilie']}/trials`)).items).toMatchObject([
      { program: 'aht-2009', arm: 'participant', assignedOn: '2009-02-25', status: 'completed' },
    ]);

    const catalog = await get('/api/v1/preview/catalog?caseType=sygedagpenge');
    const codes = catalog.programmes.find((p: { id: string }) => p.id === 'aht-2009').reasonCodes;
    const first = codes.find((c: { effectiveFrom: string }) => c.effectiveFrom <= '2009-03-02');
    form = await openAction(page, 'Fritag fra forsøg');
    await form.getByLabel('Dato').fill('2009-03-02');
    await form.getByLabel('Dato').dispatchEvent('change');
    await form.getByLabel('Årsag').selectOption(first.code);
    await form.getByLabel('Note').fill('Aftalt med egen læge');
    await form.getByRole('button', { name: 'Fritag' }).click();
    await notice(page, 'Fritaget');
    expect((await get(`/api/v1/cases/${ids['sag-cecilie']}/trials`)).items).toMatchObject([
      { program: 'aht-2009', status: 'exempted', exemptionReason: first.code, endedOn: '2009-03-02' },
    ]);
    await page
      .getByRole('region', { name: 'Revisionsspor' })
      .getByText('Fritaget fra forsøg', { exact: true })
      .waitFor();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('names the case on every inbox card, filters, lets a manager assign, and refreshes live from the feed', async () => {
    const { context, page } = await login('caseworker', 'sb-1');
    await page.getByRole('heading', { level: 1, name: 'Indbakke' }).waitFor();
    const cards = page.locator('li.task');
    await cards.first().waitFor();
    const api = (await get('/api/v1/tasks?limit=200')).items as {
      taskId: string;
      code: string;
      citizenRef: string;
      caseType: string;
      assignee: string | null;
    }[];
    for (const t of api.slice(0, 5)) {
      // Cards due later than 30 days sit in a folded list: attached, not visible.
      const card = page.locator(`li.task[data-task="${t.taskId}"]`);
      await card.locator('a', { hasText: t.citizenRef }).waitFor({ state: 'attached' });
      expect(await card.textContent()).toContain(t.caseType === 'fleksjob' ? '(Fleksjob)' : '(Sygedagpenge)');
    }

    // Filter on an obligation: the cards are the API's answer for that code.
    const code = api[0]?.code ?? '';
    await page.getByLabel('Forpligtelse').selectOption(code);
    await page.waitForURL(new RegExp(`code=${code}`));
    const expected = api.filter((t) => t.code === code).map((t) => t.taskId);
    await eventually(async () => ((await cards.count()) === expected.length ? true : undefined), 'filtered cards');
    expect((await Promise.all((await cards.all()).map((c) => c.getAttribute('data-task')))).sort()).toEqual(
      [...expected].sort(),
    );

    // A colleague claims a task through the API: the card shows it without a reload, from the change feed.
    await page.goto(`${base}/#/indbakke`);
    await cards.first().waitFor();
    const target = api.find((t) => t.assignee === null)!;
    const streams: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/tasks/stream')) streams.push(r.headers()['last-event-id']);
    });
    const task = await get(`/api/v1/tasks/${target.taskId}`);
    const claimedAt = Date.now();
    await fetch(`${base}/api/v1/tasks/${target.taskId}/claim`, {
      method: 'POST',
      headers: { authorization: await e2e.token('caseworker', teams, 'sb-2'), 'if-match': `"${task.version}"` },
    });
    await page.locator(`li.task[data-task="${target.taskId}"]`).getByText('Ansvarlig: sb-2').waitFor({ timeout: 5000 });
    const liveMs = Date.now() - claimedAt;
    expect(liveMs).toBeLessThan(2000);

    // After a sleep the tab reconnects at once and resumes after the last change it saw (Last-Event-ID).
    await page.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    await eventually(async () => (streams.some((id) => id && /^\d+$/.test(id)) ? true : undefined), 'resumed stream');

    // A manager assigns a task to a caseworker.
    const manager = await login('manager', 'leder-1');
    await manager.page.goto(`${base}/#/indbakke`);
    const other = api.find((t) => t.assignee === null && t.taskId !== target.taskId)!;
    const card = manager.page.locator(`li.task[data-task="${other.taskId}"]`);
    const form = await openAction(manager.page, 'Tildel', card);
    await form.getByLabel('Sagsbehandler').fill('sb-1');
    await form.getByRole('button', { name: 'Tildel' }).click();
    await manager.page.locator('#inbox-notice').getByRole('status').filter({ hasText: 'Tildelt sb-1' }).waitFor();
    expect((await get(`/api/v1/tasks/${other.taskId}`)).assignee).toBe('sb-1');
    // ...and the caseworker's open inbox shows it as theirs, live.
    await page.locator(`li.task[data-task="${other.taskId}"]`).getByText('Ansvarlig: dig').waitFor({ timeout: 5000 });
    expect(pageErrors(page)).toEqual([]);
    await manager.context.close();
    await context.close();
    console.log(`live refresh after a colleague's claim: ${liveMs} ms`);
  });

  it('lists failing workflows for ops: case, error, since, attempts, and a drill-down with the Temporal UI link', async () => {
    // What the worker records when a change to a case cannot be projected (the case then needs attention).
    const since = new Date(Date.now() - 3_600_000);
    await e2e.ds.query(
      `INSERT INTO case_attention (case_id, team, code, stage, reason, since, failures) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [ids['sag-dorte'], south, 'PROJECTION_REJECTED', 'projection', 'check_violation 23514', since, 3],
    );
    const failing = (await call('GET', '/api/v1/ops/status', undefined, 'ops')).failing;
    expect(failing.workflows).toContainEqual(
      expect.objectContaining({ caseId: ids['sag-dorte'], code: 'PROJECTION_REJECTED', retries: 3 }),
    );
    const { context, page } = await login('ops', 'drift-1');
    await page.getByRole('heading', { level: 2, name: /Fejlende workflows \(\d+\)/ }).waitFor();
    const row = page
      .getByRole('region', { name: 'Fejlende workflows' })
      .locator('tbody tr', { hasText: ids['sag-dorte'] });
    await row.getByText('Læsemodellen afviste ændringen').waitFor();
    expect(await row.textContent()).toContain('PROJECTION_REJECTED');
    expect(await row.locator('td').nth(3).textContent()).toBe('3');
    await row.getByText('Vis', { exact: true }).click();
    await row.getByText('projection: check_violation 23514').waitFor();
    expect(await row.getByRole('link', { name: 'Åbn i Temporal UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/case-${ids['sag-dorte']}`,
    );
    expect(await page.locator('body').textContent()).not.toContain('sag-dorte'); // no citizen reference on the ops page
    await shot(page, 'ops-failing-desktop');
    await context.close();
  });

  it('has every page in Danish, without axe-core violations and no wider than a 390 px phone', async () => {
    const pages: [Role, string, string][] = [
      ['caseworker', 'indbakke', 'Indbakke'],
      ['caseworker', 'sager', 'Sager'],
      ['caseworker', `sag/${ids['sag-ane']}`, 'Sag sag-ane'],
      ['caseworker', `sag/${ids['sag-cecilie']}`, 'Sag sag-cecilie'],
      ['caseworker', 'hvad-nu-hvis', 'Hvad nu hvis?'],
      ['manager', 'overblik', 'Overblik'],
      ['manager', 'forsoeg', 'Forsøg: nøgletal pr. gruppe'],
      ['ops', 'drift', 'Drift'],
    ];
    // The ops page names the test run's task queues (random ids): data, not text.
    const status = JSON.stringify(await call('GET', '/api/v1/ops/status', undefined, 'ops'));
    const queues = status.match(/e2e-[0-9a-f-]{36}/g) ?? [];
    const failingCases = Object.values(ids); // ops see the case ids of failing workflows
    const allow = [...allowed(), ...queues, ...failingCases];
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      const width = `${viewport.width} px`;
      const sessions = new Map<Role, Awaited<ReturnType<typeof login>>>();
      for (const [role, route, heading] of pages) {
        if (!sessions.has(role))
          sessions.set(
            role,
            await login(
              role,
              `${role === 'caseworker' ? 'sb-1' : role === 'manager' ? 'leder-1' : 'drift-1'}`,
              viewport,
            ),
          );
        const { page } = sessions.get(role)!;
        await page.goto(`${base}/#/${route}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
        await setDisclosures(page, true);
        for (const v of await axeViolations(page)) problems.push(`${route} @ ${width}: axe ${v}`);
        for (const t of await foreignText(page, allow)) problems.push(`${route} @ ${width}: ${t}`);
        const wider = await overflow(page);
        if (wider > 0) problems.push(`${route} @ ${width}: ${wider} px wider than the viewport`);
        if (viewport === PHONE && route === 'indbakke') await shot(page, 'inbox-phone-cards');
        if (viewport === PHONE && route.startsWith('sag/')) await shot(page, `case-phone-${route.slice(4, 12)}`);
      }
      for (const s of sessions.values()) await s.context.close();
    }
    // The login page, logged out.
    const context = await browser.newContext({ viewport: PHONE, locale: 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    for (const v of await axeViolations(page)) problems.push(`login: axe ${v}`);
    for (const t of await foreignText(page, allowed())) problems.push(`login: ${t}`);
    await context.close();
    expect(problems).toEqual([]);
  });
});
