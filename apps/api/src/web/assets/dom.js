// @ts-check
/** Tiny DOM helpers: build elements without innerHTML, so no API text can ever become markup. */

/** @typedef {Node | string | number | null | undefined | false} Child */
/** @typedef {Child | Child[]} Children */
/** @typedef {Record<string, unknown>} Attrs */

/**
 * @param {Element} el
 * @param {Attrs | null | undefined} attrs
 */
function applyAttrs(el, attrs) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (key === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (el).value = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/**
 * @param {Element} el
 * @param {Children[]} children
 */
function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/**
 * An HTML element: `h('button', { class: 'x', onClick: fn }, 'Gem')`.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * An SVG element.
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {...Children} children
 * @returns {SVGElement}
 */
export function s(tag, attrs, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS('http://www.w3.org/2000/svg', tag));
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * Replaces an element's content.
 * @param {Element} el
 * @param {...Children} children
 */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
/** A fresh id for label/for and aria wiring. @param {string} prefix */
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** Announces a message to screen readers (and shows nothing else). @param {string} text */
export function announce(text) {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = '';
  setTimeout(() => (status.textContent = text), 50);
}

const dayFormat = new Intl.DateTimeFormat('da-DK', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('da-DK', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const copenhagenFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const instantFormat = new Intl.DateTimeFormat('da-DK', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Copenhagen',
});

/** Today's Copenhagen date, YYYY-MM-DD. */
export const todayIso = () => copenhagenFormat.format(new Date());

/** Days from `a` to `b` (ISO dates). @param {string} a @param {string} b */
export const daysBetween = (a, b) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * A date as `<time>`: "tir. 15. jun. 2027".
 * @param {string | null | undefined} iso
 */
export function dateEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, '–');
  return h('time', { datetime: iso }, dayFormat.format(new Date(`${iso}T00:00:00Z`)));
}

/** 2026-12-07 → 07-12-2026: how dates are typed and how they appear inside running text. @param {string} iso */
export const danishDate = (iso) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3-$2-$1');

/** Every ISO date inside a text (the engine's explanations) written the Danish way. @param {string} text */
export const danishDatesIn = (text) => text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3-$2-$1');

/** @param {string} iso YYYY-MM-DD */
export const formatDate = (iso) => dayFormat.format(new Date(`${iso}T00:00:00Z`));
/** @param {string} ym YYYY-MM or YYYY-MM-DD */
export const formatMonth = (ym) => monthFormat.format(new Date(`${ym.slice(0, 7)}-01T00:00:00Z`));
/** @param {string} instant ISO instant */
export const formatInstant = (instant) => instantFormat.format(new Date(instant));

/** @param {number | null | undefined} rate 0..1 */
export const percent = (rate) => (rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)} %`);

/**
 * A table; on a phone each row becomes a card whose cells carry their column's name (data-label), so no column
 * (the deadline above all) hides behind a sideways scroll. A focusable, labelled region for keyboard users.
 * @param {string} caption
 * @param {string[]} headers column headers; a leading '#' right-aligns the column
 * @param {Children[][]} rows
 * @param {{ hideCaption?: boolean }} [opts]
 */
export function table(caption, headers, rows, opts = {}) {
  const num = headers.map((t) => t.startsWith('#'));
  return h(
    'div',
    { class: 'table-wrap stack', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      null,
      h('caption', opts.hideCaption ? { class: 'visually-hidden' } : null, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((t, i) => h('th', { scope: 'col', class: num[i] ? 'num' : null }, num[i] ? t.slice(1) : t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.length
          ? rows.map((r) =>
              h(
                'tr',
                null,
                r.map((c, i) =>
                  h(
                    'td',
                    { class: num[i] ? 'num' : null, 'data-label': num[i] ? headers[i]?.slice(1) : headers[i] },
                    c,
                  ),
                ),
              ),
            )
          : h('tr', null, h('td', { colspan: String(headers.length), class: 'muted' }, 'Ingen rækker.')),
      ),
    ),
  );
}
