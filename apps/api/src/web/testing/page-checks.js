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

/** English words that are not also Danish words: any of them on screen means untranslated text reached the DOM. */
const ENGLISH = new Set(
  (
    'the of and is not no case cases task tasks event events must required target source error failed invalid found ' +
    'with from this that an are was has have open overdue met late waived cancelled missed policy legal trial ' +
    'paragraph named seeds default local product decision requirement unknown null undefined true false yes please ' +
    'loading submit save delete cancel close search filter page next previous user role caseworker ' +
    'manager none assigned unassigned due reason week weeks day days month months years contact phone running ' +
    'completed object blob programme program arm participant control team-id eventid taskid caseid'
  ).split(' '),
);
/** Parts of the engine's and API's kebab-case codes (contact-14d, in-person, period-ended, health-treatment). */
const CODE_PARTS = new Set(
  (
    'person rereview followup followups agreement capacity statutory temporary other actor ended period returned ' +
    'work health treatment terminal illness resource course disability pension partial return hospitalised ' +
    'preventive offer provider weekly activity first screening passivity phase internship flexjob benefit sdp'
  ).split(' '),
);
/** A hyphenated word is a code when a part is English or a code part, or like "14d" (Danish "ikke-projicerede" is not). */
const isCode = (/** @type {string} */ token) =>
  token.split('-').some((p) => ENGLISH.has(p) || CODE_PARTS.has(p) || /^\d+[a-z]+$/.test(p));

/** Patterns of internal text: API codes, identifiers, spec line references, ids. */
const INTERNAL = [
  [/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/, 'code'],
  [/\b[a-z]+[A-Z][A-Za-z]*\b/, 'identifier'],
  [/\bL\d{2,}\b|\(\d{3} L/, 'spec reference'],
  [/\b[0-9a-f]{8}(?:-[0-9a-f]{4}|…)/, 'raw id'],
  [/\[object |\bNaN\b/, 'unrendered value'],
];

/**
 * Visible text that is not Danish UI text. `allowed`: data the test put there (citizen references, user and team
 * ids, rule-set ids), removed from the text before it is checked. @param {string[]} allowed @returns {string[]}
 */
function foreignText(allowed) {
  /** @type {string[]} */
  const out = [];
  const sorted = [...allowed].sort((a, b) => b.length - a.length);
  /** @param {string} raw */
  const inspect = (raw) => {
    let text = raw.trim();
    if (!text) return;
    for (const a of sorted) text = text.split(a).join(' ');
    for (const [re, what] of INTERNAL) {
      const m = /** @type {RegExp} */ (re).exec(text);
      if (m) out.push(`${what} "${m[0]}" in "${raw.trim().slice(0, 80)}"`);
    }
    for (const token of text.match(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g) ?? [])
      if (isCode(token)) out.push(`kebab-case code "${token}" in "${raw.trim().slice(0, 80)}"`);
    for (const word of text.toLowerCase().split(/[^\p{L}]+/u))
      if (ENGLISH.has(word)) out.push(`English "${word}" in "${raw.trim().slice(0, 80)}"`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    // <code>: identifiers shown on purpose for ops to search logs (workflow ids, error codes), never for caseworkers.
    if (!el || el.closest('script, style, noscript, option, datalist, code')) continue;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    inspect(n.textContent ?? '');
  }
  // A closed <select> shows one option, an open one all: every option counts.
  for (const o of Array.from(document.querySelectorAll('select option'))) inspect(o.textContent ?? '');
  // Names a screen reader reads out.
  for (const el of Array.from(document.querySelectorAll('[aria-label]'))) inspect(el.getAttribute('aria-label') ?? '');
  return [...new Set(out)];
}

/** How far the page is wider than the viewport (0 or less: no sideways scrolling). */
const horizontalOverflow = () => document.documentElement.scrollWidth - window.innerWidth;

/** @type {any} */ (window).fristChecks = { accessibility, horizontalOverflow, foreignText };
