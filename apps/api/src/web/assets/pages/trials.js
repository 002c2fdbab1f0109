// @ts-check
import { allCatalogs, api, problemText, withQuery } from '../api.js';
import { csvButton } from '../forms.js';
import { formatDate, h, mount, percent, table } from '../dom.js';
import { SHORT_CODE } from '../labels.js';

/**
 * @typedef {{ planned: number, held: number, onTime: number, waived: number, heldRate: number | null,
 *   onTimeRate: number | null }} Counts
 * @typedef {{ arm: string, caseType: string | null, enrolled: number, active: number, caseWeeks: number,
 *   exemptions: { exempted: number, rate: number | null, byReason: { code: string, count: number, rate: number | null }[],
 *     byVersion: { version: string, count: number }[] },
 *   weeklyContacts: Counts | null, statutory: Counts & { byCode: (Counts & { code: string })[] },
 *   conversations: { held: number, perCaseWeek: number | null },
 *   activity: { hours: number, labHours: number, preventiveHours: number, hoursPerCaseWeek: number | null,
 *     casesWithHours: number, shareWithHours: number | null,
 *     windows: { met: number, missed: number, shareMet: number | null, registeredHours: number,
 *       avgHoursPerWindow: number | null, targetHours: number | null } | null } }} Arm
 */

const ARM = /** @type {Record<string, string>} */ ({ participant: 'Deltagergruppe', control: 'Kontrolgruppe' });
const CASE_TYPE = /** @type {Record<string, string>} */ ({ sygedagpenge: 'Sygedagpenge', fleksjob: 'Fleksjob' });
const SDP = /** @type {Record<string, string>} */ ({
  'sdp-first-followup': '1. opfølgning (8 uger)',
  'sdp-followup': 'Opfølgning (4/8 uger)',
});

/** @param {number | null | undefined} n @param {number} [digits] */
const num = (n, digits = 1) =>
  n === null || n === undefined ? '–' : n.toLocaleString('da-DK', { maximumFractionDigits: digits });
/** @param {Counts | null} c */
const held = (c) => (c ? `${c.held} af ${c.planned} (${percent(c.heldRate)})` : '–');
/** @param {Counts | null} c */
const onTime = (c) => (c ? `${c.onTime} af ${c.planned} (${percent(c.onTimeRate)})` : '–');

