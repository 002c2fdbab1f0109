import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { addDaysIso, caseWorkflowId, copenhagenDate, reevaluateSignal } from '@frist/contracts';
import { eventually, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';
import {
  axeViolations,
  foreignText,
  launchBrowser,
  loginAs,
  overflow,
  pageProblems,
  PHONE,
  setDisclosures,
  shot,
  type UiPage,
} from './testing/browser-harness';

type App = Awaited<ReturnType<typeof createApp>>;

const MIG_2026 = { id: 'MIG-2026', publishedOn: '2026-12-07' } as const;

/**
 * The quota panel (Ledighedsydelse-andel) and the exemption warning in a real Chromium against the real stack:
 * cases migrated through the rollout's signal, the manager's panel with its quarters, status, at-risk list and
 * drill-down to the cases, and the caseworker's exemption form that shows the exempted share and warns above 25 %
 * while still registering the exemption.
 */
describe('web UI: job-talk quota panel and exemption warning', () => {
  jest.setTimeout(240_000);
  let e2e: ApiE2e<App>;
  let browser: Browser;
  const team = 'fleks-kvote';
  const today = copenhagenDate(Date.now());
  const day = (n: number) => addDaysIso(today, n);
  const ids: Record<string, string> = {};

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${e2e.url}${path}`, {
      method,
      headers: { authorization: await e2e.token('caseworker', [team], 'seed'), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const createCase = async (ref: string, talks: number[]) => {
    const events = [
      { type: 'VISITATION_DECIDED', date: day(-170) },
      ...talks.map((n) => ({ type: 'CONTACT_HELD', date: day(n), form: 'in-person' })),
    ];
    const res = await call('POST', '/api/v1/cases', {
      citizenRef: ref,
      team,
      birthDate: '1975-05-05',
      events: events.map((e, i) => ({ eventId: `${ref}-${i}`, ...e })),
    });
    ids[ref] = res.caseId as string;
  };

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp, env: { NODE_ENV: 'development' } });
    browser = await launchBrowser();
    // L ≈ today + 12: borger-risiko has one talk (at risk), borger-fire four (met), borger-fritaget is exempted.
    await createCase('borger-risiko', [-160]);
    await createCase('borger-fire', [-160, -130, -100, -70]);
    await createCase('borger-fritaget', [-160, -120]);
    for (const caseId of Object.values(ids))
      await e2e.env.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .signal(reevaluateSignal, { cause: 'rule-set-change', ruleSet: 'MIG-2026', migration: MIG_2026 });
    await eventually(async () => {
      const rows = await e2e.ds.query<unknown[]>('SELECT 1 FROM case_jobtalk_periods WHERE team = $1', [team]);
      return rows.length === 3;
    }, 'the three periods projected');
    await call('POST', `/api/v1/cases/${ids['borger-fritaget']}/events`, {
      eventId: 'fritaget-x',
      type: 'JOBTALKS_EXEMPTED',
      date: day(-100),
      reason: 'selvhjulpen',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  const allowed = [team, 'borger-risiko', 'borger-fire', 'borger-fritaget', 'leder-kvote', 'sagsbehandler-kvote'];
  const checks = async (page: UiPage) => {
    await setDisclosures(page, true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await pageProblems(page)).toEqual([]);
    expect(await foreignText(page, allowed)).toEqual([]);
    await setDisclosures(page, false);
  };

  it('shows the manager the ledighedsydelse-andel per quarter, its status, the citizen at risk and the cases behind a figure', async () => {
    const { context, page } = await loginAs(browser, e2e.url, { role: 'manager', sub: 'leder-kvote', teams: [team] });
    await page.waitForURL(/#\/overblik/);
    const panel = page
      .getByRole('region', { name: 'Ledighedsydelse-andel (jobsamtaler)' })
      .or(page.locator('section[aria-labelledby="jobtalk-quota-h"]'));
    await panel.getByRole('heading', { level: 2, name: 'Ledighedsydelse-andel (jobsamtaler)' }).waitFor();
    await panel.getByText('Tallet her er derfor kun ledighedsydelse-andelen', { exact: false }).waitFor();
    const quarters = panel.getByRole('region', { name: 'Ledighedsydelse-andel pr. kvartal' });
    const total = quarters.getByRole('row', { name: /^I alt/ });
    // Three periods: 1 met, 1 exempted, 1 open; 50 % met and 50 % exempted of the 2 decided; still open.
    expect((await total.getByRole('cell').allInnerTexts()).slice(1).map((t) => t.trim())).toEqual([
      '3',
      '1',
      '1',
      '0',
      '0',
      '1',
      '50,0 %',
      '50,0 %',
      'Ikke afsluttet (åbne perioder)',
    ]);
    await panel
      .getByRole('heading', { name: 'I risiko: 1 borger kan ikke nå 4 jobsamtaler uden handling nu' })
      .waitFor();
    const risk = panel.getByRole('region', { name: 'Borgere i risiko, tidligste sidste dag først' });
    expect(await risk.getByRole('row').count()).toBe(2); // header + borger-risiko
    await risk.getByRole('link', { name: 'borger-risiko' }).waitFor();
    // "Hent som CSV" of the at-risk list: the API's CSV (BOM, ';') of exactly the citizen shown.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Hent som CSV (borgere i risiko)' }).click(),
    ]);
    const csv = readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('borger-risiko');
    expect(lines[1].split(';').length).toBe(lines[0].split(';').length);
    await checks(page);
    await shot(page, 'overblik-ledighedsydelse-andel');

    // Drill-down: the case behind "1 opfyldt" of the whole range.
    await total.getByRole('link', { name: /^1 opfyldt/ }).click();
    await page.getByRole('heading', { name: /^Perioder bag tallet: Opfyldt/ }).waitFor();
    const drill = page.getByRole('region', { name: 'Perioder bag tallet, tidligste sidste dag først' });
    await drill.getByRole('link', { name: 'borger-fire' }).waitFor();
    expect(await drill.getByRole('row').count()).toBe(2);
    await checks(page);
    // And on to the case itself from the at-risk list.
    await risk.getByRole('link', { name: 'borger-risiko' }).click();
    await page.waitForURL(new RegExp(`#/sag/${ids['borger-risiko']}$`));
    await page.getByRole('heading', { level: 1, name: 'Sag borger-risiko' }).waitFor();
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('shows the caseworker the exempted share and warns above 25 %, and the exemption is still registered', async () => {
    const { context, page } = await loginAs(browser, e2e.url, {
      role: 'caseworker',
      sub: 'sagsbehandler-kvote',
      teams: [team],
      viewport: PHONE,
    });
    await page.goto(`${e2e.url}/#/sag/${ids['borger-risiko']}`);
    await page.getByRole('heading', { level: 1, name: 'Sag borger-risiko' }).waitFor();
    await page.getByText('Registrér hændelse …').click();
    const form = page.getByRole('form', { name: 'Registrér hændelse' });
    await form.getByLabel('Hændelse').selectOption('JOBTALKS_EXEMPTED');
    const note = form.getByTestId('exemption-share');
    // The team's quarter: 1 exempted of 2 decided periods = 50 %; with this one 2 of 3.
    await note.getByText('team fleks-kvote 50,0 % (1 af 2)', { exact: false }).waitFor();
    await note.getByText('Med denne undtagelse: team 66,7 %', { exact: false }).waitFor();
    await note.getByText('Andelen af undtagne er over 25 %.', { exact: false }).waitFor();
    await note.getByText('Undtagelsen kan stadig registreres', { exact: false }).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await checks(page);
    await shot(page, 'sag-undtagelse-advarsel-mobil');
    await setDisclosures(page, true); // the checks closed the form's disclosure again

    // The warning never blocks: the exemption is registered (the engine refuses it only for its own reasons).
    await form.getByLabel('Dato').fill(today);
    await form.getByLabel('Begrundelse').fill('selvhjulpen');
    await form.getByRole('button', { name: 'Registrér' }).click();
    await page.getByRole('status').filter({ hasText: 'Registreret:' }).waitFor();
    await eventually(async () => {
      const rows = await e2e.ds.query<{ outcome: string }[]>(
        'SELECT outcome FROM case_jobtalk_periods WHERE case_id = $1',
        [ids['borger-risiko']],
      );
      return rows[0]?.outcome === 'exempted';
    }, 'the exemption in the read model');
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
