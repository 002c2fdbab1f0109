import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../common/domain-error';

/** The web UI's Danish problem texts (api.js), read as the object literal it is. */
function problemTexts(): Record<string, string> {
  const source = readFileSync(join(__dirname, 'assets', 'api.js'), 'utf8');
  const literal = /^const PROBLEM = (\{[\s\S]*?^\});/m.exec(source)?.[1];
  expect(literal).toBeDefined();
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- our own file, read from the repository
  return new Function(`return ${literal};`)() as Record<string, string>;
}

describe('problem codes in Danish', () => {
  it('has a Danish text for every code the API answers with, so the UI never matches on English wording', () => {
    const texts = problemTexts();
    expect(Object.values(ErrorCode).filter((code) => !texts[code])).toEqual([]);
  });
});
