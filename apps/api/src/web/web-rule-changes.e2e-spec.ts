import type { Browser } from 'playwright-core';
import { startApiE2e, type ApiE2e } from '@frist/testing';
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
} from './testing/browser-harness';

type App = Awaited<ReturnType<typeof createApp>>;

/**
 * The approval page (Regelændringer) in a real Chromium against the real stack: the approver sees the pending
 * changes with their dry-run impact, the drafter cannot approve their own change, a second jurist approves with
 * the legal sources, a manager publishes, and the unverified 2027 placeholder offers no approval at all.
 */
describe('web UI: rule-change approval page', () => {
  jest.setTimeout(240_000);
  let e2e: ApiE2e<App>;
  let browser: Browser;
  const team = 'fleks-regel';
  let migrationId: string;
  type Impact = { cases: number; casesAffected: number; totals: Record<string, number>; computedBy: string };
  let migrationImpact: Impact;

  const post = async (path: string, token: string, body: unknown) => {
    const res = await fetch(`${e2e.url}${path}`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; status: string };
  };
  const get = async (path: string) => {
    const res = await fetch(`${e2e.url}${path}`, { headers: { authorization: await e2e.token('manager', [team]) } });
    return (await res.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    e2e = await startApiE2e({ createApp, env: { NODE_ENV: 'development' } });
    browser = await launchBrowser();
    const jens = await e2e.token('jurist', [], 'jurist-jens');
    const manager = await e2e.token('manager', [team], 'leder-anna');
    // A case running since spring 2026; its last talk (2026-10-01) starts a contact deadline under the default
    // policy. The migration's impact is the API's own dry run over it (a request cannot carry one).
    const caseworker = await e2e.token('caseworker', [team], 'sagsbehandler-sofie');
    await post('/api/v1/cases', caseworker, {
      citizenRef: 'fagsystem-regel-1',
      team,
      birthDate: '1978-03-02',
      events: [
        { eventId: 'v', type: 'VISITATION_DECIDED', date: '2026-04-13' },
        { eventId: 'c1', type: 'CONTACT_HELD', date: '2026-04-20', form: 'in-person' },
        { eventId: 'c2', type: 'CONTACT_HELD', date: '2026-10-01', form: 'phone' },
      ],
    });
    const drafted = (await post('/api/v1/rule-changes', jens, {
      kind: 'migration',
      target: 'MIG-2026',
      title: 'Lovmigrering efter lov nr. 1750/2025',
    })) as unknown as { id: string; impact: Impact };
    migrationId = drafted.id;
    migrationImpact = drafted.impact;
    await post('/api/v1/rule-changes', manager, {
      kind: 'rule-set',
      target: 'fleksjob-2027',
      title: 'Ny beskæftigelseslov fra 2027',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  const checks = async (page: Parameters<typeof pageProblems>[0], allowed: string[]) => {
    await setDisclosures(page, true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await pageProblems(page)).toEqual([]);
    expect(await foreignText(page, allowed)).toEqual([]);
    await setDisclosures(page, false);
  };
  const allowed = ['jurist-jens', 'jurist-karen', 'leder-anna', team, 'MIG-2026', 'fleksjob-2027'];

  it('the drafter sees the impact but cannot approve; a second jurist approves with sources; a manager publishes', async () => {
    // The drafter: the page lists both pending changes, the migration with its impact, and no approve button.
    const drafter = await loginAs(browser, e2e.url, { role: 'jurist', sub: 'jurist-jens', teams: [] });
    const p1 = drafter.page;
    await p1.waitForURL(/#\/regelaendringer/);
    await p1.getByRole('heading', { level: 2, name: 'Afventer godkendelse (2)' }).waitFor();
    const own = p1.getByRole('article', { name: 'Lovmigrering efter lov nr. 1750/2025' });
    // The API computed it: the running case gains backfilled job talks, some already overdue.
    expect(migrationImpact).toMatchObject({ cases: 1, casesAffected: 1, computedBy: 'api' });
    const { backfilled, backfilledOverdue } = migrationImpact.totals;
    expect(backfilled).toBeGreaterThan(0);
    expect(backfilledOverdue).toBeGreaterThan(0);
    await own.getByText(/^Prøvekørsel pr\. .*2026: 1 åbne sager, heraf berøres 1\.$/).waitFor();
    expect(await own.getByRole('row', { name: `Bagudrettede opgaver ${backfilled}` }).count()).toBe(1);
    expect(await own.getByRole('row', { name: `Heraf allerede overskredne ${backfilledOverdue}` }).count()).toBe(1);
    await own.getByText('Du har selv udarbejdet ændringen.', { exact: false }).waitFor();
    expect(await own.getByRole('button', { name: 'Godkend' }).count()).toBe(0);
    const placeholder = p1.getByRole('article', { name: 'Ny beskæftigelseslov fra 2027' });
    await placeholder
      .getByText('Regelsæt ikke efterprøvet mod lov gældende fra 1. januar 2027', { exact: false })
      .waitFor();
    await checks(p1, allowed);
    await shot(p1, 'regelaendringer-udarbejder');
    await drafter.context.close();

    // A second jurist: may approve the migration (with the sources checked), never the 2027 placeholder.
    const second = await loginAs(browser, e2e.url, { role: 'jurist', sub: 'jurist-karen', teams: [] });
    const p2 = second.page;
    await p2.waitForURL(/#\/regelaendringer/);
    const card = p2.getByRole('article', { name: 'Lovmigrering efter lov nr. 1750/2025' });
    expect(
      await p2
        .getByRole('article', { name: 'Ny beskæftigelseslov fra 2027' })
        .getByRole('button', { name: 'Godkend' })
        .count(),
    ).toBe(0);
    await card.getByLabel('Kontrollerede retskilder').fill('lov nr. 1750/2025 § 4\n\naktivloven § 74 c');
    await checks(p2, allowed);
    await card.getByRole('button', { name: 'Godkend' }).click();
    await p2.getByRole('heading', { level: 2, name: 'Godkendt, afventer offentliggørelse (1)' }).waitFor();
    const approved = p2.getByRole('article', { name: 'Lovmigrering efter lov nr. 1750/2025' });
    await approved.getByText('aktivloven § 74 c').waitFor();
    expect(await get(`/api/v1/rule-changes/${migrationId}`)).toMatchObject({
      status: 'approved',
      approvedBy: 'jurist-karen',
      sourcesChecked: ['lov nr. 1750/2025 § 4', 'aktivloven § 74 c'],
    });
    await second.context.close();

    // A manager publishes; the trail names every step and person.
    const manager = await loginAs(browser, e2e.url, {
      role: 'manager',
      sub: 'leder-anna',
      teams: [team],
      viewport: PHONE,
    });
    const p3 = manager.page;
    await p3.goto(`${e2e.url}/#/regelaendringer`);
    await p3
      .getByRole('article', { name: 'Lovmigrering efter lov nr. 1750/2025' })
      .getByRole('button', { name: 'Offentliggør' })
      .click();
    await p3.getByRole('heading', { level: 2, name: 'Offentliggjort (1)' }).waitFor();
    const published = p3.getByRole('article', { name: 'Lovmigrering efter lov nr. 1750/2025' });
    await published.getByText('Historik', { exact: true }).click();
    await published.getByRole('cell', { name: 'Offentliggjort' }).waitFor();
    await published.getByRole('cell', { name: 'jurist-jens (Jurist)' }).waitFor();
    await published.getByRole('cell', { name: 'jurist-karen (Jurist)' }).waitFor();
    await published.getByRole('cell', { name: 'leder-anna (Leder)' }).waitFor();
    expect((await get(`/api/v1/rule-changes/${migrationId}`)).status).toBe('published');
    expect(await overflow(p3)).toBeLessThanOrEqual(0);
    await checks(p3, allowed);
    await shot(p3, 'regelaendringer-offentliggjort-mobil');
    expect([...(drafter.page as { errors?: string[] }).errors!, ...(p2 as { errors?: string[] }).errors!]).toEqual([]);
    await manager.context.close();
  });

  it('a policy decision is drafted with the API dry run; the approver sees what no longer starts, then approves', async () => {
    // MIG-2026 is published (above): the switches are read, so the decision's impact is the API's own dry run.
    const manager = await e2e.token('manager', [team], 'leder-anna');
    const drafted = (await post('/api/v1/rule-changes', manager, {
      kind: 'policy',
      target: team,
      title: 'Fleks Regel: intet fast kontaktforløb',
      payload: {
        switches: { 'contactCadence.enabled': false },
        decisionDate: '2026-08-25',
        effectiveFrom: '2026-09-01',
      },
    })) as unknown as { id: string; impact: Impact & { rows: { code: string; change: string }[] } };
    // The talk of 2026-10-01 started a contact deadline after the decision's date: it would no longer start.
    expect(drafted.impact).toMatchObject({ cases: 1, casesAffected: 1, computedBy: 'api' });
    expect(drafted.impact.totals).toMatchObject({ appears: 0, moves: 0, closes: 0, disappears: 1 });
    expect(drafted.impact.rows).toEqual([expect.objectContaining({ code: 'contact-14d', change: 'disappears' })]);

    const approver = await loginAs(browser, e2e.url, { role: 'jurist', sub: 'jurist-karen', teams: [] });
    const page = approver.page;
    await page.waitForURL(/#\/regelaendringer/);
    const card = page.getByRole('article', { name: 'Fleks Regel: intet fast kontaktforløb' });
    await card.getByText(/^Prøvekørsel pr\. .*: 1 åbne sager, heraf berøres 1\.$/).waitFor();
    expect(await card.getByRole('row', { name: 'Fjernes (opstår ikke længere) 1' }).count()).toBe(1);
    expect(await card.getByRole('row', { name: /contact-14d nr\. \d+ Fjernes/ }).count()).toBe(1);
    await card.getByText('Kontaktforløb hver 14. dag').waitFor();
    await checks(page, [...allowed, 'Fleks Regel']);
    await card.getByLabel('Kontrollerede retskilder').fill('Byrådets beslutning, punkt 7');
    await card.getByRole('button', { name: 'Godkend' }).click();
    await page.getByRole('heading', { level: 2, name: 'Godkendt, afventer offentliggørelse (1)' }).waitFor();
    expect(await get(`/api/v1/rule-changes/${drafted.id}`)).toMatchObject({
      status: 'approved',
      approvedBy: 'jurist-karen',
    });
    await shot(page, 'regelaendringer-lokal-politik');
    await approver.context.close();
  });
});
