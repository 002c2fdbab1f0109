// @ts-check
import { allCatalogs, api, catalog, problemText, withQuery } from '../api.js';
import { dateEl, formatInstant, h, mount, table } from '../dom.js';
import {
  AUDIT_ACTION,
  CASE_TYPE,
  ENROLMENT_OUTCOME,
  ENROLMENT_STATUS,
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

/** @param {Record<string, unknown>} fields */
function describeFields(fields) {
  return Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${label(FIELD, k)}: ${typeof v === 'string' ? label(VALUE, v) : String(v)}`)
    .join(' · ');
}

/** @param {Record<string, unknown>} d */
function describeAudit(d) {
  const parts = [];
  if (typeof d.type === 'string') parts.push(`${d.type} ${typeof d.date === 'string' ? d.date : ''}`.trim());
  if (typeof d.code === 'string') parts.push(`${d.code}${typeof d.occurrence === 'number' ? ` #${d.occurrence}` : ''}`);
  if (typeof d.from === 'string' || typeof d.to === 'string')
    parts.push(`${String(d.from ?? '–')} → ${String(d.to ?? '–')}`);
  if (typeof d.program === 'string')
    parts.push(`${d.program}${typeof d.arm === 'string' ? ` ${label(VALUE, d.arm)}` : ''}`);
  if (typeof d.reasonText === 'string') parts.push(`årsag: ${d.reasonText}`);
  if (typeof d.note === 'string') parts.push(`note: ${d.note}`);
  if (typeof d.reason === 'string') parts.push(`begrundelse: ${d.reason}`);
  if (typeof d.team === 'string') parts.push(`team ${d.team}`);
  return parts.join(' · ') || JSON.stringify(d);
}

/** A case: its facts, obligations with explanations, timeline and audit trail. */
/** @param {import('../app.js').PageContext} ctx */
export async function casePage({ main, arg }) {
  if (!arg) {
    mount(main, h('h1', null, 'Sag'), h('p', null, 'Ingen sag valgt.'));
    return;
  }
  let view;
  /** @type {AuditEntry[]} */
  let audit = [];
  let cat;
  let all;
  /** @type {Enrolment[]} */
  let enrolments = [];
  try {
    const id = encodeURIComponent(arg);
    view = await api(`/api/v1/cases/${id}`);
    // Event meanings in the case type's own vocabulary; obligation names from every case type (trial overlays).
    [cat, all, audit, enrolments] = await Promise.all([
      catalog(view.caseType),
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

  /** @type {CaseEvent[]} */
  const events = view.events;
  /** @type {import('./inbox.js').Task[]} */
  const obligations = view.obligations;
  mount(
    main,
    h('h1', null, `Sag ${view.citizenRef}`),
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
          h('p', null, o.explanation),
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
      ['Dato', 'Hændelse', 'Detaljer', 'Registreret', 'Af'],
      events.map((e) => {
        const cells = [
          dateEl(e.date),
          meaning(e.type),
          h(
            'span',
            { class: e.retracted ? 'note' : null },
            describeFields(e.fields),
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
        describeAudit(a.details),
        a.actor ?? 'system',
      ]),
      { hideCaption: true },
    ),
  );
  // Retracted events stay visible, struck through.
  main.querySelectorAll('tbody tr').forEach((tr) => {
    if (tr.querySelector('.note .badge.cancelled')) tr.classList.add('retracted');
  });
}
