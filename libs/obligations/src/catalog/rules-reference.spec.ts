import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CASE_TYPES } from '../case-types/case-type-registry';
import { FLEKSJOB_CASE_TYPE } from '../case-types/fleksjob/fleksjob-case-type';
import { deriveRuleSet } from '../rule-sets/rule-set';
import { RULE_SET_SWITCHES } from '../migration/migration';
import {
  RULES_REFERENCE_COMMAND,
  RULES_REFERENCE_PATH,
  publishedRuleSets,
  renderRulesReference,
} from './rules-reference';

const root = resolve(__dirname, '../../../..');
const generated = renderRulesReference();

describe('rules reference', () => {
  it('matches the committed docs/rules-reference.md (regenerate with the CLI when the data changed)', () => {
    const committed = readFileSync(resolve(root, RULES_REFERENCE_PATH), 'utf8');
    if (committed !== generated)
      throw new Error(
        `${RULES_REFERENCE_PATH} is out of date with the rule-set data: run \`${RULES_REFERENCE_COMMAND}\` and commit it`,
      );
  });

  it('is already prettier-formatted, so the format check and the drift test agree', () => {
    // The CLI (jest's CJS runtime cannot load prettier's ESM core); it reads the repository's .prettierrc.json.
    const result = spawnSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', RULES_REFERENCE_PATH],
      { cwd: root, input: generated, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(generated);
  });

  it('has a section for every published rule set and obligation, and every switch', () => {
    for (const caseType of Object.values(CASE_TYPES))
      for (const ruleSet of publishedRuleSets(caseType)) {
        expect(generated).toContain(`### ${ruleSet.id}\n`);
        for (const o of ruleSet.obligations) expect(generated).toContain(`#### ${o.name} (\`${o.code}\`)\n`);
      }
    for (const key of RULE_SET_SWITCHES) expect(generated).toContain(`### \`${key}\`\n`);
    expect(publishedRuleSets(FLEKSJOB_CASE_TYPE).map((r) => r.id)).toEqual(['fleksjob-2024', 'fleksjob-2026']);
  });

  it('renders kind, legal basis, durations, reminders, triggers with Danish event labels and dates', () => {
    const section = generated.slice(generated.indexOf('### fleksjob-2026'));
    const contact = section.slice(
      section.indexOf('(`contact-14d`)'),
      section.indexOf('\n####', section.indexOf('(`contact-14d`)')),
    );
    expect(contact).toContain('- Art: lokal beslutning');
    expect(contact).toContain('- Retsgrundlag: Lokal politik (standard 14 dage; ikke lovkrav) [P: produktvalg');
    expect(contact).toContain('- Politikindstilling: `contactCadence.enabled`');
    expect(contact).toContain('- Frist: 14 dage efter startdatoen');
    expect(contact).toContain('  - samtale/kontakt med borger (`CONTACT_HELD`)');
    expect(contact).toMatch(/- Annulleres af:\n {2}- [^\n]*`FLEXJOB_STARTED`/);
    expect(section).toContain('- Gælder fra: 2026-12-07\n- Lovens ikrafttræden: 2026-07-01');
    expect(section).toContain('- Art: lokal beslutning; fra samtale 2: lovkrav');
    expect(generated).toContain('- Påmindelse: 8 uger efter startdatoen');
    expect(generated).toContain('- Art: måltal');
  });

  it('follows the data: a new published rule set appears, an unpublished one never does', () => {
    const draft = deriveRuleSet(FLEKSJOB_CASE_TYPE.defaultRuleSets[0], {
      id: 'fleksjob-2099',
      effectiveFrom: '2099-01-01',
      description: 'test',
      obligations: { 'contact-14d': { remind: { unit: 'days', amount: 10 } } },
    });
    const published = renderRulesReference([
      { ...FLEKSJOB_CASE_TYPE, migratedRuleSets: [...(FLEKSJOB_CASE_TYPE.migratedRuleSets ?? []), draft] },
    ]);
    expect(published).toContain('### fleksjob-2099\n');
    expect(published.slice(published.indexOf('### fleksjob-2099'))).toContain(
      '- Påmindelse: 10 dage efter startdatoen',
    );
    expect(generated).not.toMatch(/^### \S+-2027$/m);
  });
});
