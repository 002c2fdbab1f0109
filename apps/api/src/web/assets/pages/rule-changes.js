// @ts-check
import { api, problemText, withQuery } from '../api.js';
import { announce, formatDate, formatInstant, h, mount, nextId, table } from '../dom.js';
import {
  IMPACT_CHANGE,
  KIND,
  POLICY_SWITCH,
  ROLE,
  RULE_CHANGE_ACTION,
  RULE_CHANGE_KIND,
  RULE_CHANGE_STATUS,
  STATUS,
  label,
} from '../labels.js';

/**
 * @typedef {{ id: string, kind: string, target: string, title: string, status: string, unverified: boolean,
 *   payload: { switches?: Record<string, boolean>, effectiveFrom?: string, decisionDate?: string },
 *   impact: { asOf: string, cases: number, casesAffected: number, totals: Record<string, number>,
 *     rows: Record<string, string | number | boolean>[], rowsTotal: number } | null,
 *   draftedBy: string, draftedAt: string, approvedBy: string | null, approvedAt: string | null,
 *   sourcesChecked: string[] | null, publishedBy: string | null, publishedAt: string | null }} RuleChange
 */

/** Rows of the dry run shown per change; the drafter's file has them all. */
const SHOWN_ROWS = 25;

/** A table cell's value in Danish: dates formatted, kinds and statuses as words. @param {string} change @param {unknown} v */
function impactValue(change, v) {
  const s = String(v ?? '');
  if (!s) return '–';
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return formatDate(s);
  if (change === 'kind') return label(KIND, s);
  return s;
}

/** The dry run the drafter attached: totals, then a sample of the per-case rows. @param {RuleChange} c */
function impactSection(c) {
  const impact = c.impact;
  if (!impact)
    return h('p', { class: 'muted' }, c.kind === 'policy' ? 'Ingen prøvekørsel vedhæftet.' : 'Ingen prøvekørsel.');
  const totals = Object.keys(IMPACT_CHANGE).map((k) => [label(IMPACT_CHANGE, k), String(impact.totals[k] ?? 0)]);
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      `Prøvekørsel pr. ${formatDate(impact.asOf)}: ${impact.cases} åbne sager, heraf berøres ${impact.casesAffected}.`,
    ),
    table(`Virkning af ${c.title}`, ['Ændring', '#Antal'], totals),
    impact.rows.length
      ? table(
          `Eksempler på ændrede opgaver (${Math.min(SHOWN_ROWS, impact.rows.length)} af ${impact.rowsTotal})`,
          ['Sag', 'Team', 'Opgave', 'Ændring', 'Fra', 'Til', 'Status', 'Frist', 'Bagudrettet'],
          impact.rows
            .slice(0, SHOWN_ROWS)
            .map((r) => [
              h('code', null, String(r.caseId ?? '').slice(0, 8)),
              String(r.team ?? ''),
              h('code', null, `${r.code} nr. ${r.occurrence}`),
              label(IMPACT_CHANGE, String(r.change)),
              impactValue(String(r.change), r.from),
              impactValue(String(r.change), r.to),
              label(STATUS, String(r.status)),
              impactValue('', r.dueOn),
              r.backfilled ? 'Ja' : 'Nej',
            ]),
        )
      : null,
  );
}

/** What a policy decision sets: each switch on or off, from when. @param {RuleChange} c */
function policySection(c) {
  if (c.kind !== 'policy') return null;
  const p = c.payload;
  return h(
    'dl',
    null,
    Object.entries(p.switches ?? {}).flatMap(([k, on]) => [
      h('dt', null, label(POLICY_SWITCH, k)),
      h('dd', null, on ? 'Slået til' : 'Slået fra'),
    ]),
    h('dt', null, 'Beslutningsdato'),
    h('dd', null, p.decisionDate ? formatDate(p.decisionDate) : '–'),
    h('dt', null, 'Gælder fra'),
    h('dd', null, p.effectiveFrom ? formatDate(p.effectiveFrom) : '–'),
  );
}

/** What the kind and target mean, in words. @param {RuleChange} c */
function targetText(c) {
  if (c.kind === 'policy') return c.target === 'municipality' ? 'hele kommunen' : `team ${c.target}`;
  return c.target;
}

/**
 * One change as a card: what, who drafted it, its impact, and the next step the reader may take.
 * @param {RuleChange} c @param {import('../api.js').Session} me @param {() => Promise<void>} reload
 */
