/**
 * No user-facing text cites a spec file, a seed or a line number (issue 13 item 4): rule-set and catalog data
 * (names, sources, task titles, explanations, legal bases, descriptions, event meanings) and every text the engine
 * produces (explanations, sources, legal bases, warnings). That provenance lives in code comments and docs.
 */
import fc from 'fast-check';
import { CASE_TYPES } from '../case-types/case-type-registry';
import { LEGAL_BASES, TRIAL_LEGAL_BASIS, legalBasisOfRow } from '../rule-sets/legal-basis';
import { lawTimelineArb } from '../testing/law-2026.arbitrary';
import { timelineArb } from '../testing/timeline.arbitrary';
import { trialTimelineArb } from '../testing/trial-timeline.arbitrary';
import { computeWithDemo, DEMO_PROGRAMMES } from '../testing/aht-demo.fixture';

/** "001 L978–979", "L1143", "../shared/research/…", "002_004.md", "seeds-analysis". */
const CITATION = /\bL\d{3,4}\b|\b\d{3} L\d|shared\/|\.md\b|seeds-analysis/;

/** Every string reachable in a data structure, with its path (functions are code, not text). */
function strings(value: unknown, path: string, out: Array<[string, string]>, seen = new Set<unknown>()): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const [key, child] of Object.entries(value)) strings(child, `${path}.${key}`, out, seen);
  }
}

const cited = (texts: Array<[string, string]>) => texts.filter(([, text]) => CITATION.test(text));

describe('user-facing text cites no spec file or line number', () => {
  it('the pattern recognises the citations that used to reach the screen', () => {
    for (const text of [
      'model target (001 L978–979)',
      'lovpligtig (000 L558); paragraph not named in the seeds',
      'anchor from external context (../shared/research/seeds-analysis/002_004.md Appendix X)',
    ])
      expect(CITATION.test(text)).toBe(true);
    expect(CITATION.test('LAB § 31, stk. 3, jf. § 9 (LBK nr. 280/2024)')).toBe(false);
  });

  it('in the rule sets, case-type vocabularies, legal bases and trial programmes', () => {
    const texts: Array<[string, string]> = [];
    for (const caseType of Object.values(CASE_TYPES)) {
      for (const ruleSet of [...caseType.defaultRuleSets, ...(caseType.migratedRuleSets ?? [])])
        strings(ruleSet, `${caseType.id}:${ruleSet.id}`, texts);
      strings(caseType.events, `${caseType.id}:events`, texts);
    }
    strings(LEGAL_BASES, 'LEGAL_BASES', texts);
    strings(TRIAL_LEGAL_BASIS, 'TRIAL_LEGAL_BASIS', texts);
    strings(DEMO_PROGRAMMES, 'PROGRAMMES', texts);
    expect(texts.length).toBeGreaterThan(200);
    expect(cited(texts)).toEqual([]);
  });

  it('in everything the engine outputs for random timelines, migrated or not', () => {
    const migrated = { migrations: [{ id: 'MIG-2026' as const, publishedOn: '2026-12-07' }] };
    const texts: Array<[string, string]> = [];
    const sample = <T>(arb: fc.Arbitrary<T>, runs: number) => fc.sample(arb, { numRuns: runs, seed: 4 });
    for (const t of [...sample(timelineArb, 150), ...sample(trialTimelineArb, 150)])
      strings(computeWithDemo(t.caseFacts, t.events, t.asOf), 'result', texts);
    for (const t of sample(lawTimelineArb, 150))
      strings(computeWithDemo(t.caseFacts, t.events, t.asOf, migrated), 'migrated', texts);
    expect(texts.some(([path]) => path.includes('warnings'))).toBe(true);
    expect(cited(texts)).toEqual([]);
  });
});

describe('legalBasisOfRow: the legal basis of a stored row', () => {
  it('gives every code of every rule set and every trial overlay a Danish legal basis', () => {
    for (const caseType of Object.values(CASE_TYPES))
      for (const ruleSet of caseType.defaultRuleSets)
        for (const definition of ruleSet.obligations)
          expect(legalBasisOfRow(ruleSet.id, definition.code)).toEqual({
            text: expect.any(String),
            tag: expect.stringMatching(/^[LRSIP]$/),
          });
    expect(legalBasisOfRow('fleksjob-2024', 'other-actor-12m')).toEqual({
      text: 'Tidligere lovpligtig (anden aktør efter 12 måneder); nuværende hjemmel ikke fundet',
      tag: 'I',
    });
    expect(legalBasisOfRow('aht-demo-mj', 'aht-weekly-contact')).toBe(TRIAL_LEGAL_BASIS);
    expect(legalBasisOfRow('fleksjob-2024', 'no-such-code')).toBeUndefined();
  });
});
