import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '@frist/config';

/** Shared by the browser tests: Chromium, a logged-in page, screenshots and the page checks (axe, Danish, width). */

export const ARTIFACTS = join(__dirname, '..', '..', '..', '..', '..', 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The machine has no network: without these Chromium floods refused connections (environment notes).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export const launchBrowser = (): Promise<Browser> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
};

export type UiPage = Page & { errors?: string[] };

/** A fresh browser session logged in through the login page's development helper. */
export async function loginAs(
  browser: Browser,
  base: string,
  opts: { role: Role; sub: string; teams: string[]; viewport?: { width: number; height: number }; locale?: string },
): Promise<{ context: BrowserContext; page: UiPage }> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? DESKTOP,
    locale: opts.locale ?? 'da-DK',
    timezoneId: 'Europe/Copenhagen',
  });
  const page: UiPage = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  page.errors = errors;
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
  await page.getByLabel('Rolle').selectOption(opts.role);
  await page.getByLabel('Teams').fill(opts.teams.join(','));
  await page.getByLabel('Bruger-id').fill(opts.sub);
  await page.getByRole('button', { name: 'Opret token og log ind' }).click();
  await page.waitForURL(/#\/(indbakke|overblik|drift|regelaendringer)/);
  return { context, page };
}

export const shot = (page: Page, name: string, dir = ARTIFACTS) =>
  page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });

/** Runs the page checks (testing/page-checks.js) in the page; evaluated over CDP, so the page's CSP allows it. */
const checks = readFileSync(join(__dirname, 'page-checks.js'), 'utf8');
export async function check<T>(page: Page, expression: string): Promise<T> {
  if (!(await page.evaluate('typeof window.fristChecks === "object"'))) await page.evaluate(checks);
  return page.evaluate<T>(expression);
}

/** Labels, names, text alternatives and WCAG AA contrast on the page as rendered (the project's own checks). */
export const pageProblems = (page: Page) => check<string[]>(page, 'window.fristChecks.accessibility()');

/** How far the page is wider than the viewport (0 or less: no sideways scrolling). */
export const overflow = (page: Page) => check<number>(page, 'window.fristChecks.horizontalOverflow()');

/**
 * axe-core's WCAG 2.x A/AA rules on the page as rendered: the violations, as "rule: target" lines.
 * Injected over CDP (the page's CSP forbids any script but its own).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axe.source);
  const options = {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  };
  return page.evaluate<string[]>(
    `window.axe.run(document, ${JSON.stringify(options)}).then((r) =>
       r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))`,
  );
}

/** Opens (or closes) every disclosure, so the checks see what a reader can unfold. */
export const setDisclosures = (page: Page, open: boolean) =>
  page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = ${open}; })`);

/**
 * Visible text that is not Danish UI text: API codes, identifiers, English words, "[object Object]", spec line
 * references, raw ids. `allowed` lists the data the test itself put there (citizen references, user and team ids).
 */
export const foreignText = (page: Page, allowed: string[]) =>
  check<string[]>(page, `window.fristChecks.foreignText(${JSON.stringify(allowed)})`);
