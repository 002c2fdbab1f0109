// @ts-check
import { api, catalog, problemText, teamOptions, withQuery } from '../api.js';
import { dateEl, h, mount, table, todayIso } from '../dom.js';
import { eventFields, newEventId } from '../event-fields.js';
import { actionForm, dateField, dateInput, dateValue, field, select } from '../forms.js';
import { CASE_TYPE, PHASE, label, phaseLabel } from '../labels.js';

/**
 * @typedef {{ id: string, citizenRef: string, team: string, caseType: string, phase: string,
 *   nextDueOn: string | null, overdueCount: number, closedOn: string | null }} CaseListItem
 */

const PAGE = 25;

/** The case list: search by citizen reference, filters in the address (so a search can be bookmarked), paging. */
/** @param {import('../app.js').PageContext} ctx */
export async function casesPage({ main, params, session }) {
  if (!session) return;
  const teams = await teamOptions();
  const filters = {
    q: params.get('q') ?? '',
    team: params.get('team') ?? '',
    caseType: params.get('caseType') ?? '',
    phase: params.get('phase') ?? '',
    dueBefore: params.get('dueBefore') ?? '',
    overdue: params.get('overdue') === 'true',
  };
  const q = h('input', { type: 'search', name: 'q', value: filters.q, autocomplete: 'off', maxlength: '100' });
  const team = select({
    label: 'Team',
    required: false,
    empty: 'Alle mine teams',
    value: filters.team,
    options: session.teams.map((t) => ({ value: t, text: teams.find((x) => x.id === t)?.name ?? t })),
  });
  const caseType = select({
    label: 'Sagstype',
    required: false,
    empty: 'Alle',
    value: filters.caseType,
    options: Object.entries(CASE_TYPE).map(([value, text]) => ({ value, text })),
  });
  const phase = select({
    label: 'Fase',
    required: false,
    empty: 'Alle',
    value: filters.phase,
    options: Object.entries(PHASE).map(([value, text]) => ({ value, text })),
  });
  const dueBefore = dateField({ name: 'dueBefore', value: filters.dueBefore || null, required: false });
  const overdue = h('input', { type: 'checkbox', id: 'cases-overdue', name: 'overdue', checked: filters.overdue });
  const results = h('div', { id: 'case-results' });

  /** @type {CaseListItem[]} */
  let items = [];
  /** @type {string | null} */
  let cursor = null;
  const load = async (more = false) => {
    const page = await api(
      withQuery('/api/v1/cases', {
        q: filters.q,
        team: filters.team,
        caseType: filters.caseType,
        phase: filters.phase,
        dueBefore: filters.dueBefore,
        overdue: filters.overdue ? 'true' : undefined,
        limit: PAGE,
        cursor: more ? cursor : undefined,
      }),
    );
    items = more ? [...items, ...page.items] : page.items;
    cursor = page.nextCursor;
    mount(
      results,
      h('p', { class: 'muted', role: 'status' }, `Viser ${items.length} ${items.length === 1 ? 'sag' : 'sager'}.`),
      table(
        'Sager',
        ['Borger', 'Næste frist', 'Sagstype', 'Fase', 'Team', '#Overskredne'],
        items.map((c) => [
          h('a', { href: `#/sag/${c.id}` }, c.citizenRef),
          dateEl(c.nextDueOn),
          label(CASE_TYPE, c.caseType),
          phaseLabel(c.phase, c.caseType),
          c.team,
          c.overdueCount ? h('span', { class: 'badge overdue' }, String(c.overdueCount)) : '0',
        ]),
        { hideCaption: true },
      ),
      cursor ? h('button', { type: 'button', class: 'secondary', onClick: () => void load(true) }, 'Vis flere') : null,
    );
  };

  mount(
    main,
    h('h1', null, 'Sager'),
    h(
      'form',
      {
        class: 'card filters',
        role: 'search',
        'aria-label': 'Søg i sager',
        onSubmit: (/** @type {SubmitEvent} */ e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          const set = (/** @type {string} */ k, /** @type {string} */ v) => (v ? next.set(k, v) : undefined);
          set('q', q.value.trim());
          set('team', team.value);
          set('caseType', caseType.value);
          set('phase', phase.value);
          set('dueBefore', dateValue(dueBefore));
          set('overdue', overdue.checked ? 'true' : '');
          location.hash = `#/sager${next.toString() ? `?${next}` : ''}`;
        },
      },
      h(
        'div',
        { class: 'fields-inline' },
        field('Borgerreference', q),
        field('Team', team),
        field('Sagstype', caseType),
        field('Fase', phase),
        field('Næste frist senest', dueBefore),
        h('div', { class: 'field' }, h('label', { for: 'cases-overdue', class: 'check' }, overdue, 'Kun overskredne')),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Søg')),
    ),
    results,
    h('h2', null, 'Opret sag'),
    await createCaseForm(session, teams),
  );
  try {
    await load();
  } catch (err) {
    mount(results, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
  }
}

/**
 * "Opret sag": the case type's fields (a fleksjob case needs the birth date) and, optionally, its first event.
 * @param {import('../api.js').Session} session @param {{ id: string, name: string }[]} teams
 */
async function createCaseForm(session, teams) {
  // The token's teams, by their registered names where the registry has them.
  const own = session.teams.map((id) => teams.find((t) => t.id === id) ?? { id, name: id });
  const citizenRef = h('input', { name: 'citizenRef', required: true, maxlength: '100', autocomplete: 'off' });
  const team = select({ label: 'Team', options: own.map((t) => ({ value: t.id, text: t.name })) });
  const caseType = select({
    label: 'Sagstype',
    options: Object.entries(CASE_TYPE).map(([value, text]) => ({ value, text })),
  });
  const birthDate = dateField({ name: 'birthDate', value: null, max: todayIso() });
  const birthField = field('Fødselsdato', birthDate, 'kun fleksjob');
  const firstType = h('select', { name: 'type' });
  const firstDate = dateInput();
  const firstFields = h('div', { class: 'fields-inline' });
  let fields = eventFields({});
  const eventId = newEventId();
  /** @type {import('../api.js').Catalog} */
  let cat = await catalog('fleksjob');
  const drawEvent = () => {
    const spec = cat.eventTypes.find((t) => t.type === firstType.value);
    fields = eventFields(spec?.fields ?? {}, { obligations: cat.obligations });
    mount(firstFields, fields.elements);
  };
  const drawType = async () => {
    const fleksjob = caseType.value === 'fleksjob';
    birthDate.required = fleksjob;
    birthField.hidden = !fleksjob;
    cat = await catalog(caseType.value);
    mount(
      firstType,
      h('option', { value: '' }, '(ingen – registreres senere)'),
      cat.eventTypes
        .filter((t) => t.type !== 'CASE_OPENED' && t.type !== 'CASE_CLOSED')
        .map((t) => h('option', { value: t.type }, t.meaning.charAt(0).toUpperCase() + t.meaning.slice(1))),
    );
    drawEvent();
  };
  caseType.addEventListener('change', () => void drawType());
  firstType.addEventListener('change', drawEvent);
  await drawType();
  return actionForm(
    {
      label: 'Opret sag',
      submit: 'Opret sag',
      intro: 'Brug fagsystemets sagsnummer som borgerreference, aldrig et CPR-nummer.',
      action: async () => {
        const fleksjob = caseType.value === 'fleksjob';
        const created = await api('/api/v1/cases', {
          method: 'POST',
          body: {
            citizenRef: citizenRef.value.trim(),
            team: team.value,
            caseType: caseType.value,
            ...(fleksjob ? { birthDate: dateValue(birthDate) } : {}),
            events: firstType.value
              ? [{ eventId, type: firstType.value, date: dateValue(firstDate), ...fields.read() }]
              : [],
          },
        });
        location.hash = `#/sag/${created.caseId}`;
      },
    },
    h(
      'div',
      { class: 'fields-inline' },
      field('Borgerreference', citizenRef),
      field('Team', team),
      field('Sagstype', caseType),
      birthField,
    ),
    h('div', { class: 'fields-inline' }, field('Første hændelse', firstType, 'valgfri'), field('Dato', firstDate)),
    firstFields,
  );
}