function changeCard(c, me, reload) {
  const message = h('div', { 'aria-live': 'polite' });
  /** @param {() => Promise<unknown>} step @param {string} done */
  const act = async (step, done) => {
    try {
      await step();
      announce(done);
      await reload();
    } catch (err) {
      mount(message, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    }
  };
  /** @type {import('../dom.js').Children} */
  let next = null;
  if (c.unverified)
    next = h(
      'div',
      { class: 'alert', role: 'note' },
      'Regelsæt ikke efterprøvet mod lov gældende fra 1. januar 2027. Det kan ikke godkendes eller offentliggøres, ',
      'før en jurist har bekræftet indholdet ud fra den vedtagne lov.',
    );
  else if (c.status === 'draft' && me.role === 'jurist' && me.sub === c.draftedBy)
    next = h(
      'p',
      { class: 'alert', role: 'note' },
      'Du har selv udarbejdet ændringen. En anden jurist skal godkende den (to personer ser den, før den gælder).',
    );
  else if (c.status === 'draft' && me.role === 'jurist') {
    const id = nextId('kilder');
    const sources = h('textarea', { id, name: 'sources', rows: '3', required: true, 'aria-describedby': `${id}-hint` });
    next = h(
      'form',
      {
        class: 'stack',
        onSubmit: (/** @type {Event} */ e) => {
          e.preventDefault();
          const sourcesChecked = /** @type {HTMLTextAreaElement} */ (sources).value
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean);
          void act(
            () => api(`/api/v1/rule-changes/${c.id}/approve`, { method: 'POST', body: { sourcesChecked } }),
            'Ændringen er godkendt.',
          );
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, 'Kontrollerede retskilder'),
        sources,
        h('span', { id: `${id}-hint`, class: 'hint' }, 'Én kilde pr. linje, fx lov nr. 1750/2025 § 4.'),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Godkend')),
    );
  } else if (c.status === 'approved' && (me.role === 'jurist' || me.role === 'manager'))
    next = h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          onClick: () =>
            void act(
              () => api(`/api/v1/rule-changes/${c.id}/publish`, { method: 'POST' }),
              'Ændringen er offentliggjort.',
            ),
        },
        'Offentliggør',
      ),
    );
  return h(
    'article',
    { class: 'card stack', 'aria-labelledby': `aendring-${c.id}` },
    h('h3', { id: `aendring-${c.id}` }, c.title),
    h(
      'dl',
      null,
      h('dt', null, 'Art'),
      h('dd', null, `${label(RULE_CHANGE_KIND, c.kind)}: ${targetText(c)}`),
      h('dt', null, 'Status'),
      h('dd', null, label(RULE_CHANGE_STATUS, c.status)),
      h('dt', null, 'Udarbejdet af'),
      h('dd', null, `${c.draftedBy}, ${formatInstant(c.draftedAt)}`),
      c.approvedBy
        ? [h('dt', null, 'Godkendt af'), h('dd', null, `${c.approvedBy}, ${formatInstant(c.approvedAt ?? '')}`)]
        : null,
      c.sourcesChecked
        ? [
            h('dt', null, 'Kontrollerede retskilder'),
            h(
              'dd',
              null,
              h(
                'ul',
                null,
                c.sourcesChecked.map((s) => h('li', null, s)),
              ),
            ),
          ]
        : null,
      c.publishedBy
        ? [h('dt', null, 'Offentliggjort af'), h('dd', null, `${c.publishedBy}, ${formatInstant(c.publishedAt ?? '')}`)]
        : null,
    ),
    policySection(c),
    c.status === 'published' ? null : impactSection(c),
    message,
    next,
    h(
      'details',
      { class: 'why' },
      h('summary', null, 'Historik'),
      h('div', { 'data-audit': c.id }, h('p', { class: 'muted' }, 'Åbn for at hente historikken.')),
    ),
  );
}

/**
 * Regelændringer: the approver's page. Pending drafts with their dry-run impact (approve with the legal sources
 * checked; never one's own draft), approved changes to publish, and what was published.
 * @param {import('../app.js').PageContext} ctx
 */
export async function ruleChangesPage(ctx) {
  const { main, session: me } = ctx;
  if (!me) return;
  /** @type {RuleChange[]} */
  let items;
  try {
    items = (await api(withQuery('/api/v1/rule-changes', {}))).items;
  } catch (err) {
    mount(main, h('h1', null, 'Regelændringer'), h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    return;
  }
  const reload = () => ruleChangesPage(ctx);
  /** @param {string} status */
  const cards = (status) => items.filter((c) => c.status === status).map((c) => changeCard(c, me, reload));
  const section = (/** @type {string} */ title, /** @type {HTMLElement[]} */ list, /** @type {string} */ none) => [
    h('h2', null, `${title} (${list.length})`),
    list.length ? h('div', { class: 'stack' }, list) : h('p', { class: 'muted' }, none),
  ];
  mount(
    main,
    h('h1', null, 'Regelændringer'),
    h(
      'p',
      { class: 'lead' },
      'Nye regelsæt, lokale politikbeslutninger og lovmigreringer gælder først for kørende sager, når en jurist ',
      '– ikke den, der har udarbejdet ændringen – har godkendt dem med de kontrollerede retskilder, og de er ',
      `offentliggjort. Du er logget ind som ${label(ROLE, me.role).toLowerCase()}.`,
    ),
    section('Afventer godkendelse', cards('draft'), 'Ingen ændringer afventer godkendelse.'),
    section('Godkendt, afventer offentliggørelse', cards('approved'), 'Ingen godkendte ændringer venter.'),
    section('Offentliggjort', cards('published'), 'Intet er offentliggjort endnu.'),
  );
  // The trail is fetched when a reader opens it (one request per change, only on demand).
  for (const d of Array.from(main.querySelectorAll('details.why'))) {
    d.addEventListener('toggle', async () => {
      const box = /** @type {HTMLElement | null} */ (d.querySelector('[data-audit]'));
      if (!box || !(/** @type {HTMLDetailsElement} */ (d).open) || box.dataset.loaded) return;
      try {
        const change = await api(`/api/v1/rule-changes/${box.dataset.audit}`);
        box.dataset.loaded = '1';
        mount(
          box,
          table(
            `Historik for ${change.title}`,
            ['Hvornår', 'Hvad', 'Hvem'],
            /** @type {{ action: string, actor: string, role: string, at: string }[]} */ (change.audit).map((a) => [
              formatInstant(a.at),
              label(RULE_CHANGE_ACTION, a.action),
              a.role === 'cli' ? 'Drift (kommandolinje)' : `${a.actor} (${label(ROLE, a.role)})`,
            ]),
            { hideCaption: true },
          ),
        );
      } catch (err) {
        mount(box, h('div', { class: 'alert', role: 'alert' }, problemText(err)));
      }
    });
  }
}
