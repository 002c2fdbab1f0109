/**
 * The Danish rules reference (docs/rules-reference.md), generated from the published rule sets, the legal-basis
 * table, the case types' event vocabulary and the ruleSetConfig switches. Pure: the CLI writes the file and a test
 * compares it with the committed one. The output is already prettier-formatted (headings and lists, no tables), so
 * `prettier --check` and the drift test agree.
 */
import { type CaseTypeDefinition } from '../case-types/case-type';
import { CASE_TYPES } from '../case-types/case-type-registry';
import { RULE_SET_SWITCHES } from '../migration/migration';
import { LEGAL_BASES, type LegalBasisTag, type LegalBasisVariant } from '../rule-sets/legal-basis';
import {
  type DueAdjustment,
  type Duration,
  type StartTrigger,
  type ObligationDefinition,
  type ObligationKind,
  type RuleSet,
  type Trigger,
} from '../rule-sets/rule-set';

export const RULES_REFERENCE_COMMAND = 'npm run -s frist -- rules docs';
export const RULES_REFERENCE_PATH = 'docs/rules-reference.md';

const KIND_LABELS: Readonly<Record<ObligationKind, string>> = {
  legal: 'lovkrav',
  policy: 'lokal beslutning',
  target: 'måltal',
};

const TAG_LABELS: Readonly<Record<LegalBasisTag, string>> = {
  L: 'efterprøvet i lovteksten',
  R: 'fra lovforslagets bemærkninger',
  S: 'fra en sekundær kilde',
  I: 'udledt',
  P: 'produktvalg: en lokal standard, ikke lov',
};

const UNIT_LABELS: Readonly<Record<Duration['unit'], readonly [string, string]>> = {
  days: ['dag', 'dage'],
  weeks: ['uge', 'uger'],
  months: ['måned', 'måneder'],
};

/** "14 dage", "1 uge", "6 måneder". */
export function danishDuration(d: Duration): string {
  const [one, many] = UNIT_LABELS[d.unit];
  return `${d.amount} ${d.amount === 1 ? one : many}`;
}

/** Every published rule set of a case type (default and migration-published), oldest first; never unpublished drafts. */
export function publishedRuleSets(caseType: CaseTypeDefinition): readonly RuleSet[] {
  return [...caseType.defaultRuleSets, ...(caseType.migratedRuleSets ?? [])].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.id < b.id ? -1 : 1,
  );
}

const code = (s: string): string => `\`${s}\``;

function eventLabel(caseType: CaseTypeDefinition, type: string): string {
  const meaning = caseType.events.find((e) => e.type === type)?.meaning;
  return meaning === undefined ? code(type) : `${meaning} (${code(type)})`;
}

function triggerText(caseType: CaseTypeDefinition, t: Trigger & Partial<StartTrigger>): string {
  const parts = [eventLabel(caseType, t.on)];
  if (t.when && t.when.length > 0) parts.push(`når ${t.when.map(code).join(' og ')}`);
  if (t.continues) parts.push('fortsætter forløbet');
  if (t.resumes) parts.push('genoptager forløbet efter den seneste forekomst');
  if (t.due)
    parts.push(
      `egen frist: ${danishDuration(t.due.after)} efter, dog tidligst ${danishDuration(t.due.atLeast.after)} efter sagens dato ${code(t.due.atLeast.anchor.slice(6))}`,
    );
  if (t.flag) parts.push(`markeres ${code(t.flag)}`);
  return parts.join(', ');
}

function adjustmentText(caseType: CaseTypeDefinition, a: DueAdjustment): string {
  if ('bringForward' in a)
    return `${eventLabel(caseType, a.on)}: senest ${danishDuration(a.bringForward)} efter, hvis det er tidligere${a.flag ? `, markeres ${code(a.flag)}` : ''}`;
  return `${eventLabel(caseType, a.on)}: til datoen i feltet ${code(a.field)}`;
}

function triggerList(caseType: CaseTypeDefinition, label: string, triggers: readonly Trigger[] | undefined): string[] {
  if (!triggers || triggers.length === 0) return [];
  return [`- ${label}:`, ...triggers.map((t) => `  - ${triggerText(caseType, t)}`)];
}

function variantCondition(v: LegalBasisVariant): string {
  const parts: string[] = [];
  if (v.minK !== undefined) parts.push(`k ≥ ${v.minK}`);
  if (v.maxK !== undefined) parts.push(`k ≤ ${v.maxK}`);
  if (v.seriesStartBefore !== undefined) parts.push(`periodestart før ${v.seriesStartBefore}`);
  if (v.seriesStartFrom !== undefined) parts.push(`periodestart fra ${v.seriesStartFrom}`);
  if (v.flag !== undefined) parts.push(`markeret ${code(v.flag)}`);
  return parts.length === 0 ? '' : ` (når ${parts.join(', ')})`;
}

