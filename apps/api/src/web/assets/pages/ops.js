// @ts-check
import { api, problemText } from '../api.js';
import { formatInstant, h, mount, table } from '../dom.js';
import { WORKFLOW_STATUS, label } from '../labels.js';

/** @param {number} seconds */
function duration(seconds) {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} t`;
  return `${Math.round(seconds / 86_400)} døgn`;
}

/** What a failure code means, for the list; the code itself stays visible for searching logs. */
const FAILURE = {
  ENGINE_FAILED: 'Sagsmotoren kunne ikke beregne sagen',
  PROJECTION_REJECTED: 'Læsemodellen afviste ændringen',
  WorkflowTaskFailed: 'Workflow-opgaven fejler igen og igen',
};
/** @type {Record<string, string>} */
const FAILURE_TEXT = FAILURE;

/**
 * Failing and stuck workflows, oldest first: which case, which error, since when, how many attempts; a row opens
 * to the detail and the workflow in the Temporal UI.
 * @param {{ count: number, oldestSince: string | null, codes: Record<string, number>, temporalError?: string,
 *   workflows: { workflowId: string, caseId: string | null, code: string, detail: string, since: string | null,
 *     retries: number, source: string, temporalUrl: string | null }[] } | undefined} failing
 */
function failingSection(failing) {
  if (!failing) return null;
  return [
    h('h2', null, `Fejlende workflows (${failing.count})`),
    failing.temporalError
      ? h(
          'div',
          { class: 'alert', role: 'alert' },
          'Temporal kunne ikke spørges; listen viser kun læsemodellens sager.',
        )
      : null,
    failing.workflows.length
      ? table(
          'Fejlende workflows',
          ['Sag', 'Fejl', 'Siden', '#Forsøg', 'Detaljer'],
          failing.workflows.map((w) => [
            w.caseId ? h('code', null, w.caseId) : h('code', null, w.workflowId),
            h('span', null, FAILURE_TEXT[w.code] ?? 'Anden fejl', h('br'), h('code', { class: 'hint' }, w.code)),
            w.since ? formatInstant(w.since) : '–',
            String(w.retries),
            h(
              'details',
              { class: 'why' },
              h('summary', null, 'Vis'),
              h(
                'dl',
                null,
                h('dt', null, 'Workflow'),
                h('dd', null, h('code', null, w.workflowId)),
                h('dt', null, 'Fundet af'),
                h('dd', null, w.source === 'temporal' ? 'Temporal' : 'Workeren (sagen afventer drift)'),
                h('dt', null, 'Fejlbesked'),
                h('dd', null, h('code', null, w.detail)),
              ),
              w.temporalUrl
                ? h('a', { href: w.temporalUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Åbn i Temporal UI')
                : h(
                    'p',
                    { class: 'hint' },
                    'Sæt ',
                    h('code', null, 'TEMPORAL_UI_URL'),
                    ' for et link til Temporal UI.',
                  ),
            ),
          ]),
          { hideCaption: true },
        )
      : h('p', { class: 'muted' }, 'Ingen workflows fejler.'),
  ];
}

/** Operations: workers, backlog, workflow counts, projection lag. No personal data is shown or fetched. */
/** @param {import('../app.js').PageContext} ctx */
export async function opsPage({ main }) {
  let status;
  try {
    status = await api('/api/v1/ops/status');
  } catch (err) {
    mount(main, h('h1', null, 'Drift'), h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    return;
  }
  const t = status.temporal;
  const p = status.projection;
  const lagBad = p.lagSeconds > 3600;
  /** @param {any} q @param {string} name */
  const queueRows = (q, name) =>
    q
      ? [
          [
            name,
            String(q.pollers.length),
            q.backlog ? String(q.backlog.approximateCount) : '–',
            q.backlog ? duration(q.backlog.approximateAgeSeconds) : '–',
            q.backlog ? `${q.backlog.addRate.toFixed(1)} / ${q.backlog.dispatchRate.toFixed(1)}` : '–',
          ],
        ]
      : [];
  mount(
    main,
    h('h1', null, 'Drift'),
    h('p', { class: 'lead' }, `Status ${formatInstant(status.now)}. Kun tællinger og tider – ingen persondata.`),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onClick: () => void opsPage({ main, params: new URLSearchParams(), arg: undefined, session: null }),
        },
        'Opdater',
      ),
    ),
    h(
      'div',
      { class: 'kpis' },
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'value' }, t.available ? String(t.workflows?.Running ?? 0) : '–'),
        h('div', { class: 'label' }, 'Sagsworkflows kører'),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'value' }, t.available ? String(t.workflows?.Failed ?? 0) : '–'),
        h('div', { class: 'label' }, 'Fejlede workflows'),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'value' }, String(status.failing?.count ?? 0)),
        h('div', { class: 'label' }, 'Kræver opmærksomhed'),
        status.failing?.count
          ? h('span', { class: 'badge overdue' }, h('code', null, Object.keys(status.failing.codes).join(', ')))
          : h('span', { class: 'badge met' }, 'ingen'),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'value' }, duration(p.lagSeconds)),
        h('div', { class: 'label' }, 'Projektionsforsinkelse'),
        lagBad ? h('span', { class: 'badge overdue' }, 'over 1 time') : h('span', { class: 'badge met' }, 'i orden'),
      ),
      h(
        'div',
        { class: 'kpi' },
        h(
          'div',
          { class: 'value' },
          t.available ? String((t.workflow?.pollers.length ?? 0) + (t.activity?.pollers.length ?? 0)) : '–',
        ),
        h('div', { class: 'label' }, 'Aktive pollere'),
      ),
    ),
    t.available
      ? null
      : h('div', { class: 'alert', role: 'alert' }, `Temporal svarer ikke: ${t.error ?? 'ukendt fejl'}`),
    failingSection(status.failing),
    h('h2', null, `Opgavekø ${t.taskQueue}`),
    table(
      'Opgavekø',
      ['Type', '#Pollere', '#Kø', 'Ældste i kø', 'Ind / ud pr. s'],
      [...queueRows(t.workflow, 'Workflow-opgaver'), ...queueRows(t.activity, 'Aktivitetsopgaver')],
      { hideCaption: true },
    ),
    t.available
      ? table(
          'Workers der poller',
          ['Worker', 'Type', 'Sidst set'],
          [
            ...(t.workflow?.pollers ?? []).map((/** @type {any} */ x) => [
              x.identity,
              'workflow',
              x.lastAccessTime ? formatInstant(x.lastAccessTime) : '–',
            ]),
            ...(t.activity?.pollers ?? []).map((/** @type {any} */ x) => [
              x.identity,
              'aktivitet',
              x.lastAccessTime ? formatInstant(x.lastAccessTime) : '–',
            ]),
          ],
        )
      : null,
    t.available
      ? table(
          'Sagsworkflows efter status',
          ['Status', '#Antal'],
          Object.entries(t.workflows ?? {}).map(([k, v]) => [label(WORKFLOW_STATUS, k), String(v)]),
        )
      : null,
    h('h2', null, 'Læsemodel'),
    table(
      'Projektion',
      ['Mål', 'Værdi'],
      [
        ['Forsinkelse (ældste ikke-projicerede overskridelse)', duration(p.lagSeconds)],
        ['Åbne opgaver over frist, som endnu ikke er markeret overskredet', String(p.pendingOverdueTransitions)],
        ['Ældste af dem forfaldt', p.oldestPendingDueOn ?? '–'],
        ['Seneste projektion', p.lastProjectedAt ? formatInstant(p.lastProjectedAt) : '–'],
        ['Sager i læsemodellen', String(status.readModel.cases)],
        ['Heraf afsluttede', String(status.readModel.closedCases)],
        ['Åbne opgaver', String(status.readModel.openTasks)],
      ],
      { hideCaption: true },
    ),
  );
}
