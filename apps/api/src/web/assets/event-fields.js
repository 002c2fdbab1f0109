// @ts-check
/** Form controls for an event's fields, generated from the engine's field specs (so the form accepts what it does). */
import { h, nextId } from './dom.js';
import { FIELD, VALUE, label } from './labels.js';

/**
 * @typedef {import('./api.js').FieldSpec} FieldSpec
 * @typedef {{ elements: HTMLElement[], read: () => Record<string, unknown> }} FieldSet
 */

/**
 * @param {Record<string, FieldSpec>} fields
 * @param {{ obligations?: { code: string, name: string }[], values?: Record<string, unknown> }} [opts]
 * @returns {FieldSet}
 */
export function eventFields(fields, opts = {}) {
  /** @type {[string, FieldSpec, HTMLInputElement | HTMLSelectElement][]} */
  const controls = [];
  const elements = Object.entries(fields).map(([name, spec]) => {
    const id = nextId(`f-${name}`);
    const value = opts.values?.[name];
    /** @type {HTMLInputElement | HTMLSelectElement} */
    let control;
    if (spec.kind === 'enum' || spec.kind === 'obligation-code') {
      const options =
        spec.kind === 'enum'
          ? (spec.values ?? []).map((v) => ({ value: v, text: label(VALUE, v) }))
          : (opts.obligations ?? []).map((o) => ({ value: o.code, text: o.name }));
      control = h(
        'select',
        { id, name, required: spec.required },
        h('option', { value: '' }, spec.required ? 'Vælg …' : '(ingen)'),
        options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.text)),
      );
    } else if (spec.kind === 'integer' || spec.kind === 'positive-number') {
      control = h('input', {
        id,
        name,
        type: 'number',
        inputmode: 'decimal',
        required: spec.required,
        min: spec.kind === 'integer' ? spec.min : '0',
        max: spec.kind === 'integer' || spec.kind === 'positive-number' ? spec.max : undefined,
        step: spec.kind === 'integer' ? '1' : 'any',
        value: typeof value === 'number' ? String(value) : undefined,
      });
    } else {
      control = h('input', {
        id,
        name,
        type: 'text',
        required: spec.required,
        value: typeof value === 'string' ? value : undefined,
        autocomplete: 'off',
      });
    }
    controls.push([name, spec, control]);
    const hint = spec.kind === 'integer' ? `${spec.min}–${spec.max}` : spec.required ? null : 'valgfri';
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label(FIELD, name), hint ? h('span', { class: 'hint' }, ` (${hint})`) : null),
      control,
    );
  });
  return {
    elements,
    read() {
      /** @type {Record<string, unknown>} */
      const out = {};
      for (const [name, spec, control] of controls) {
        const raw = control.value.trim();
        if (raw === '') continue;
        out[name] = spec.kind === 'integer' || spec.kind === 'positive-number' ? Number(raw) : raw;
      }
      return out;
    },
  };
}

/** A client-chosen idempotency key, fixed for one form so a retried submit is not registered twice. */
export const newEventId = () => `web-${crypto.randomUUID()}`;
