// @ts-check
import { api, problemText, withQuery } from '../api.js';
import { chart, columns, hbars, legend } from '../charts.js';
import { csvButton } from '../forms.js';
import { dateEl, formatDate, formatMonth, h, mount, percent, table } from '../dom.js';
import { BASIS, PHASE, SHORT_CODE, label } from '../labels.js';
import { loadQuota, quotaPanel } from './jobtalk-quota.js';

/**
 * @typedef {{ key: string | null, overdue: number, '1-7': number, '8-30': number, '31+': number }} OverdueGroup
 * @typedef {{ code: string, met: number, metLate: number, overdue: number, waived: number,
 *   onTimeRate: number | null, medianDaysToMeet: number | null }} OnTimeRate
 */

const BUCKETS = /** @type {const} */ ([
  ['1-7', '1–7 dage', 'c-warn'],
  ['8-30', '8–30 dage', 'c-soon'],
  ['31+', 'over 30 dage', 'c-overdue'],
]);

/** The most rows the list endpoints give in one answer: a CSV export holds them all. */
const EXPORT_LIMIT = 500;

/** @param {string} code */
const short = (code) => SHORT_CODE[code] ?? code;

/** The manager's dashboard: overdue and aging, on-time rates, workload ahead and passive cases, with drill-down. */
/** @param {import('../app.js').PageContext} ctx */
export async function dashboardPage({ main, params, session }) {
  if (!session) return;
  const team = params.get('team') ?? '';
  const months = Number(params.get('maaneder') ?? '12');
  const drill = { code: params.get('kode'), assignee: params.get('ansvarlig'), bucket: params.get('alder') };
  // `alle`: every case with overdue work (the total's link).
  const drilling = Boolean(drill.code || drill.assignee || drill.bucket || params.get('alle'));
  const from = new Date();
  from.setUTCMonth(from.getUTCMonth() - months);
  const scope = { team: team || undefined };

  /** @param {Record<string, string | null>} change */
  const href = (change) => {
    const next = new URLSearchParams(params);
    for (const k of ['kode', 'ansvarlig', 'alder', 'alle']) next.delete(k);
    for (const [k, v] of Object.entries(change)) v ? next.set(k, v) : next.delete(k);
    return `#/overblik${next.toString() ? `?${next}` : ''}`;
  };

  // Each table's endpoint; "Hent som CSV" asks the same one for its CSV answer (lists: every row, not one page).
  const paths = {
    overdue: withQuery('/api/v1/dashboard/overdue', scope),
    onTime: withQuery('/api/v1/dashboard/on-time', { ...scope, from: from.toISOString().slice(0, 10) }),
    forecast: withQuery('/api/v1/dashboard/forecast', scope),
    passive: withQuery('/api/v1/dashboard/passivity', { ...scope, limit: EXPORT_LIMIT }),
    cases: withQuery('/api/v1/dashboard/overdue/cases', {
      ...scope,
      code: drill.code,
      assignee: drill.assignee,
      bucket: drill.bucket,
      limit: EXPORT_LIMIT,
    }),
  };
  let overdue, onTime, forecast, passive, cases, quota;
  try {
    [overdue, onTime, forecast, passive, cases, quota] = await Promise.all([
      api(paths.overdue),
      api(paths.onTime),
      api(paths.forecast),
      api(withQuery('/api/v1/dashboard/passivity', { ...scope, limit: 25 })),
      drilling ? api(paths.cases) : Promise.resolve(null),
      loadQuota(scope, params),
    ]);
  } catch (err) {
    mount(main, h('h1', null, 'Overblik'), h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    return;
  }

  /** @type {OverdueGroup[]} */
  const byCode = overdue.byCode;
  /** @type {OnTimeRate[]} */
  const rates = onTime.byCode;
  const rate = (/** @type {string} */ code) => rates.find((r) => r.code === code);
  const phase1 = rate('phase1-target');

  const filters = h(
    'form',
    {
      class: 'fields-inline card',
      'aria-label': 'Afgræns overblikket',
      onChange: (/** @type {Event} */ e) => {
        const form = /** @type {HTMLFormElement} */ (/** @type {HTMLSelectElement} */ (e.target).form);
        const data = new FormData(form);
        const next = new URLSearchParams();
        for (const [k, v] of data) if (v) next.set(k, String(v));
        location.hash = `#/overblik?${next}`;
      },
      onSubmit: (/** @type {SubmitEvent} */ e) => e.preventDefault(),
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'dash-team' }, 'Team'),
      h(
        'select',
        { id: 'dash-team', name: 'team' },
        h('option', { value: '' }, 'Alle mine teams'),
        session.teams.map((t) => h('option', { value: t, selected: t === team }, t)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'dash-period' }, 'Rettidighed for'),
      h(
        'select',
        { id: 'dash-period', name: 'maaneder' },
        [3, 6, 12, 24].map((m) => h('option', { value: String(m), selected: m === months }, `seneste ${m} måneder`)),
      ),
    ),
  );

  /** A table row's drill-down link. @param {Record<string, string | null>} change @param {string} text */
  const drillLink = (change, text) => h('a', { href: href(change) }, text);

  const agingChart = chart(
    `Overskredne opgaver efter alder: ${BUCKETS.map(([k, name]) => `${name}: ${overdue.aging[k]}`).join(', ')}.`,
    hbars(
      BUCKETS.map(([k, name, cls]) => ({ label: name, segments: [{ value: overdue.aging[k], cls }] })),
      { labelWidth: 120 },
    ),
  );
  const codeChart = chart(
    `Overskredne opgaver pr. forpligtelse: ${byCode.map((g) => `${short(String(g.key))}: ${g.overdue}`).join(', ') || 'ingen'}.`,
    hbars(
      byCode.map((g) => ({
        label: short(String(g.key)),
        segments: BUCKETS.map(([k, , cls]) => ({ value: g[k], cls })),
      })),
    ),
  );

  const rateRows = rates.filter((r) => r.met + r.metLate + r.overdue > 0);
  const rateChart = chart(
    `Andel opfyldt til tiden pr. forpligtelse: ${rateRows.map((r) => `${short(r.code)} ${percent(r.onTimeRate)}`).join(', ') || 'ingen data'}.`,
    hbars(
      rateRows.map((r) => {
        const total = r.met + r.metLate + r.overdue;
        return {
          label: short(r.code),
          note: percent(r.onTimeRate),
          segments: [
            { value: (r.met / total) * 100, cls: 'c-ok' },
            { value: (r.metLate / total) * 100, cls: 'c-late' },
            { value: (r.overdue / total) * 100, cls: 'c-overdue' },
          ],
        };
      }),
      { max: 100 },
    ),
  );

  /** @type {{ weekStart: string, total: number }[]} */
  const weeks = forecast.weeks;
  /** @type {{ month: string, 'statutory-followup-30m': number, 'temporary-status-54m': number }[]} */
  const cohorts = forecast.cohorts;
  const weekChart = chart(
    `Opgaver der forfalder pr. uge de næste 26 uger, i alt ${weeks.reduce((n, w) => n + w.total, 0)}; flest i ugen fra ${formatDate(weeks.reduce((a, b) => (b.total > a.total ? b : a), weeks[0] ?? { weekStart: forecast.today, total: 0 }).weekStart)}.`,
    columns(
      weeks.map((w) =>
        formatDate(w.weekStart)
          .replace(/^\S+\s/, '')
          .replace(/\s\d{4}$/, ''),
      ),
      [{ name: 'Opgaver', cls: 'c-brand', values: weeks.map((w) => w.total) }],
    ),
  );
  const cohortChart = chart(
    `Store årgange pr. måned de næste 24 måneder: i alt ${cohorts.reduce((n, c) => n + c['statutory-followup-30m'], 0)} 2½-års opfølgninger og ${cohorts.reduce((n, c) => n + c['temporary-status-54m'], 0)} 4½-års statusser.`,
    columns(
      cohorts.map((c) => formatMonth(c.month)),
      [
        { name: '2½-års opfølgning', cls: 'c-brand', values: cohorts.map((c) => c['statutory-followup-30m']) },
        { name: '4½-års status', cls: 'c-alt', values: cohorts.map((c) => c['temporary-status-54m']) },
      ],
    ),
  );

  const drillSection = cases
    ? h(
        'section',
        { class: 'card drill', 'aria-labelledby': 'drill-heading' },
        h(
          'h2',
          { id: 'drill-heading', 'data-autofocus': '' },
          'Sager bag tallet: ',
          [
            drill.code ? short(drill.code) : null,
            drill.assignee ? (drill.assignee === 'unassigned' ? 'uden ansvarlig' : drill.assignee) : null,
            drill.bucket ? `${BUCKETS.find(([k]) => k === drill.bucket)?.[1] ?? drill.bucket} over fristen` : null,
          ]
            .filter(Boolean)
            .join(', ') || 'alle overskredne',
        ),
        csvButton('sager bag tallet', paths.cases),
        table(
          'Sager med overskredne opgaver, ældste frist først',
          ['Sag', 'Team', 'Fase', '#Overskredne', 'Ældste frist', '#Dage over', 'Forpligtelser'],
          cases.items.map((/** @type {any} */ c) => [
            h('a', { href: `#/sag/${c.caseId}` }, c.citizenRef),
            c.team,
            label(PHASE, c.phase),
            String(c.overdueTasks),
            dateEl(c.oldestDueOn),
            String(c.maxDaysOverdue),
            c.codes.map(short).join(', '),
          ]),
          { hideCaption: true },
        ),
        h('a', { href: href({}) }, 'Luk listen'),
      )
    : null;

  mount(
    main,
    h('h1', null, 'Overblik'),
    h(
      'p',
      { class: 'lead' },
      `Opgjort ${formatDate(overdue.today)}. Klik på et tal i tabellerne for at se sagerne bag det.`,
    ),
    filters,
    drillSection,
    h(
      'div',
      { class: 'kpis' },
      h(
        'div',
        { class: 'kpi' },
        h('div', { class: 'value' }, String(overdue.total)),
        h('div', { class: 'label' }, drillLink({ alle: '1' }, 'Overskredne opgaver')),
      ),
      BUCKETS.map(([k, name]) =>
        h(
          'div',
          { class: 'kpi' },
          h('div', { class: 'value' }, String(overdue.aging[k])),
          h('div', { class: 'label' }, drillLink({ alder: k }, `${name} over fristen`)),
        ),
      ),
    ),
    h('h2', null, 'Overskredne opgaver'),
    csvButton('overskredne opgaver pr. forpligtelse, sagsbehandler og team', paths.overdue),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'aging-h' },
        h('h3', { id: 'aging-h' }, 'Efter alder'),
        agingChart,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'bycode-h' },
        h('h3', { id: 'bycode-h' }, 'Pr. forpligtelse'),
        legend(BUCKETS.map(([, name, cls]) => ({ name, cls }))),
        codeChart,
      ),
    ),
    h(
      'div',
      { class: 'grid' },
      table(
        'Overskredne pr. forpligtelse',
        ['Forpligtelse', '#I alt', '#1–7', '#8–30', '#>30'],
        byCode.map((g) => [
          drillLink({ kode: g.key }, short(String(g.key))),
          String(g.overdue),
          String(g['1-7']),
          String(g['8-30']),
          String(g['31+']),
        ]),
      ),
      table(
        'Overskredne pr. sagsbehandler',
        ['Ansvarlig', '#I alt', '#1–7', '#8–30', '#>30'],
        /** @type {OverdueGroup[]} */ (overdue.byAssignee).map((g) => [
          drillLink({ ansvarlig: g.key ?? 'unassigned' }, g.key ?? 'Ingen ansvarlig'),
          String(g.overdue),
          String(g['1-7']),
          String(g['8-30']),
          String(g['31+']),
        ]),
      ),
      table(
        'Overskredne pr. team',
        ['Team', '#I alt', '#1–7', '#8–30', '#>30'],
        /** @type {OverdueGroup[]} */ (overdue.byTeam).map((g) => [
          h('a', { href: `#/overblik?team=${encodeURIComponent(String(g.key))}` }, String(g.key)),
          String(g.overdue),
          String(g['1-7']),
          String(g['8-30']),
          String(g['31+']),
        ]),
      ),
    ),
    h('h2', null, `Rettidighed, frister ${formatDate(onTime.from)} – ${formatDate(onTime.to)}`),
    csvButton('rettidighed pr. forpligtelse', paths.onTime),
    h(
      'div',
      { class: 'kpis' },
      kpi(
        percent(phase1?.onTimeRate),
        'Fase 1 inden for 10 uger',
        phase1?.medianDaysToMeet != null ? `median ${Math.round(phase1.medianDaysToMeet / 7)} uger` : null,
      ),
      kpi(
        percent(onTime.contact.rate),
        'Ledige kontaktet inden for 14 dage',
        `${onTime.contact.contactedWithin14Days} af ${onTime.contact.lyCases} i dag`,
      ),
      kpi(
        percent(onTime.followupSeries.rate),
        'Fleksjob med 4 opfølgninger på 6 mdr.',
        `${onTime.followupSeries.withFourFollowups} af ${onTime.followupSeries.windowsClosed}`,
      ),
      kpi(percent(rate('statutory-followup-30m')?.onTimeRate), '2½-års opfølgning til tiden', null),
      kpi(percent(rate('other-actor-12m')?.onTimeRate), 'Anden aktør senest ved 12 mdr.', null),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'rates-h' },
      h('h3', { id: 'rates-h' }, 'Til tiden, for sent og overskredet pr. forpligtelse'),
      legend([
        { name: 'Til tiden', cls: 'c-ok' },
        { name: 'For sent', cls: 'c-late' },
        { name: 'Overskredet', cls: 'c-overdue' },
      ]),
      rateChart,
    ),
    table(
      'Rettidighed pr. forpligtelse',
      ['Forpligtelse', '#Til tiden', '#For sent', '#Overskredet', '#Dispenseret', '#Andel til tiden', '#Median dage'],
      rates.map((r) => [
        short(r.code),
        String(r.met),
        String(r.metLate),
        String(r.overdue),
        String(r.waived),
        percent(r.onTimeRate),
        r.medianDaysToMeet === null ? '–' : String(Math.round(r.medianDaysToMeet)),
      ]),
    ),
    h('h2', null, 'Arbejdsbyrde forude'),
    csvButton('opgaver pr. uge og store årgange pr. måned', paths.forecast),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'weeks-h' },
        h('h3', { id: 'weeks-h' }, 'Opgaver der forfalder pr. uge (26 uger)'),
        weekChart,
        h(
          'p',
          { class: 'hint' },
          'Kun opgaver der findes i dag; tilbagevendende kontakter opstår først, når den forrige er holdt.',
        ),
        h(
          'details',
          null,
          h('summary', null, 'Vis tallene'),
          table(
            'Opgaver pr. uge',
            ['Uge fra', '#Opgaver'],
            weeks.map((w) => [dateEl(w.weekStart), String(w.total)]),
            { hideCaption: true },
          ),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'cohorts-h' },
        h('h3', { id: 'cohorts-h' }, '2½-års opfølgninger og 4½-års statusser pr. måned (24 måneder)'),
        legend([
          { name: '2½-års opfølgning', cls: 'c-brand' },
          { name: '4½-års status', cls: 'c-alt' },
        ]),
        cohortChart,
        h(
          'details',
          null,
          h('summary', null, 'Vis tallene'),
          table(
            'Store årgange pr. måned',
            ['Måned', '#2½-års opfølgning', '#4½-års status'],
            cohorts.map((c) => [
              formatMonth(c.month),
              String(c['statutory-followup-30m']),
              String(c['temporary-status-54m']),
            ]),
            { hideCaption: true },
          ),
        ),
      ),
    ),
    h('h2', null, 'Passive sager'),
    h('p', { class: 'lead' }, 'Borgere på ledighedsydelse, længst tid uden praktik eller fleksjob først.'),
    csvButton('passive sager', paths.passive),
    table(
      'Passive sager',
      ['Sag', 'Team', '#Dage passiv', 'Regnet fra', 'Genbehandling senest'],
      passive.items.map((/** @type {any} */ p) => [
        h('a', { href: `#/sag/${p.caseId}` }, p.citizenRef),
        p.team,
        String(p.daysPassive),
        h('span', null, dateEl(p.passiveSince), ' ', h('span', { class: 'hint' }, label(BASIS, p.basis))),
        dateEl(p.rereviewDueOn),
      ]),
      { hideCaption: true },
    ),
    quotaPanel(quota.report, quota.drill, params, scope),
  );
}

/** @param {string} value @param {string} text @param {string | null} note */
function kpi(value, text, note) {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'value' }, value),
    h('div', { class: 'label' }, text),
    note ? h('div', { class: 'hint' }, note) : null,
  );
}
