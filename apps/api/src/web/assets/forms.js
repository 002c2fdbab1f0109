// @ts-check
/** Small form building blocks shared by the pages: labelled fields, and a submit that reports in Danish. */
import { problemFields, problemText } from './api.js';
import { announce, h, mount, nextId, todayIso } from './dom.js';
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

/** A date input, today by default, not after today unless `future`. @param {{ name?: string, future?: boolean }} [opts] */
export const dateInput = (opts = {}) =>
  h('input', {
    type: 'date',
    name: opts.name ?? 'date',
    required: true,
    value: todayIso(),
    max: opts.future ? undefined : todayIso(),
  });

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