/** KPIs per arm of a trial programme (forsøg): enrolled, fritagelser, contacts, statutory follow-ups and hours. */
/** @param {import('../app.js').PageContext} ctx */
export async function trialsPage({ main, params, session }) {
  if (!session) return;
  const team = params.get('team') ?? '';
  let report;
  /** @type {{ id: string, name: string }[]} */
  let programmes;
  let path;
  try {
    // The programmes the engine knows come from the catalogue: every case type's, each programme once.
    programmes = (await allCatalogs()).programmes;
    const programme = params.get('program') ?? programmes[0]?.id;
    if (programme === undefined) {
      mount(main, h('h1', null, 'Forsøg'), h('p', { class: 'muted' }, 'Der er ingen forsøg.'));
      return;
    }
    path = withQuery('/api/v1/dashboard/trials', { programme, team: team || undefined });
    report = await api(path);
  } catch (err) {
    mount(main, h('h1', null, 'Forsøg'), h('div', { class: 'alert', role: 'alert' }, problemText(err)));
    return;
  }
  /** @type {Arm[]} */
  const arms = report.arms;
  const gap = report.exemptionGap;
  /** @param {string} name @param {(a: Arm) => string} f */
  const row = (name, f) => [name, ...arms.map(f)];

  const filters = h(
    'form',
    {
      class: 'fields-inline card',
      'aria-label': 'Vælg forsøg og team',
      onChange: (/** @type {Event} */ e) => {
        const data = new FormData(/** @type {HTMLFormElement} */ (/** @type {HTMLSelectElement} */ (e.target).form));
        const next = new URLSearchParams();
        for (const [k, v] of data) if (v) next.set(k, String(v));
        location.hash = `#/forsoeg?${next}`;
      },
      onSubmit: (/** @type {SubmitEvent} */ e) => e.preventDefault(),
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'trial-program' }, 'Forsøg'),
      h(
        'select',
        { id: 'trial-program', name: 'program' },
        programmes.map((p) =>
          h('option', { value: p.id, selected: p.id === report.programme.id }, `${p.name} (${p.id})`),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'trial-team' }, 'Team'),
      h(
        'select',
        { id: 'trial-team', name: 'team' },
        h('option', { value: '' }, 'Alle mine teams'),
        session.teams.map((t) => h('option', { value: t, selected: t === team }, t)),
      ),
    ),
  );

  const p = report.programme;
  const direction = gap.difference > 0 ? 'deltagergruppen' : 'kontrolgruppen';
  const gapText =
    gap.flag === 'none'
      ? null
      : `Skævhed i fritagelser: ${percent(gap.participantRate)} i deltagergruppen mod ${percent(gap.controlRate)} i ` +
        `kontrolgruppen${gap.ratio ? ` (${num(gap.ratio)} gange så mange)` : ''}, flest i ${direction}. ` +
        (gap.flag === 'significant'
          ? `Forskellen er statistisk signifikant (z = ${num(gap.z, 2)}).`
          : `Endnu ikke statistisk signifikant (z = ${num(gap.z, 2)}), men værd at undersøge.`) +
        ' Forsøget i 2009 fritog langt flere i deltagergruppen end i kontrolgruppen.';

  /** @type {Record<string, string>} */
  const meaning = Object.fromEntries(p.reasonCodes.map((/** @type {any} */ r) => [r.code, r.meaning]));
  const reasons = p.reasonCodes.filter((/** @type {any} */ r) =>
    arms.some((a) => a.exemptions.byReason.some((b) => b.code === r.code)),
  );
  const codes = [...new Set(arms.flatMap((a) => a.statutory.byCode.map((c) => c.code)))];
  /** @param {Arm} a @param {string} code */
  const byCode = (a, code) => a.statutory.byCode.find((c) => c.code === code) ?? null;
  const armHeaders = arms.map((a) => `#${ARM[a.arm] ?? a.arm}`);

  mount(
    main,
    h('h1', null, 'Forsøg: nøgletal pr. gruppe'),
    h(
      'p',
      { class: 'lead' },
      `${p.name} (${p.id}), indskrivning ${formatDate(p.enrolmentWindow.from)} – ${formatDate(p.enrolmentWindow.to)}, ` +
        `${p.periodMonths} måneders forsøgsperiode. Opgjort ${formatDate(report.today)} over hver borgers periode ` +
        'fra randomisering til forsøgets afslutning, fritagelse eller i dag.',
    ),
    filters,
    gapText ? h('div', { class: 'alert', role: 'status' }, gapText) : null,
    csvButton('nøgletal pr. gruppe og sagstype', path),
    table(
      'Nøgletal pr. gruppe',
      ['Nøgletal', ...armHeaders],
      [
        row('Indskrevet', (a) => String(a.enrolled)),
        row('Aktive i dag', (a) => String(a.active)),
        row('Sagsuger i forsøget', (a) => num(a.caseWeeks)),
        row('Fritaget', (a) => `${a.exemptions.exempted} (${percent(a.exemptions.rate)})`),
        row('Ugentlige kontaktsamtaler holdt', (a) => held(a.weeklyContacts)),
        row('Ugentlige kontaktsamtaler til tiden', (a) => onTime(a.weeklyContacts)),
        row('Lovpligtige opfølgninger til tiden', (a) => onTime(a.statutory)),
        row('Samtaler pr. sagsuge', (a) => num(a.conversations.perCaseWeek, 2)),
        row('Timer i aktive tilbud pr. sagsuge', (a) => num(a.activity.hoursPerCaseWeek)),
        row('Uger med 10 timer nået', (a) => {
          const w = a.activity.windows;
          return w ? `${w.met} af ${w.met + w.missed} (${percent(w.shareMet)})` : '–';
        }),
        row('Timer pr. uge mod målet', (a) => {
          const w = a.activity.windows;
          return w ? `${num(w.avgHoursPerWindow)} af ${num(w.targetHours)}` : '–';
        }),
        row('Andel med timer i aktive tilbud', (a) => percent(a.activity.shareWithHours)),
        row('Timer LAB / forebyggende', (a) => `${num(a.activity.labHours)} / ${num(a.activity.preventiveHours)}`),
      ],
    ),
    h('div', { class: 'grid' }, [
      table(
        'Fritagelser pr. årsag',
        ['Årsag', ...armHeaders],
        reasons.map((/** @type {any} */ r) => [
          meaning[r.code] ?? r.code,
          ...arms.map((a) => {
            const b = a.exemptions.byReason.find((x) => x.code === r.code);
            return b ? `${b.count} (${percent(b.rate)})` : '0';
          }),
        ]),
      ),
      table(
        'Fritagelser pr. forsøgsversion',
        ['Version', ...armHeaders],
        p.versions.map((/** @type {any} */ v) => [
          `${v.id} (fra ${formatDate(v.effectiveFrom)})`,
          ...arms.map((a) => String(a.exemptions.byVersion.find((x) => x.version === v.id)?.count ?? 0)),
        ]),
      ),
    ]),
    table(
      'Lovpligtige opfølgninger til tiden pr. forpligtelse',
      ['Forpligtelse', ...armHeaders],
      codes.map((code) => [SHORT_CODE[code] ?? SDP[code] ?? code, ...arms.map((a) => onTime(byCode(a, code)))]),
    ),
    table(
      'Pr. sagstype',
      ['Gruppe', 'Sagstype', '#Indskrevet', '#Fritaget', 'Lovpligtige til tiden'],
      /** @type {Arm[]} */ (report.byCaseType)
        .filter((a) => a.enrolled > 0)
        .map((a) => [
          ARM[a.arm] ?? a.arm,
          CASE_TYPE[a.caseType ?? ''] ?? String(a.caseType),
          String(a.enrolled),
          `${a.exemptions.exempted} (${percent(a.exemptions.rate)})`,
          onTime(a.statutory),
        ]),
    ),
    h(
      'p',
      { class: 'hint' },
      'Planlagt = forfaldet i perioden og holdt, holdt for sent, overskredet eller aflyst efter fristen. ' +
        'Kontrolgruppen har kun de lovpligtige opfølgninger.',
    ),
  );
}
