// @ts-check
/**
 * The job-talk quota (ledighedsydelse-andel): the managers' panel on the dashboard, with its drill-down, and the
 * exempted share a caseworker sees while recording a job-talk exemption. The legal 75 % and 25 % pool
 * ledighedsydelse with dagpenge and jobparate kontanthjælp, which frist does not see, so every figure here is named
 * the ledighedsydelse-andel.
 */
import { api, withQuery } from '../api.js';
import { dateEl, formatDate, h, table } from '../dom.js';
import { csvButton } from '../forms.js';

/**
 * @typedef {{ cohortSize: number, met: number, exempted: number, short: number, endedEarly: number, open: number,
 *   denominator: number, metSharePercent: number | null, exemptedSharePercent: number | null,
 *   status: 'incomplete' | 'exemption-budget-exceeded' | 'below-quota' | 'ok' }} QuotaFigures
 * @typedef {QuotaFigures & { quarter: string, from: string, to: string }} QuarterQuota
 * @typedef {{ caseId: string, citizenRef: string, team: string, periodStart: string, lastDay: string,
 *   heldCount: number, talksNeeded: number, daysLeft: number }} AtRisk
 * @typedef {{ today: string, from: string, to: string, total: QuotaFigures, quarters: QuarterQuota[],
 *   atRisk: AtRisk[], atRiskTotal: number }} QuotaReport
 * @typedef {{ caseId: string, citizenRef: string, team: string, periodStart: string, lastDay: string,
 *   heldCount: number, outcome: string, atRisk: boolean, exemptedOn: string | null,
 *   exemptionReason: string | null }} QuotaPeriod
 * @typedef {{ exempted: number, denominator: number, exemptedSharePercent: number | null,
 *   withOneMorePercent: number, exceeded: boolean, wouldExceed: boolean }} ShareScope
 * @typedef {{ quarter: string, team: ShareScope & { team: string }, municipality: ShareScope }} ExemptionShare
 */

export const QUOTA_STATUS = {
  incomplete: 'Ikke afsluttet (åbne perioder)',
  'exemption-budget-exceeded': 'Over 25 % undtaget',
  'below-quota': 'Under 75 % opfyldt',
  ok: 'OK',
};
/** The status badges in the task statuses' colours. */
const STATUS_BADGE = {
  incomplete: 'open',
  'exemption-budget-exceeded': 'overdue',
  'below-quota': 'overdue',
  ok: 'met',
};
/** The outcomes a figure can be drilled into. */
const OUTCOME = {
  met: 'Opfyldt',
  exempted: 'Undtaget',
  short: 'For få samtaler',
  'ended-early': 'Afsluttet før tid',
  open: 'Åben',
  'at-risk': 'I risiko',
};
const DRILL_KEYS = ['jsudfald', 'jsfra', 'jstil'];

