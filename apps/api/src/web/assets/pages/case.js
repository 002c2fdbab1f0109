// @ts-check
import { allCatalogs, api, catalog, problemText, teamOptions, withQuery } from '../api.js';
import { danishDatesIn, dateEl, formatDate, formatInstant, h, mount, table, todayIso } from '../dom.js';
import { eventFields, newEventId } from '../event-fields.js';
import { actionForm, dateField, dateInput, dateValue, disclosure, field, reasonInput, select } from '../forms.js';
import { exemptionShareNote } from './jobtalk-quota.js';
import {
  AUDIT_ACTION,
  CASE_TYPE,
  ENROLMENT_OUTCOME,
  ENROLMENT_STATUS,
  IMPORT_OUTCOME,
  FIELD,
  KIND,
  SHORT_CODE,
  STATUS,
  VALUE,
  label,
  legalBasisText,
  phaseLabel,
} from '../labels.js';

/**
 * @typedef {{ eventId: string, type: string, date: string, fields: Record<string, unknown>, recordedAt: string,
 *   actor: string | null, corrects: string | null,
 *   retracted: { at: string, reason: string | null, replacedBy: string | null } | null }} CaseEvent
 * @typedef {{ id: string, at: string, actor: string | null, action: string, details: Record<string, unknown> }} AuditEntry
 * @typedef {{ program: string, programName: string, arm: string, version: string, assignedOn: string,
 *   lastDayOn: string, status: string, endedOn: string | null, outcome: string | null,
 *   exemptionReason: string | null, exemptionReasonText: string | null }} Enrolment
 */

/**
 * An event's fields in words: programme ids by name, fritagelse codes by meaning, enum values in Danish.
 * @param {Record<string, unknown>} fields
 * @param {{ programmeName: (id: string) => string, reasonMeaning: (code: string) => string | undefined }} words
 */
function describeFields(fields, words) {
  return Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => {
      let text = typeof v === 'string' ? label(VALUE, v) : String(v);
      if (k === 'program' && typeof v === 'string') text = words.programmeName(v);
      if (k === 'reason' && typeof v === 'string') text = words.reasonMeaning(v) ?? v;
      return `${label(FIELD, k)}: ${text}`;
    })
    .join(' · ');
}

/**
 * An audit entry's details in Danish words: event meanings, obligation and programme names, dates, teams.
 * @param {Record<string, unknown>} d
 * @param {{ meaning: (type: string) => string, obligationName: (code: string) => string,
 *   programmeName: (id: string) => string }} words
 */
