// @ts-check
/** Small form building blocks shared by the pages: labelled fields, and a submit that reports in Danish. */
import { downloadCsv, problemFields, problemText } from './api.js';
import { announce, danishDate, h, mount, nextId, todayIso } from './dom.js';
import { FIELD, label } from './labels.js';

/**
 * A labelled control.
 * @param {string} text @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control @param {string} [hint]
 */
export function field(text, control, hint) {
  if (!control.id) control.id = nextId('f');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, text, hint ? h('span', { class: 'hint' }, ` (${hint})`) : null),
    control,
  );
}

/** Danish date entry: 7-12-2026, 07.12.2026, 07/12/2026, 07122026 (and ISO, as pasted from a system). */
const DANISH_DATE = /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$|^(\d{2})(\d{2})(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A typed date as YYYY-MM-DD: '' when empty, null when it is not a calendar date.
 * @param {string} text @returns {string | null}
 */
export function parseDate(text) {
  const t = text.trim();
  if (!t) return '';
  const d = DANISH_DATE.exec(t);
  const iso = ISO_DATE.exec(t);
  const [day, month, year] = d ? [d[1] ?? d[4], d[2] ?? d[5], d[3] ?? d[6]] : iso ? [iso[3], iso[2], iso[1]] : [];
  if (!day || !month || !year) return null;
  const out = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const check = new Date(`${out}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === out ? out : null;
}

/**
 * A date field that reads and writes dd-mm-åååå on every device: a native date input shows the phone's own
 * format (US month first on many phones), whatever the page's language. Read it with `dateValue()`.
 * @param {{ name?: string, value?: string | null, max?: string, required?: boolean }} [opts] `value` and `max` are
 *   ISO dates; `value` defaults to today (null: empty)
 */
export function dateField(opts = {}) {
  const value = opts.value === undefined ? todayIso() : opts.value;
  const input = h('input', {
    type: 'text',
    name: opts.name ?? 'date',
    lang: 'da',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'dd-mm-åååå',
    required: opts.required ?? true,
    value: value ? danishDate(value) : undefined,
    'data-date': '',
    'data-max': opts.max,
  });
  const check = () => {
    const iso = parseDate(input.value);
    input.setCustomValidity(
      iso === null
        ? 'Skriv datoen som dag-måned-år, fx 07-12-2026.'
        : iso && opts.max && iso > opts.max
          ? `Datoen kan ikke ligge efter ${danishDate(opts.max)}.`
          : '',
    );
  };
  input.addEventListener('input', check);
  // Shown the Danish way once the field is left: 7.12.2026 becomes 07-12-2026.
  input.addEventListener('change', () => {
    const iso = parseDate(input.value);
    if (iso) input.value = danishDate(iso);
    check();
  });
  check();
  return input;
}

/** A date field's value as YYYY-MM-DD ('' when empty or not a date). @param {HTMLInputElement} input */
export const dateValue = (input) => parseDate(input.value) ?? '';

/** A date input, today by default, not after today unless `future`. @param {{ name?: string, future?: boolean }} [opts] */
export const dateInput = (opts = {}) =>
  dateField({ ...(opts.name ? { name: opts.name } : {}), ...(opts.future ? {} : { max: todayIso() }) });

/** A required free-text reason. */
export const reasonInput = () => h('textarea', { name: 'reason', required: true, rows: '2', maxlength: '500' });

/**
 * @param {{ label: string, options: { value: string, text: string }[], name?: string, required?: boolean,
 *   empty?: string, value?: string }} opts
 */
export function select(opts) {
  return h(
    'select',
    { name: opts.name ?? null, required: opts.required ?? true },
    opts.empty !== undefined ? h('option', { value: '' }, opts.empty) : null,
    opts.options.map((o) => h('option', { value: o.value, selected: o.value === opts.value }, o.text)),
  );
}

/**
 * A form whose submit runs `action`; an error from the API shows inside the form in Danish, with the fields it names.
 * @param {{ label: string, submit: string, action: () => Promise<string | void>, intro?: string,
 *   secondary?: boolean }} opts
 * @param {...import('./dom.js').Child | import('./dom.js').Child[]} children
 */
export function actionForm(opts, ...children) {
  const status = h('div', { class: 'form-status' });
  const button = h('button', { type: 'submit', class: opts.secondary ? 'secondary' : null }, opts.submit);
  const form = h(
    'form',
    {
      class: 'task-form',
      'aria-label': opts.label,
      onSubmit: async (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        button.disabled = true;
        try {
          const done = await opts.action();
          if (done) {
            mount(status, h('div', { class: 'notice', role: 'status' }, done));
            announce(done);
          }
        } catch (err) {
          const fields = problemFields(err, (f) => label(FIELD, f));
          mount(
            status,
            h(
              'div',
              { class: 'alert', role: 'alert' },
              problemText(err),
              fields.length
                ? h(
                    'ul',
                    null,
                    fields.map((f) => h('li', null, f)),
                  )
                : null,
            ),
          );
        } finally {
          button.disabled = false;
        }
      },
    },
    opts.intro ? h('p', null, opts.intro) : null,
    ...children,
    h('div', { class: 'actions' }, button),
    status,
  );
  return form;
}

/**
 * A disclosure that holds one form: the summary names the action.
 * @param {string} summary @param {...import('./dom.js').Child | import('./dom.js').Child[]} children
 */
export const disclosure = (summary, ...children) =>
  h('details', { class: 'action' }, h('summary', null, summary), ...children);

/**
 * "Hent som CSV": the table's rows from its endpoint (with the page's filters) as a file for Excel. `what` names the
 * table for screen readers, since a page has several of these buttons.
 * @param {string} what @param {string} path
 */
export function csvButton(what, path) {
  const status = h('span', { class: 'export-status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      onClick: async () => {
        button.disabled = true;
        mount(status);
        try {
          const name = await downloadCsv(path);
          announce(`${name} er hentet.`);
        } catch (err) {
          mount(status, h('span', { class: 'alert inline', role: 'alert' }, problemText(err)));
        } finally {
          button.disabled = false;
        }
      },
    },
    'Hent som CSV',
    h('span', { class: 'visually-hidden' }, ` (${what})`),
  );
  return h('div', { class: 'export' }, button, status);
}
