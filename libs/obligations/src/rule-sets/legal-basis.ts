/**
 * The legal basis shown to caseworkers on every row of migrated output (law-2026 §L, O2): a short Danish text and
 * the tag of the due date's authority. Presentation data beside the immutable rule sets, one table for all of
 * them, keyed by rule-set id and code; the first variant whose conditions hold wins.
 */
import { type IsoDate } from '../dates/iso-date';
import { OVERLAY_OBLIGATION_CODES } from '../trials/trial-events';

export type LegalBasisTag = 'L' | 'R' | 'S' | 'I' | 'P';

export interface LegalBasis {
  readonly text: string;
  readonly tag: LegalBasisTag;
}

export interface LegalBasisVariant extends LegalBasis {
  readonly minK?: number;
  readonly maxK?: number;
  /** The series window start S (periodStart) is before / on or after this date. */
  readonly seriesStartBefore?: IsoDate;
  readonly seriesStartFrom?: IsoDate;
  /** A flag set on the occurrence by an event (e.g. 'brought-forward', R2). */
  readonly flag?: string;
}

const same = (text: string, tag: LegalBasisTag): readonly LegalBasisVariant[] => [{ text, tag }];

const FLEXJOB_SHARED: Readonly<Record<string, readonly LegalBasisVariant[]>> = {
  'passivity-screening': same('Lokal politik (standard 4 måneder; ikke lovkrav)', 'P'),
  'flexjob-agreement': same('Modelmål (UIF II-indsatsmodellen: aftale ved fleksjobstart; ikke lovkrav)', 'S'),
  'capacity-decision': same('Lokal politik (standard 4 uger; ikke lovkrav) – afgørelse »hurtigst muligt«', 'P'),
  'flexjob-followups': same('Modelmål (UIF II-indsatsmodellen: 4 opfølgninger på 6 måneder; ikke lovkrav)', 'S'),
  'statutory-followup-30m': same('Lovpligtig opfølgning hvert 2½ år (LAB; paragraf ikke efterprøvet)', 'S'),
  'temporary-status-54m': same('Midlertidigt fleksjob: status efter 4½ år (LAB; paragraf ikke efterprøvet)', 'S'),
};

const SDP_FOLLOWUP_2009 = same(
  'Historisk regel (2009): opfølgning hver 4. eller 8. uge; ikke efterprøvet mod gældende lov',
  'I',
);

/**
 * Sygedagpenge codes with one text in 2025 and 2026. A 2009 `sdp-followup` series keeps sygedagpenge-2009 to its
 * end (R7), so its rows never carry a later id; the entry only closes the table.
 */
const SYGEDAGPENGE_SHARED: Readonly<Record<string, readonly LegalBasisVariant[]>> = {
  'sdp-followup': SDP_FOLLOWUP_2009,
  'sdp-talk-on-request': same(
    'Lokal politik (standard 14 dage; ikke lovkrav) – ret til samtale: sygedagpengeloven § 13 b, stk. 1',
    'P',
  ),
  'sdp-return-check': same(
    'Lokal politik (opfølgning på forventet raskmelding; ikke lovkrav) – sygedagpengeloven § 13 f',
    'P',
  ),
  'sdp-revurdering': same('sygedagpengeloven § 24 (revurdering)', 'S'),
};

/** Trial overlays (aht-*), whatever the programme version: a trial requirement, not law. */
export const TRIAL_LEGAL_BASIS: LegalBasis = { text: 'Forsøgskrav (ikke lovkrav)', tag: 'S' };

export const LEGAL_BASES: Readonly<Record<string, Readonly<Record<string, readonly LegalBasisVariant[]>>>> = {
  'fleksjob-2024': {
    ...FLEXJOB_SHARED,
    'phase1-target': same('Modelmål (UIF II-indsatsmodellen: 10 uger; ikke lovkrav)', 'S'),
    'contact-14d': same('Modelmål (UIF II-indsatsmodellen: hver 14. dag; ikke lovkrav)', 'S'),
    'passivity-rereview': same('Modelmål (UIF II-indsatsmodellen: 6 måneder; ikke lovkrav)', 'S'),
    'other-actor-12m': same('Tidligere lovpligtig (anden aktør efter 12 måneder); nuværende hjemmel ikke fundet', 'I'),
  },
  'fleksjob-2026': {
    ...FLEXJOB_SHARED,
    'phase1-target': same('Lokal politik (standard 10 uger; ikke lovkrav)', 'P'),
    'contact-14d': same('Lokal politik (standard 14 dage; ikke lovkrav)', 'P'),
    'passivity-rereview': same('Lokal politik (standard 6 måneder; ikke lovkrav)', 'P'),
    'other-actor-12m': same('Lokal politik (standard 12 måneder; lovgrundlag ikke fundet)', 'I'),
    'ly-jobtalk': [
      {
        maxK: 1,
        text: 'Lokal politik (standard 14 dage; ikke lovkrav) – første jobsamtale: LAB § 31, stk. 3',
        tag: 'P',
      },
      { seriesStartFrom: '2026-07-01', text: 'LAB § 31, stk. 3, jf. § 9; lov nr. 1750/2025', tag: 'S' },
      { text: 'LAB § 31, stk. 3, jf. § 9 (LBK nr. 280/2024)', tag: 'L' },
    ],
    'ly-reassessment': same('aktivloven § 74 c, stk. 1', 'L'),
    'ly-jobtalk-on-request': same('Lokal politik (standard 14 dage; ikke lovkrav) – ret til jobsamtale: LAB § 32', 'P'),
  },
  'sygedagpenge-2009': {
    'sdp-first-followup': same('sygedagpengeloven § 13 b, stk. 1 (LBK nr. 1179/2023)', 'L'),
    'sdp-followup': SDP_FOLLOWUP_2009,
  },
  'sygedagpenge-2025': {
    ...SYGEDAGPENGE_SHARED,
    'sdp-first-followup': [
      { flag: 'brought-forward', text: 'sygedagpengeloven § 13 b, stk. 2', tag: 'L' },
      { text: 'sygedagpengeloven § 13 b, stk. 1', tag: 'L' },
    ],
    'sdp-followups-6m': same('sygedagpengeloven § 13 b, stk. 1', 'L'),
  },
  'sygedagpenge-2026': {
    ...SYGEDAGPENGE_SHARED,
    'sdp-first-followup': same('sygedagpengeloven § 13 b, stk. 1 (efter lov nr. 1750/2025 ikke efterprøvet)', 'I'),
    'sdp-followups-6m': same(
      'Lokal politik (standard 4 opfølgninger det første halve år; ikke lovkrav efter lov nr. 1750/2025)',
      'I',
    ),
    'sdp-26w-checkpoint': same('Lokal politik (kontrol ved udgangen af uge 26; ikke lovkrav) – lov nr. 1750/2025', 'I'),
  },
};