function legalBasisLines(ruleSet: RuleSet, o: ObligationDefinition): string[] {
  const variants = LEGAL_BASES[ruleSet.id]?.[o.code];
  if (!variants || variants.length === 0) return ['- Retsgrundlag: ikke angivet'];
  const text = (v: LegalBasisVariant) => `${v.text} [${v.tag}: ${TAG_LABELS[v.tag]}]${variantCondition(v)}`;
  if (variants.length === 1) return [`- Retsgrundlag: ${text(variants[0])}`];
  return ['- Retsgrundlag (første der passer):', ...variants.map((v) => `  - ${text(v)}`)];
}

function dueLines(caseType: CaseTypeDefinition, o: ObligationDefinition): string[] {
  const lines: string[] = [];
  if (o.dayLedger) {
    const l = o.dayLedger;
    lines.push(
      `- Frist: pligten opstår ved ${danishDuration(l.reach)} med optalte dage (${code(l.source)}) inden for ${danishDuration(l.within)}; fristen er nået, når der fra forløbets første dag er optalt ${danishDuration(l.dueAfter)}`,
    );
    lines.push(...triggerList(caseType, 'Opfyldes af', l.acceptedBy));
    if (l.floorBy)
      lines.push(`- Tidligste frist: ${danishDuration(l.floorBy.after)} efter ${triggerText(caseType, l.floorBy)}`);
    return lines;
  }
  if (o.countSeries) {
    const s = o.countSeries;
    const anchor = s.anchor === 'start' ? 'startdatoen' : `sagens dato ${code(s.anchor.slice(6))}`;
    lines.push(
      s.firstK === 1
        ? `- Forløb: samtale ${s.firstK}–${s.count} inden for ${danishDuration(s.window)} fra ${anchor}; den første senest ${danishDuration(o.due.after)} efter start, de følgende senest periodens sidste dag`
        : `- Forløb: samtale ${s.firstK}–${s.count} inden for ${danishDuration(s.window)} fra ${anchor}; alle senest periodens sidste dag`,
    );
    if (s.remind) lines.push(`- Påmindelse: ${danishDuration(s.remind)} efter start (fra samtale 2)`);
    if (s.trackedFrom) lines.push(`- Følges fra: ${s.trackedFrom}`);
    lines.push(...triggerList(caseType, 'Tæller med', s.countedBy));
    lines.push(...triggerList(caseType, 'Perioden slutter ved', s.endedBy));
  } else if (o.due.fromField !== undefined) {
    lines.push(`- Frist: datoen i feltet ${code(o.due.fromField)} på den hændelse, der starter den`);
  } else if (o.due.from !== undefined) {
    lines.push(`- Frist: ${danishDuration(o.due.after)} efter sagens dato ${code(o.due.from.slice(6))}`);
  } else {
    lines.push(`- Frist: ${danishDuration(o.due.after)} efter startdatoen`);
  }
  if (o.due.adjustedBy && o.due.adjustedBy.length > 0)
    lines.push('- Fristen flyttes af:', ...o.due.adjustedBy.map((a) => `  - ${adjustmentText(caseType, a)}`));
  if (o.due.cap) lines.push(`- Højst: ${danishDuration(o.due.cap)} fra forløbets start`);
  if (o.due.override) {
    const on = typeof o.due.override.on === 'string' ? [o.due.override.on] : o.due.override.on;
    lines.push(
      `- Kan ændres pr. sag: feltet ${code(o.due.override.field)} (${UNIT_LABELS[o.due.override.unit][1]}) på ${on.map((e) => eventLabel(caseType, e)).join(' eller ')}`,
    );
  }
  return lines;
}

function obligationSection(caseType: CaseTypeDefinition, ruleSet: RuleSet, o: ObligationDefinition): string[] {
  const kind = o.kindFromK
    ? `${KIND_LABELS[o.kind]}; fra samtale ${o.kindFromK.k}: ${KIND_LABELS[o.kindFromK.kind]}`
    : KIND_LABELS[o.kind];
  const lines = [`#### ${o.name} (${code(o.code)})`, '', `- Art: ${kind}`, ...legalBasisLines(ruleSet, o)];
  if (o.switch) lines.push(`- Politikindstilling: ${code(o.switch)} (standard: til)`);
  lines.push(...dueLines(caseType, o));
  if (o.remind) lines.push(`- Påmindelse: ${danishDuration(o.remind)} efter startdatoen`);
  if (o.series)
    lines.push(
      o.series.count === 1 ? '- Forløbets første samtale (k = 1)' : `- Gentages: ${o.series.count} gange, én ad gangen`,
    );
  if (o.keepsSeriesRuleSet) lines.push('- Et løbende forløb beholder regelsættet fra sin første forekomst');
  if (o.startsFromLegalDate) lines.push('- Startes kun af hændelser fra lovens ikrafttræden');
  if (o.renewal) lines.push(`- Fornyes: hver ${danishDuration(o.renewal.period)}`);
  lines.push(
    ...triggerList(caseType, 'Starter ved', o.startedBy),
    ...triggerList(caseType, 'Opfyldes af', o.metBy),
    ...triggerList(caseType, 'Holdt uden åben frist opfylder den næste', o.heldPendingBy),
    ...triggerList(caseType, 'Dispenseres ved', o.waivedBy),
    ...triggerList(caseType, 'Annulleres af', o.cancelledBy),
    ...triggerList(caseType, 'Startdato flyttes af', o.reanchoredBy),
  );
  if (o.due.pause)
    lines.push(
      `- Pause: sættes på pause af ${eventLabel(caseType, o.due.pause.suspendedBy)} og genoptages af ${eventLabel(caseType, o.due.pause.resumedBy)}; pausedage forlænger fristen`,
    );
  if (o.backfillable) lines.push('- Efter lovændringen: forekomster før offentliggørelsen markeres til gennemgang');
  return lines;
}

