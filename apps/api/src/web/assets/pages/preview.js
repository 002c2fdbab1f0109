// @ts-check
import { api, ApiError, catalog, problemText } from '../api.js';
import { announce, danishDate, danishDatesIn, dateEl, formatDate, h, mount, nextId, table, todayIso } from '../dom.js';
import { eventFields } from '../event-fields.js';
import { dateField, dateValue, parseDate } from '../forms.js';
import { KIND, STATUS, label, legalBasisText } from '../labels.js';

const STORE = 'frist.preview';

/**
 * @typedef {{ type: string, date: string, [field: string]: unknown }} PreviewEvent
 * @typedef {{ case: { birthDate: string }, events: PreviewEvent[], asOf: string }} Timeline
 */

/** "Hvad nu hvis?": build a timeline, run it through the engine (POST /api/v1/preview), read every date's reason. */
/** @param {import('../app.js').PageContext} ctx */
export async function previewPage({ main }) {
  const cat = await catalog();
  /** @type {Timeline} */
  const saved = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') ?? {
    case: { birthDate: '1980-01-01' },
    events: [{ type: 'VISITATION_DECIDED', date: todayIso() }],
    asOf: todayIso(),
  };

  const birth = dateField({ value: saved.case.birthDate });
  birth.id = 'pv-birth';
  const asOf = dateField({ value: saved.asOf });
  asOf.id = 'pv-asof';
  asOf.setAttribute('aria-describedby', 'pv-asof-hint');
  const rows = h('ol', { class: 'tasks', id: 'pv-events' });
  const result = h('div', { id: 'pv-result', 'aria-live': 'polite' });
  const json = h('textarea', { id: 'pv-json', rows: '8', spellcheck: 'false' });

  /** @type {{ el: HTMLElement, read: () => PreviewEvent }[]} */
  let eventRows = [];

  const renumber = () => {
    eventRows.forEach((r, i) => {
      const legend = r.el.querySelector('legend');
      if (legend) legend.textContent = `Hændelse ${i + 1}`;
      r.el.querySelector('button.remove')?.setAttribute('aria-label', `Fjern hændelse ${i + 1}`);
    });
  };

  /** @param {PreviewEvent} ev */
  const addRow = (ev) => {
    const typeId = nextId('pv-type');
    const dateId = nextId('pv-date');
    const fieldsBox = h('div', { class: 'fields-inline' });
    /** @type {import('../event-fields.js').FieldSet} */
    let fields = { elements: [], read: () => ({}) };
    const type = h(
      'select',
      { id: typeId, required: true },
      cat.eventTypes.map((t) => h('option', { value: t.type, selected: t.type === ev.type }, capitalize(t.meaning))),
    );
    const date = dateField({ value: parseDate(String(ev.date ?? '')) || null });
    date.id = dateId;
    const renderFields = (/** @type {Record<string, unknown>} */ values) => {
      const spec = cat.eventTypes.find((t) => t.type === type.value)?.fields ?? {};
      fields = eventFields(spec, { obligations: cat.obligations, values });
      mount(fieldsBox, fields.elements);
    };
    type.addEventListener('change', () => renderFields({}));
    const { type: _t, date: _d, ...values } = ev;
    renderFields(values);
    const row = {
      el: h(
        'li',
        null,
        h(
          'fieldset',
          null,
          h('legend', null, 'Hændelse'),
          h(
            'div',
            { class: 'fields-inline' },
            h('div', { class: 'field' }, h('label', { for: typeId }, 'Type'), type),
            h('div', { class: 'field' }, h('label', { for: dateId }, 'Dato'), date),
          ),
          fieldsBox,
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'link remove',
                onClick: () => {
                  eventRows = eventRows.filter((r) => r !== row);
                  row.el.remove();
                  renumber();
                  /** @type {HTMLElement | null} */ (document.getElementById('pv-add'))?.focus();
                },
              },
              'Fjern',
            ),
          ),
        ),
      ),
      read: () => /** @type {PreviewEvent} */ ({ type: type.value, date: dateValue(date), ...fields.read() }),
    };
    eventRows.push(row);
    rows.append(row.el);
    renumber();
    return row;
  };

  /** @returns {Timeline} */
  const timeline = () => ({
    case: { birthDate: dateValue(birth) },
    events: eventRows.map((r) => r.read()),
    asOf: dateValue(asOf),
  });

  /** @param {Timeline} t */
  const load = (t) => {
    birth.value = danishDate(t.case?.birthDate ?? '');
    asOf.value = danishDate(t.asOf ?? todayIso());
    eventRows = [];
    rows.replaceChildren();
    for (const ev of t.events ?? []) addRow(ev);
  };

  const compute = async () => {
    const input = timeline();
    sessionStorage.setItem(STORE, JSON.stringify(input));
    json.value = JSON.stringify(input, null, 2);
    try {
      const out = await api('/api/v1/preview', { method: 'POST', body: input });
      renderResult(out);
      announce(`Beregnet: ${out.obligations.length} forpligtelser.`);
    } catch (err) {
      const issues = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      mount(
        result,
        h(
          'div',
          { class: 'alert', role: 'alert' },
          h('strong', null, 'Tidslinjen kan ikke beregnes.'),
          issues.length
            ? h(
                'ul',
                null,
                issues.map((i) => h('li', null, `${describePath(i.path ?? '')} er ikke gyldig.`)),
              )
            : h('p', null, problemText(err)),
        ),
      );
    }
  };

  /** @param {any} out */
  const renderResult = (out) => {
    const name = (/** @type {string} */ code) => cat.obligations.find((o) => o.code === code)?.name ?? code;
    mount(
      result,
      h('h2', { id: 'pv-result-h', tabindex: '-1' }, `Resultat pr. ${formatDate(out.asOf)}`),
      h(
        'p',
        { class: 'hint' },
        `Regelsæt ${out.ruleSet}. Frister der falder på en helligdag eller i en weekend, flyttes til arbejdsdagen før.`,
      ),
      out.warnings.length
        ? h(
            'div',
            { class: 'alert' },
            h('strong', null, 'Advarsler'),
            h(
              'ul',
              null,
              out.warnings.map((/** @type {any} */ w) =>
                h(
                  'li',
                  null,
                  `Hændelse ${w.eventIndex + 1} (${cat.eventTypes.find((e) => e.type === w.type)?.meaning ?? 'ukendt type'}) er ikke brugt i beregningen.`,
                ),
              ),
            ),
          )
        : null,
      table(
        'Forpligtelser',
        ['Forpligtelse', '#Nr.', 'Status', 'Startet', 'Frist', 'Forklaring'],
        out.obligations.map((/** @type {any} */ o) => [
          h('span', null, name(o.code), h('br'), h('span', { class: 'hint' }, label(KIND, o.kind))),
          String(o.occurrence),
          h('span', { class: `badge ${o.status}` }, label(STATUS, o.status)),
          dateEl(o.startedOn),
          h(
            'span',
            { class: 'nowrap', 'data-code': o.code },
            dateEl(o.dueOn),
            o.nominalDueOn !== o.dueOn
              ? h(
                  'span',
                  null,
                  h('br'),
                  h('span', { class: 'badge shifted' }, 'flyttet fra '),
                  ' ',
                  dateEl(o.nominalDueOn),
                )
              : null,
          ),
          h(
            'span',
            null,
            danishDatesIn(o.explanation),
            o.legalBasis ? h('span', { class: 'hint' }, h('br'), `Hjemmel: ${legalBasisText(o.legalBasis)}`) : null,
          ),
        ]),
        { hideCaption: true },
      ),
    );
    /** @type {HTMLElement | null} */ (document.getElementById('pv-result-h'))?.focus();
  };

  mount(
    main,
    h('h1', null, 'Hvad nu hvis?'),
    h(
      'p',
      { class: 'lead' },
      'Byg en tidslinje og se, hvilke frister motoren beregner og hvorfor – uden at røre en rigtig sag. Samme beregning som sagerne bruger.',
    ),
    h(
      'form',
      {
        'aria-label': 'Tidslinje',
        onSubmit: (/** @type {SubmitEvent} */ e) => {
          e.preventDefault();
          void compute();
        },
      },
      h(
        'div',
        { class: 'card fields-inline' },
        h('div', { class: 'field' }, h('label', { for: 'pv-birth' }, 'Borgerens fødselsdato'), birth),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'pv-asof' }, 'Opgør pr.'),
          asOf,
          h(
            'span',
            { id: 'pv-asof-hint', class: 'hint visually-hidden' },
            'Hændelser efter denne dato tæller ikke med',
          ),
        ),
      ),
      h('h2', null, 'Hændelser'),
      rows,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            id: 'pv-add',
            onClick: () =>
              addRow({ type: 'CONTACT_HELD', date: dateValue(asOf) || todayIso(), form: 'phone' })
                .el.querySelector('select')
                ?.focus(),
          },
          'Tilføj hændelse',
        ),
        h('button', { type: 'submit', id: 'pv-run' }, 'Beregn'),
      ),
    ),
    h(
      'details',
      { class: 'card' },
      h('summary', null, 'Tidslinje som JSON'),
      h(
        'p',
        { class: 'hint' },
        'Samme format som ',
        h('code', null, 'frist preview'),
        ' og API’et. Indsæt en tidslinje og indlæs den.',
      ),
      h('label', { for: 'pv-json' }, 'JSON'),
      json,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onClick: () => {
              try {
                load(JSON.parse(json.value));
                announce('Tidslinjen er indlæst.');
              } catch {
                mount(result, h('div', { class: 'alert', role: 'alert' }, 'Teksten er ikke gyldig JSON.'));
              }
            },
          },
          'Indlæs JSON',
        ),
      ),
    ),
    result,
  );
  load(saved);
  json.value = JSON.stringify(saved, null, 2);
}

/** "events[2].date" → "Hændelse 3, dato". @param {string} path */
function describePath(path) {
  const m = /^events\[(\d+)\]\.?(.*)$/.exec(path);
  if (m) return `Hændelse ${Number(m[1]) + 1}${m[2] ? `, ${m[2]}` : ''}`;
  if (path === 'case.birthDate') return 'Fødselsdato';
  if (path === 'asOf') return 'Opgør pr.';
  return path || 'Tidslinjen';
}

/** @param {string} s */
const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
