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
    // What `frist changes draft migration MIG-2026` attaches: the dry run's totals and its first rows.
    migrationId = (
      await post('/api/v1/rule-changes', jens, {
        kind: 'migration',
        target: 'MIG-2026',
        title: 'Lovmigrering efter lov nr. 1750/2025',
        impact: {
          asOf: '2026-12-01',
          cases: 2,
          casesAffected: 1,
          totals: { appears: 5, moves: 0, kind: 1, 'rule-set': 1, backfilled: 5, backfilledOverdue: 3 },
          rows: [
            {
              caseId: '7c1e2d3f-0000-4000-8000-000000000001',
              team,
              code: 'ly-jobtalk',
              occurrence: 1,
              change: 'appears',
              from: '',
              to: '2026-04-27',
              status: 'overdue',
              dueOn: '2026-04-27',
              backfilled: true,
            },
            {
              caseId: '7c1e2d3f-0000-4000-8000-000000000001',
              team,
              code: 'contact-14d',
              occurrence: 5,
              change: 'kind',
              from: 'target',
              to: 'policy',
              status: 'open',
              dueOn: '2026-10-12',
              backfilled: false,
            },
          ],
          rowsTotal: 7,
        },
      })
    ).id;
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
    await own.getByText(/^Prøvekørsel pr\. .*2026: 2 åbne sager, heraf berøres 1\.$/).waitFor();
    expect(await own.getByRole('row', { name: /Bagudrettede opgaver 5/ }).count()).toBe(1);
    expect(await own.getByRole('row', { name: /Heraf allerede overskredne 3/ }).count()).toBe(1);
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
});