const decimal = new Intl.NumberFormat('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** @param {number | null} p */
const pct = (p) => (p === null ? '–' : `${decimal.format(p)} %`);
/** "2026-Q4" → "4. kvt. 2026" @param {string} q */
export const quarterName = (q) => `${q.slice(6)}. kvt. ${q.slice(0, 4)}`;

/**
 * The quota report for the dashboard's scope and, when the URL drills into a figure, its periods.
 * @param {{ team?: string }} scope
 * @param {URLSearchParams} params
 * @returns {Promise<{ report: QuotaReport, drill: { items: QuotaPeriod[], total: number } | null }>}
 */
export async function loadQuota(scope, params) {
  const outcome = params.get('jsudfald');
  const [report, drill] = await Promise.all([
    api(withQuery('/api/v1/dashboard/jobtalk-quota', { ...scope, limit: 100 })),
    outcome
      ? api(
          withQuery('/api/v1/dashboard/jobtalk-quota/cases', {
            ...scope,
            outcome,
            from: params.get('jsfra'),
            to: params.get('jstil'),
            limit: 200,
          }),
        )
      : Promise.resolve(null),
  ]);
  return { report, drill };
}

/**
 * The panel: per quarter met / exempted / short / ended early / open, the shares and the status, each count a link
 * to its periods; then the citizens at risk.
 * @param {QuotaReport} report
 * @param {{ items: QuotaPeriod[], total: number } | null} drill
 * @param {URLSearchParams} params
 * @param {{ team?: string }} scope
 */
export function quotaPanel(report, drill, params, scope) {
  /** @param {string | null} outcome @param {string | null} from @param {string | null} to */
  const periodsPath = (outcome, from, to) =>
    withQuery('/api/v1/dashboard/jobtalk-quota/cases', { ...scope, outcome, from, to, limit: 500 });
  /** @param {Record<string, string | null>} change */
  const href = (change) => {
    const next = new URLSearchParams(params);
    for (const k of DRILL_KEYS) next.delete(k);
    for (const [k, v] of Object.entries(change)) if (v) next.set(k, v);
    return `#/overblik${next.toString() ? `?${next}` : ''}`;
  };
  /** @param {number} n @param {string} outcome @param {{ from: string, to: string }} range @param {string} what */
  const count = (n, outcome, range, what) =>
    n > 0
      ? h(
          'a',
          { href: href({ jsudfald: outcome, jsfra: range.from, jstil: range.to }), 'aria-label': `${n} ${what}` },
          String(n),
        )
      : '0';
  /** @param {QuotaFigures} f @param {{ from: string, to: string }} range @param {string} name */
  const row = (f, range, name) => [
    name,
    String(f.cohortSize),
    count(f.met, 'met', range, `opfyldt, ${name}`),
    count(f.exempted, 'exempted', range, `undtaget, ${name}`),
    count(f.short, 'short', range, `med for få samtaler, ${name}`),
    count(f.endedEarly, 'ended-early', range, `afsluttet før tid, ${name}`),
    count(f.open, 'open', range, `åbne, ${name}`),
    pct(f.metSharePercent),
    pct(f.exemptedSharePercent),
    h('span', { class: `badge ${STATUS_BADGE[f.status]}` }, QUOTA_STATUS[f.status]),
  ];
  const outcome = params.get('jsudfald');
  const drillSection =
    drill && outcome
      ? h(
          'section',
          { class: 'card drill', 'aria-labelledby': 'js-drill-heading' },
          h(
            'h3',
            { id: 'js-drill-heading', 'data-autofocus': '' },
            `Perioder bag tallet: ${OUTCOME[/** @type {keyof typeof OUTCOME} */ (outcome)] ?? outcome}, `,
            `${formatDate(params.get('jsfra') ?? report.from)} – ${formatDate(params.get('jstil') ?? report.to)}`,
          ),
          table(
            'Perioder bag tallet, tidligste sidste dag først',
            ['Sag', 'Team', 'Periodestart', 'Sidste dag', '#Samtaler', 'Udfald', 'Undtaget'],
            drill.items.map((p) => [
              h('a', { href: `#/sag/${p.caseId}` }, p.citizenRef),
              p.team,
              dateEl(p.periodStart),
              dateEl(p.lastDay),
              String(p.heldCount),
              `${OUTCOME[/** @type {keyof typeof OUTCOME} */ (p.outcome)] ?? p.outcome}${p.atRisk ? ' (i risiko)' : ''}`,
              p.exemptedOn ? h('span', null, dateEl(p.exemptedOn), ' ', p.exemptionReason ?? '') : '–',
            ]),
            { hideCaption: true },
          ),
          drill.total > drill.items.length
            ? h('p', { class: 'hint' }, `Viser ${drill.items.length} af ${drill.total} perioder.`)
            : null,
          csvButton('perioder bag tallet', periodsPath(outcome, params.get('jsfra'), params.get('jstil'))),
          h('a', { href: href({}) }, 'Luk listen'),
        )
      : null;
  return h(
    'section',
    { 'aria-labelledby': 'jobtalk-quota-h' },
    h('h2', { id: 'jobtalk-quota-h' }, 'Ledighedsydelse-andel (jobsamtaler)'),
    h(
      'p',
      { class: 'lead' },
      'Borgere på ledighedsydelse med mindst 4 jobsamtaler i de første 6 måneder, opgjort pr. kvartal efter ' +
        'periodens sidste dag. Lovens krav (mindst 75 % opfyldt, højst 25 % undtaget) gælder hele kommunen og ' +
        'omfatter også dagpengemodtagere og jobparate kontanthjælpsmodtagere, som ikke er i frist. Tallet her er ' +
        'derfor kun ledighedsydelse-andelen.',
    ),
    drillSection,
    table(
      'Ledighedsydelse-andel pr. kvartal',
      [
        'Kvartal',
        '#Perioder',
        '#Opfyldt',
        '#Undtaget',
        '#For få samtaler',
        '#Afsluttet før tid',
        '#Åbne',
        '#Andel opfyldt',
        '#Andel undtaget',
        'Status',
      ],
      [
        ...report.quarters.map((q) => row(q, q, quarterName(q.quarter))),
        row(report.total, report, `I alt ${formatDate(report.from)} – ${formatDate(report.to)}`),
      ],
    ),
    csvButton('ledighedsydelse-andel pr. kvartal', withQuery('/api/v1/dashboard/jobtalk-quota', { ...scope })),
    h(
      'h3',
      { id: 'js-risk-h' },
      `I risiko: ${report.atRiskTotal} ${report.atRiskTotal === 1 ? 'borger' : 'borgere'} kan ikke nå 4 jobsamtaler uden handling nu`,
    ),
    h(
      'p',
      { class: 'hint' },
      'En åben periode er i risiko, når der mangler flere samtaler, end der kan nås med én samtale i dag og derefter ' +
        'én hver 4. uge frem til periodens sidste dag.',
    ),
    table(
      'Borgere i risiko, tidligste sidste dag først',
      ['Sag', 'Team', 'Sidste dag', '#Holdt', '#Mangler', '#Dage tilbage'],
      report.atRisk.map((r) => [
        h('a', { href: `#/sag/${r.caseId}` }, r.citizenRef),
        r.team,
        dateEl(r.lastDay),
        String(r.heldCount),
        String(r.talksNeeded),
        String(r.daysLeft),
      ]),
      { hideCaption: true },
    ),
    csvButton('borgere i risiko', periodsPath('at-risk', report.from, report.to)),
    report.atRiskTotal > report.atRisk.length
      ? h('a', { href: href({ jsudfald: 'at-risk', jsfra: report.from, jstil: report.to }) }, 'Vis alle i risiko')
      : null,
  );
}

/**
 * What the caseworker sees while recording a job-talk exemption: the exempted share of the quarter the exemption
 * counts in, for the team and the municipality, with a warning above 25 %. The form is never blocked.
 * @param {string} team
 * @param {string | undefined} lastDay the open period's last day L (its quarter is where the exemption counts)
 */
export async function exemptionShareNote(team, lastDay) {
  /** @type {ExemptionShare} */
  const s = await api(withQuery('/api/v1/dashboard/jobtalk-quota/exemption-share', { team, on: lastDay }));
  /** @param {ShareScope} x */
  const share = (x) =>
    x.denominator === 0
      ? 'ingen afgjorte perioder endnu'
      : `${pct(x.exemptedSharePercent)} (${x.exempted} af ${x.denominator})`;
  const warn = s.team.exceeded || s.municipality.exceeded || s.team.wouldExceed || s.municipality.wouldExceed;
  return h(
    'div',
    { class: warn ? 'alert' : 'notice', role: 'status', 'data-testid': 'exemption-share' },
    h(
      'p',
      null,
      `Undtaget fra jobsamtaler (ledighedsydelse-andel), ${quarterName(s.quarter)}: team ${s.team.team} ${share(s.team)}; ` +
        `hele kommunen ${share(s.municipality)}. Med denne undtagelse: team ${pct(s.team.withOneMorePercent)}, ` +
        `kommunen ${pct(s.municipality.withOneMorePercent)}.`,
    ),
    warn
      ? h(
          'p',
          null,
          h('strong', null, 'Advarsel: '),
          s.team.exceeded || s.municipality.exceeded
            ? 'Andelen af undtagne er over 25 %. '
            : 'Med denne undtagelse kommer andelen over 25 %. ',
          'Undtagelsen kan stadig registreres; højst 1 ud af 4 må undtages i kommunen som helhed.',
        )
      : null,
  );
}