function describeAudit(d, words) {
  const str = (/** @type {unknown} */ v) => (typeof v === 'string' ? v : null);
  const isDate = (/** @type {unknown} */ v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
  const value = (/** @type {unknown} */ v) => (isDate(v) ? formatDate(String(v)) : String(v ?? '–'));
  /** @param {unknown} ev */
  const event = (ev) => {
    if (!ev || typeof ev !== 'object') return null;
    const e = /** @type {Record<string, unknown>} */ (ev);
    return `${words.meaning(String(e.type))}${isDate(e.date) ? ` ${formatDate(String(e.date))}` : ''}`;
  };
  const parts = [];
  if (str(d.type))
    parts.push(`${words.meaning(String(d.type))}${isDate(d.date) ? ` ${formatDate(String(d.date))}` : ''}`);
  if (d.old) parts.push(`før: ${event(d.old)}`);
  if (d.new) parts.push(`nu: ${event(d.new)}`);
  if (str(d.code))
    parts.push(
      `${words.obligationName(String(d.code))}${typeof d.occurrence === 'number' ? ` nr. ${d.occurrence}` : ''}`,
    );
  if (d.from !== undefined || d.to !== undefined) {
    // A rule-set change moves a deadline from one kind and rule set to another; other moves are dates or people.
    const who = (/** @type {unknown} */ v) => {
      if (v === null) return 'ingen';
      if (v && typeof v === 'object') {
        const r = /** @type {{ kind?: unknown, ruleSet?: unknown }} */ (v);
        return `${label(KIND, str(r.kind))}${str(r.ruleSet) ? ` (regelsæt ${r.ruleSet})` : ''}`;
      }
      return value(v);
    };
    parts.push(`fra ${who(d.from)} til ${who(d.to)}`);
  }
  if (isDate(d.dueOn)) parts.push(`frist ${formatDate(String(d.dueOn))}`);
  if (str(d.program))
    parts.push(`${words.programmeName(String(d.program))}${str(d.arm) ? `, ${label(VALUE, String(d.arm))}` : ''}`);
  if (str(d.reasonText)) parts.push(`årsag: ${d.reasonText}`);
  if (str(d.note)) parts.push(`note: ${d.note}`);
  if (str(d.reason)) parts.push(`begrundelse: ${d.reason}`);
  if (str(d.team)) parts.push(`team ${d.team}`);
  if (str(d.batchId))
    parts.push(
      `${label(IMPORT_OUTCOME, str(d.outcome))} fra ${str(d.source) ?? 'importfil'}` +
        `${typeof d.line === 'number' ? `, linje ${d.line}` : ''}` +
        `${typeof d.events === 'number' ? `, ${d.events} hændelser` : ''}`,
    );
  return parts.join(' · ') || '–';
}

/** Events with their own action on the case page (close, trial forms) or none a person registers (case opened). */
const MANAGED_ELSEWHERE = new Set(['CASE_OPENED', 'CASE_CLOSED', 'TRIAL_ASSIGNED', 'TRIAL_EXEMPTED']);

/** @param {string} s */
const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** A case: its facts, obligations with explanations, timeline and audit trail. */
/** @param {import('../app.js').PageContext} ctx @param {string} [notice] shown above the case after an action */
export async function casePage(ctx, notice) {
  const { main, arg, session } = ctx;
  if (!arg) {
    mount(main, h('h1', null, 'Sag'), h('p', null, 'Ingen sag valgt.'));
    return;
  }
  /** @type {any} */
  let view;
  /** @type {AuditEntry[]} */
  let audit = [];
  /** @type {import('../api.js').Catalog} */
  let cat;
  /** @type {import('../api.js').Catalog} */
  let all;
  /** @type {Enrolment[]} */
  let enrolments = [];
  try {
    const id = encodeURIComponent(arg);
    view = await api(`/api/v1/cases/${id}`);
    // A case that has taken MIG-2026 has job-talk periods or rows of a 2026 rule set; it knows the 2026 events.
    const migrated =
      view.jobtalkPeriods.length > 0 || view.obligations.some((/** @type {any} */ o) => /-2026$/.test(o.ruleSet));
    // Event meanings in the case type's own vocabulary; obligation names from every case type (trial overlays).
    [cat, all, audit, enrolments] = await Promise.all([
      catalog(view.caseType, migrated),
      allCatalogs(),
      api(withQuery(`/api/v1/cases/${id}/audit`, { limit: 200 })).then((p) => p.items),
      api(`/api/v1/cases/${id}/trials`).then((p) => p.items),
    ]);
  } catch (err) {
    mount(main, h('h1', null, 'Sag'), h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    return;
  }
  const meaning = (/** @type {string} */ type) => cat.eventTypes.find((e) => e.type === type)?.meaning ?? type;
  // Trial overlays are not in a case type's catalog: their short Danish names stand in.
  const obligationName = (/** @type {string} */ code) =>
    all.obligations.find((o) => o.code === code)?.name ?? label(SHORT_CODE, code);
  const programmeName = (/** @type {string} */ id) => cat.programmes.find((p) => p.id === id)?.name ?? id;
  const reasonMeaning = (/** @type {string} */ code) =>
    cat.programmes.flatMap((p) => p.reasonCodes).find((r) => r.code === code)?.meaning;
  const caseUrl = `/api/v1/cases/${encodeURIComponent(arg)}`;
  /** After an action: draw the case again from the API, with what happened on top. @param {string} text */
  const done = async (text) => {
    await casePage(ctx, text);
    /** @type {HTMLElement | null} */ (main.querySelector('#case-notice [role=status]'))?.focus();
    return undefined;
  };
  const closed = view.phase === 'CLOSED';
  const teams = session && !closed ? await teamOptions() : [];

  /** @type {CaseEvent[]} */
  const events = view.events;
  /** @type {import('./inbox.js').Task[]} */
  const obligations = view.obligations;
  mount(
    main,
    h('h1', null, `Sag ${view.citizenRef}`),
    h(
      'div',
      { id: 'case-notice' },
      notice ? h('div', { class: 'notice', role: 'status', tabindex: '-1' }, notice) : null,
    ),
    h(
      'div',
      { class: 'kpis' },
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'label' }, 'Fase'),
        h('div', null, h('strong', null, phaseLabel(view.phase, view.caseType))),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'label' }, 'Sagstype'),
        h('div', null, h('strong', null, label(CASE_TYPE, view.caseType))),
      ),
      h('div', { class: 'kpi' }, h('div', { class: 'label' }, 'Team'), h('div', null, h('strong', null, view.team))),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'label' }, 'Næste frist'),
        h('div', null, h('strong', null, dateEl(view.nextDueOn))),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'label' }, 'Overskredne'),
        h('div', { class: 'value' }, String(view.overdueCount)),
      ),
    ),
    closed
      ? h('p', { class: 'muted' }, 'Sagen er afsluttet.')
      : [
          h('h2', null, 'Handlinger'),
          h(
            'div',
            { class: 'case-actions' },
            registerEventForm(),
            moveForm(),
            closeForm(),
            cat.programmes.length ? trialForms() : null,
          ),
        ],
    h('h2', null, 'Forpligtelser'),
    table(
      'Forpligtelser og deres frister',
      ['Forpligtelse', '#Nr.', 'Status', 'Startet', 'Frist', 'Lukket', 'Hvorfor'],
      obligations.map((o) => [
        h('span', null, obligationName(o.code), h('br'), h('span', { class: 'hint' }, label(KIND, o.kind))),
        String(o.occurrence),
        h('span', { class: `badge ${o.status}` }, label(STATUS, o.status)),
        dateEl(o.startedOn),
        h(
          'span',
          { class: 'nowrap' },
          dateEl(o.dueOn),
          o.nominalDueOn !== o.dueOn
            ? h('span', { class: 'hint' }, h('br'), 'nominelt ', dateEl(o.nominalDueOn))
            : null,
        ),
        dateEl(o.closedOn),
        h(
          'details',
          { class: 'why' },
          h('summary', null, 'Hvorfor?'),
          h('p', null, danishDatesIn(o.explanation)),
          h('p', { 'data-field': 'legal-basis' }, `Hjemmel: ${legalBasisText(o.legalBasis)}`),
          h('p', { class: 'hint' }, `${label(KIND, o.kind)} · regelsæt ${o.ruleSet}`),
        ),
      ]),
      { hideCaption: true },
    ),
    enrolments.length
      ? [
          h('h2', null, 'Forsøg'),
          table(
            'Sagens forsøg',
            ['Forsøg', 'Gruppe', 'Periode', 'Status', 'Fritagelse'],
            enrolments.map((e) => [
              h('span', null, e.programName, h('br'), h('span', { class: 'hint' }, `${e.program} · ${e.version}`)),
              label(VALUE, e.arm),
              h('span', { class: 'nowrap' }, dateEl(e.assignedOn), ' – ', dateEl(e.lastDayOn)),
              h(
                'span',
                null,
                label(ENROLMENT_STATUS, e.status),
                e.endedOn
                  ? h('span', { class: 'hint' }, h('br'), `${label(ENROLMENT_OUTCOME, e.outcome)} `, dateEl(e.endedOn))
                  : null,
              ),
              e.exemptionReason ? (e.exemptionReasonText ?? e.exemptionReason) : '–',
            ]),
            { hideCaption: true },
          ),
        ]
      : null,
    h('h2', null, 'Tidslinje'),
    table(
      'Sagens hændelser i datoorden',
      ['Dato', 'Hændelse', 'Detaljer', 'Registreret', 'Af', 'Ret'],
      events.map((e) => {
        const cells = [
          dateEl(e.date),
          capitalize(meaning(e.type)),
          h(
            'span',
            { class: e.retracted ? 'note' : null },
            describeFields(e.fields, { programmeName, reasonMeaning }),
            e.retracted
              ? h(
                  'span',
                  { class: 'badge cancelled' },
                  ` tilbagekaldt${e.retracted.reason ? `: ${e.retracted.reason}` : ''}`,
                )
              : null,
          ),
          formatInstant(e.recordedAt),
          e.actor ?? 'system',
          e.retracted || e.type === 'CASE_OPENED' || (closed && e.type !== 'CASE_CLOSED') ? '–' : eventActions(e),
        ];
        return cells;
      }),
      { hideCaption: true },
    ),
    h('h2', null, 'Revisionsspor'),
    table(
      'Revisionsspor',
      ['Tidspunkt', 'Handling', 'Detaljer', 'Af'],
      audit.map((a) => [
        formatInstant(a.at),
        label(AUDIT_ACTION, a.action),
        describeAudit(a.details, { meaning, obligationName, programmeName }),
        a.actor ?? 'system',
      ]),
      { hideCaption: true },
    ),
  );

  /** Any event of the case type's vocabulary, through a form generated from the catalog's field specs. */
  function registerEventForm() {
    const types = cat.eventTypes.filter((t) => !MANAGED_ELSEWHERE.has(t.type));
    const type = select({
      label: 'Hændelse',
      name: 'type',
      empty: 'Vælg …',
      options: types.map((t) => ({ value: t.type, text: capitalize(t.meaning) })),
    });
    const date = dateInput();
    const box = h('div', { class: 'fields-inline' });
    // A job-talk exemption shows the exempted share of the quarter it counts in; a warning, never a block.
    const shareBox = h('div', { 'aria-live': 'polite' });
    let fields = eventFields({});
    const eventId = newEventId();
    type.addEventListener('change', () => {
      fields = eventFields(types.find((t) => t.type === type.value)?.fields ?? {}, { obligations: cat.obligations });
      mount(box, fields.elements);
      mount(shareBox);
      if (type.value !== 'JOBTALKS_EXEMPTED') return;
      /** @type {{ lastDay: string, outcome: string }[]} */
      const periods = view.jobtalkPeriods;
      const period = periods.find((p) => p.outcome === 'open') ?? periods[periods.length - 1];
      exemptionShareNote(view.team, period?.lastDay).then(
        (note) => type.value === 'JOBTALKS_EXEMPTED' && mount(shareBox, note),
        () => mount(shareBox, h('p', { class: 'hint' }, 'Undtagelsesandelen kunne ikke hentes.')),
      );
    });
    return disclosure(
      'Registrér hændelse …',
      actionForm(
        {
          label: 'Registrér hændelse',
          submit: 'Registrér',
          action: async () => {
            await api(`${caseUrl}/events`, {
              method: 'POST',
              body: { eventId, type: type.value, date: dateValue(date), ...fields.read() },
            });
            return done(`Registreret: ${capitalize(meaning(type.value))}`);
          },
        },
        h('div', { class: 'fields-inline' }, field('Hændelse', type), field('Dato', date)),
        box,
        shareBox,
      ),
    );
  }

  function moveForm() {
    const others = teams.filter((t) => t.id !== view.team);
    if (!others.length) return null;
    const team = select({
      label: 'Til team',
      empty: 'Vælg …',
      options: others.map((t) => ({ value: t.id, text: t.name })),
    });
    const reason = reasonInput();
    return disclosure(
      'Flyt sag …',
      actionForm(
        {
          label: 'Flyt sag',
          submit: 'Flyt sagen',
          intro: 'Sagen og dens åbne opgaver flyttes til det andet team.',
          action: async () => {
            await api(`${caseUrl}/move`, { method: 'POST', body: { team: team.value, reason: reason.value.trim() } });
            return done(`Sagen er flyttet til ${team.value}.`);
          },
        },
        field('Til team', team),
        field('Begrundelse', reason),
      ),
    );
  }

  function closeForm() {
    const date = dateInput();
    const reason = reasonInput();
    return disclosure(
      'Afslut sag …',
      actionForm(
        {
          label: 'Afslut sag',
          submit: 'Afslut sagen',
          secondary: true,
          intro: 'Alle åbne forpligtelser bortfalder. Afslutningen kan tilbagekaldes i tidslinjen.',
          action: async () => {
            await api(`${caseUrl}/close`, {
              method: 'POST',
              body: { date: dateValue(date), reason: reason.value.trim() },
            });
            return done('Sagen er afsluttet.');
          },
        },
        field('Dato', date),
        field('Begrundelse', reason),
      ),
    );
  }

  /** Randomisation into an arm, and fritagelse with one of the programme's reason codes. */
  function trialForms() {
    const programmes = cat.programmes;
    const enrolled = new Set(enrolments.map((e) => e.program));
    const open = programmes.filter((p) => !enrolled.has(p.id));
    // A fritagelse is dated: a finished enrolment may still be exempted as of a day inside its period (the API checks).
    const active = enrolments.filter((e) => e.status !== 'exempted');
    const parts = [];
    if (open.length) {
      const programme = select({ label: 'Forsøg', options: open.map((p) => ({ value: p.id, text: p.name })) });
      const arm = select({ label: 'Gruppe', options: [] });
      const fillArms = () =>
        mount(
          arm,
          (open.find((p) => p.id === programme.value)?.arms ?? []).map((a) =>
            h('option', { value: a }, label(VALUE, a)),
          ),
        );
      programme.addEventListener('change', fillArms);
      fillArms();
      const date = dateInput();
      const reason = reasonInput();
      parts.push(
        disclosure(
          'Tilmeld forsøg …',
          actionForm(
            {
              label: 'Tilmeld forsøg',
              submit: 'Tilmeld',
              action: async () => {
                await api(`${caseUrl}/trials/${encodeURIComponent(programme.value)}/assign`, {
                  method: 'POST',
                  body: { arm: arm.value, date: dateValue(date), reason: reason.value.trim() },
                });
                return done(`Tilmeldt ${programmeName(programme.value)}: ${label(VALUE, arm.value)}.`);
              },
            },
            h('div', { class: 'fields-inline' }, field('Forsøg', programme), field('Gruppe', arm), field('Dato', date)),
            field('Begrundelse', reason, 'fx hvordan sagen blev randomiseret'),
          ),
        ),
      );
    }
    if (active.length) {
      const programme = select({
        label: 'Forsøg',
        options: active.map((e) => ({ value: e.program, text: e.programName })),
      });
      const code = select({ label: 'Årsag', options: [] });
      const date = dateInput();
      const fillCodes = () =>
        mount(
          code,
          (programmes.find((p) => p.id === programme.value)?.reasonCodes ?? [])
            .filter((r) => r.effectiveFrom <= dateValue(date))
            .map((r) => h('option', { value: r.code }, capitalize(r.meaning))),
        );
      programme.addEventListener('change', fillCodes);
      date.addEventListener('change', fillCodes);
      fillCodes();
      const note = h('textarea', { name: 'note', rows: '2', maxlength: '500' });
      parts.push(
        disclosure(
          'Fritag fra forsøg …',
          actionForm(
            {
              label: 'Fritag fra forsøg',
              submit: 'Fritag',
              secondary: true,
              intro: 'En fritagelse er endelig.',
              action: async () => {
                const text = note.value.trim();
                await api(`${caseUrl}/trials/${encodeURIComponent(programme.value)}/exempt`, {
                  method: 'POST',
                  body: { reasonCode: code.value, date: dateValue(date), ...(text ? { note: text } : {}) },
                });
                return done(`Fritaget fra ${programmeName(programme.value)}.`);
              },
            },
            h('div', { class: 'fields-inline' }, field('Forsøg', programme), field('Dato', date), field('Årsag', code)),
            field('Note', note, 'valgfri'),
          ),
        ),
      );
    }
    return parts;
  }

  /** Correct (replace) or retract one registered event, each with a reason kept in the audit trail. @param {CaseEvent} e */
  function eventActions(e) {
    // Decisions with their own forms (close, trial) are undone by retraction only.
    const retractOnly = MANAGED_ELSEWHERE.has(e.type);
    const spec = cat.eventTypes.find((t) => t.type === e.type);
    const date = dateField({ value: e.date, max: todayIso() });
    const fields = eventFields(spec?.fields ?? {}, { obligations: cat.obligations, values: e.fields });
    const reason = reasonInput();
    const retractReason = reasonInput();
    const replacementId = newEventId();
    return h(
      'div',
      { class: 'event-actions' },
      retractOnly
        ? null
        : disclosure(
            'Ret …',
            actionForm(
              {
                label: `Ret ${meaning(e.type)} ${e.date}`,
                submit: 'Gem rettelse',
                action: async () => {
                  await api(`${caseUrl}/events/${encodeURIComponent(e.eventId)}/correct`, {
                    method: 'POST',
                    body: {
                      reason: reason.value.trim(),
                      replacement: { eventId: replacementId, type: e.type, date: dateValue(date), ...fields.read() },
                    },
                  });
                  return done(`Rettet: ${meaning(e.type)}`);
                },
              },
              field('Dato', date),
              fields.elements,
              field('Begrundelse', reason),
            ),
          ),
      disclosure(
        'Tilbagekald …',
        actionForm(
          {
            label: `Tilbagekald ${meaning(e.type)} ${e.date}`,
            submit: 'Tilbagekald',
            secondary: true,
            action: async () => {
              await api(`${caseUrl}/events/${encodeURIComponent(e.eventId)}/retract`, {
                method: 'POST',
                body: { reason: retractReason.value.trim() },
              });
              return done(`Tilbagekaldt: ${meaning(e.type)}`);
            },
          },
          field('Begrundelse', retractReason),
        ),
      ),
    );
  }

  // Retracted events stay visible, struck through.
  main.querySelectorAll('tbody tr').forEach((tr) => {
    if (tr.querySelector('.note .badge.cancelled')) tr.classList.add('retracted');
  });
}
