// @ts-check
/* global window, document, getComputedStyle, NodeFilter */
/**
 * Checks the browser tests inject into a page (page.addScriptTag): they run against the real rendered DOM and
 * computed styles. Not shipped with the UI.
 */

/** @param {string} s */
const rgb = (s) => (s.match(/[\d.]+/g) ?? []).map(Number);

/** Relative luminance (WCAG 2.x). @param {number[]} c */
function luminance(c) {
  const f = (/** @type {number} */ v) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(c[0] ?? 0) + 0.7152 * f(c[1] ?? 0) + 0.0722 * f(c[2] ?? 0);
}

/** The nearest ancestor background that is (mostly) opaque. @param {Element | null} el */
function backgroundOf(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length >= 3 && (c[3] ?? 1) > 0.5) return c;
  }
  return [255, 255, 255];
}

/** Problems a keyboard or screen-reader user, or a low-vision reader, would hit. @returns {string[]} */
function accessibility() {
  /** @type {string[]} */
  const out = [];
  for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
    const c = /** @type {HTMLInputElement} */ (el);
    if (c.type === 'hidden') continue;
    if (!(c.labels?.length || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')))
      out.push(`unlabelled ${c.tagName} ${c.id || c.name}`);
  }
  for (const el of Array.from(document.querySelectorAll('.chart')))
    if (el.getAttribute('role') !== 'img' || !el.getAttribute('aria-label')) out.push('chart without text alternative');
  for (const el of Array.from(document.querySelectorAll('button, a[href]')))
    if (!(el.textContent ?? '').trim() && !el.getAttribute('aria-label')) out.push(`nameless ${el.tagName}`);
  if (document.querySelectorAll('h1').length !== 1) out.push('not exactly one h1');
  // WCAG AA contrast of every visible text node against its background (3:1 for large text).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = (n.textContent ?? '').trim();
    if (!el || !text || el.closest('.visually-hidden, svg, noscript')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const [a, b] = [luminance(rgb(style.color)), luminance(backgroundOf(el))].sort((x, y) => y - x);
    const ratio = ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.6 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push(`contrast ${ratio.toFixed(2)} for "${text.slice(0, 30)}"`);
  }
  return out;
}

/** How far the page is wider than the viewport (0 or less: no sideways scrolling). */
const horizontalOverflow = () => document.documentElement.scrollWidth - window.innerWidth;

/** @type {any} */ (window).fristChecks = { accessibility, horizontalOverflow };