interface ResolvedVariant {
  readonly variant: LegalBasisVariant;
  readonly basis: LegalBasis;
  /** No condition: the variant holds for every row. */
  readonly unconditional: boolean;
}

/**
 * LEGAL_BASES with one frozen { text, tag } per variant, built once at load and shared by every row that shows it
 * (rows are rebuilt per evaluation; a lookup per row was a measurable share of a migrated evaluation).
 */
const RESOLVED: Readonly<Record<string, Readonly<Record<string, readonly ResolvedVariant[]>>>> = (() => {
  const frozen = new Map<LegalBasisVariant, LegalBasis>();
  const basisOf = (v: LegalBasisVariant): LegalBasis => {
    let basis = frozen.get(v);
    if (basis === undefined) {
      basis = Object.freeze({ text: v.text, tag: v.tag });
      frozen.set(v, basis);
    }
    return basis;
  };
  const byRuleSet: Record<string, Record<string, readonly ResolvedVariant[]>> = {};
  for (const [ruleSetId, byCode] of Object.entries(LEGAL_BASES)) {
    const resolved: Record<string, readonly ResolvedVariant[]> = {};
    for (const [code, variants] of Object.entries(byCode))
      resolved[code] = variants.map((v) => ({
        variant: v,
        basis: basisOf(v),
        unconditional:
          v.minK === undefined &&
          v.maxK === undefined &&
          v.seriesStartBefore === undefined &&
          v.seriesStartFrom === undefined &&
          v.flag === undefined,
      }));
    byRuleSet[ruleSetId] = resolved;
  }
  return byRuleSet;
})();

/**
 * The legal basis of every row of this rule set and code when it depends on nothing in the row (the first variant
 * has no condition, so it always wins), else undefined: then legalBasisFor decides from the row's context. Lets the
 * engine skip building a context for most rows.
 */
export function fixedLegalBasis(ruleSetId: string, code: string): LegalBasis | undefined {
  const first = RESOLVED[ruleSetId]?.[code]?.[0];
  return first !== undefined && first.unconditional ? first.basis : undefined;
}

export interface LegalBasisContext {
  readonly k: number | undefined;
  /** ISO date of the series window start S, if any. */
  readonly seriesStart: IsoDate | undefined;
  readonly flags: readonly string[] | undefined;
}

/** The legal basis of one row; undefined when the table has none (a catalog gap, caught by a test). */
export function legalBasisFor(ruleSetId: string, code: string, context: LegalBasisContext): LegalBasis | undefined {
  const variants = RESOLVED[ruleSetId]?.[code];
  if (!variants) return undefined;
  for (const { variant: v, basis } of variants) {
    if (v.minK !== undefined && (context.k === undefined || context.k < v.minK)) continue;
    if (v.maxK !== undefined && (context.k === undefined || context.k > v.maxK)) continue;
    if (
      v.seriesStartBefore !== undefined &&
      !(context.seriesStart !== undefined && context.seriesStart < v.seriesStartBefore)
    )
      continue;
    if (
      v.seriesStartFrom !== undefined &&
      !(context.seriesStart !== undefined && context.seriesStart >= v.seriesStartFrom)
    )
      continue;
    if (v.flag !== undefined && !(context.flags ?? []).includes(v.flag)) continue;
    return basis;
  }
  return undefined;
}

const NO_CONTEXT: LegalBasisContext = { k: undefined, seriesStart: undefined, flags: undefined };
const OVERLAY_CODES: readonly string[] = OVERLAY_OBLIGATION_CODES;

/**
 * The legal basis to show for a stored row (the service's read model keeps rule set and code; the engine puts
 * `legalBasis` on rows only after MIG-2026, M3). Trial overlays are trial requirements. Undefined only for a code
 * the table lacks.
 */
export function legalBasisOfRow(
  ruleSetId: string,
  code: string,
  context: LegalBasisContext = NO_CONTEXT,
): LegalBasis | undefined {
  if (OVERLAY_CODES.includes(code)) return TRIAL_LEGAL_BASIS;
  return legalBasisFor(ruleSetId, code, context);
}