function ruleSetSection(caseType: CaseTypeDefinition, ruleSet: RuleSet): string[] {
  const lines = [
    `### ${ruleSet.id}`,
    '',
    `- Gælder fra: ${ruleSet.effectiveFrom}`,
    `- Lovens ikrafttræden: ${ruleSet.legalEffectiveFrom ?? ruleSet.effectiveFrom}`,
  ];
  if (ruleSet.requiresMigration)
    lines.push(`- Offentliggøres kun gennem migreringen ${code(ruleSet.requiresMigration)}`);
  if (ruleSet.recordingEvents && ruleSet.recordingEvents.length > 0)
    lines.push(
      `- Registreres uden advarsel, også når intet er åbent: ${ruleSet.recordingEvents.map((e) => eventLabel(caseType, e)).join(', ')}`,
    );
  for (const x of ruleSet.caseExemptions ?? [])
    lines.push(
      `- Fritagelse på sagen: ${eventLabel(caseType, x.on)} dispenserer alle åbne ${x.codes.map(code).join(', ')}${x.temporary ? ' (midlertidig: forløbet kan genoptages)' : ''}`,
    );
  for (const p of ruleSet.preconditions ?? [])
    lines.push(
      `- Forudsætning ved ${eventLabel(caseType, p.on)} (kun advarsel ${code(p.code)}): ${p.message}; opfyldes af ${p.requires.map((e) => eventLabel(caseType, e)).join(' eller ')}`,
    );
  for (const o of ruleSet.obligations) lines.push('', ...obligationSection(caseType, ruleSet, o));
  return lines;
}

function switchesSection(caseTypes: readonly CaseTypeDefinition[]): string[] {
  const lines = [
    '## Politikindstillinger (`ruleSetConfig`)',
    '',
    'Kommunens egne valg, hvor reformen giver frihed. Hver indstilling er til som standard og læses først, når `MIG-2026` er kørt; slås den fra, startes ingen nye forekomster af de frister, den styrer.',
  ];
  for (const key of RULE_SET_SWITCHES) {
    const users: string[] = [];
    for (const c of caseTypes)
      for (const r of publishedRuleSets(c))
        for (const o of r.obligations) if (o.switch === key) users.push(`${o.name} (${code(o.code)}, ${r.id})`);
    lines.push('', `### ${code(key)}`, '');
    if (users.length === 0) lines.push('- Styrer: ingen offentliggjort frist endnu');
    else lines.push('- Styrer:', ...users.map((u) => `  - ${u}`));
  }
  return lines;
}

/** The whole reference as prettier-stable markdown, ending in one newline. */
export function renderRulesReference(caseTypes: readonly CaseTypeDefinition[] = Object.values(CASE_TYPES)): string {
  const lines = [
    `> Generated from the rule-set data in libs/obligations by \`${RULES_REFERENCE_COMMAND}\`; do not edit by hand.`,
    '',
    '# Regelreference',
    '',
    'Alle offentliggjorte regelsæt og kommunens politikindstillinger. Art: _lovkrav_ følger af loven, _lokal beslutning_ er kommunens standard, _måltal_ er et mål fra indsatsmodellen. Mærker ved retsgrundlaget: [L] efterprøvet i lovteksten, [R] fra lovforslagets bemærkninger, [S] fra en sekundær kilde, [I] udledt, [P] produktvalg. Indhold mærket [I] eller [P] skal bekræftes af en jurist før drift.',
    '',
    ...switchesSection(caseTypes),
  ];
  for (const c of caseTypes) {
    lines.push('', `## Sagstype: ${c.id}`);
    for (const r of publishedRuleSets(c)) lines.push('', ...ruleSetSection(c, r));
  }
  return `${lines.join('\n')}\n`;
}
