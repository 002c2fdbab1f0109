import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeObligations, PROGRAMMES, type CaseEvent } from '@frist/obligations';
import { DEMO_PROGRAMME_FILE } from '@frist/testing';
import { adoptedProgrammes, programmeFromFile, ProgrammeFileError, TrialCatalogue } from './programme-files';

// Worked example S4's first events: an assignment to the demo programme in 2027.
const S4: CaseEvent[] = [
  { type: 'SICK_LEAVE_STARTED', date: '2027-06-07' },
  { type: 'FIRST_FOLLOWUP_HELD', date: '2027-07-27', heldBy: 'jobcenter', form: 'in-person', cadenceWeeks: 8 },
  { type: 'TRIAL_ASSIGNED', date: '2027-07-27', program: 'aht-demo', arm: 'participant' },
];

describe('trial programme files (ADOPTED_PROGRAMMES)', () => {
  let dir: string;
  const demo = () => JSON.parse(readFileSync(DEMO_PROGRAMME_FILE, 'utf8')) as Record<string, unknown>;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const refusal = (paths: string[]): ProgrammeFileError => {
    try {
      adoptedProgrammes(paths);
    } catch (err) {
      if (err instanceof ProgrammeFileError) return err;
      throw err;
    }
    throw new Error('the files were accepted');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'frist-programmes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the published catalogue holds no demo programme; an adopted file joins it and the engine applies it', () => {
    expect(PROGRAMMES.map((p) => p.id)).toEqual(['aht-2009']);
    const published = new TrialCatalogue();
    expect(published.programmes).toBe(PROGRAMMES);
    expect(published.find('aht-demo')).toBeUndefined();
    expect(() => computeObligations({ caseType: 'sygedagpenge' }, S4, '2027-08-02')).toThrow(
      /"aht-demo" is not a trial programme \(aht-2009\)/,
    );

    const adopted = TrialCatalogue.fromFiles([DEMO_PROGRAMME_FILE]);
    expect(adopted.programmes.map((p) => p.id)).toEqual(['aht-2009', 'aht-demo']);
    expect(adopted.find('aht-demo')?.versions.map((v) => v.id)).toEqual(['aht-demo', 'aht-demo-mj']);
    const result = computeObligations({ caseType: 'sygedagpenge' }, S4, '2027-08-02', {
      programmes: adopted.programmes,
    });
    expect(result.enrolments).toEqual([expect.objectContaining({ program: 'aht-demo', status: 'active' })]);
    expect(result.occurrences.filter((o) => o.program === 'aht-demo').map((o) => o.ruleSet)).toContain('aht-demo-mj');
  });

  it('refuses a file that is not JSON or not there (PROGRAMME_FILE_UNREADABLE)', () => {
    expect(refusal([file('broken.json', '{ "id": ')])).toMatchObject({ code: 'PROGRAMME_FILE_UNREADABLE' });
    const missing = refusal([join(dir, 'missing.json')]);
    expect(missing.code).toBe('PROGRAMME_FILE_UNREADABLE');
    expect(missing.message).toContain('missing.json');
  });

  it.each([
    ['an unknown field', { extra: true }, /\(file\): Unrecognized key: "extra"/],
    ['a missing version list', { versions: [] }, /versions: /],
    ['an arm the engine does not know', { arms: ['placebo'] }, /arms\.0: /],
    [
      'a case type that does not exist',
      { caseTypes: { kontanthjaelp: { entry: [], suspendedWhen: [], endedBy: {} } } },
      /caseTypes/,
    ],
    [
      'an enrolment window that ends before it starts',
      { enrolmentWindow: { from: '2027-09-30', to: '2027-01-04' } },
      /enrolmentWindow\.to: /,
    ],
    [
      'a date that is not one',
      { enrolmentWindow: { from: '2027-02-30', to: '2027-09-30' } },
      /enrolmentWindow\.from: must be a date/,
    ],
    [
      'an overlay code the engine does not know',
      { overlays: [{ ...(demo().overlays as object[])[0], code: 'aht-new' }] },
      /overlays\.0\.code: /,
    ],
    [
      'versions out of date order',
      { versions: [...(demo().versions as object[])].reverse() },
      /versions must be in effectiveFrom order/,
    ],
  ])('refuses %s (PROGRAMME_FILE_INVALID, naming the file and the field)', (_what, change, message) => {
    const path = file('invalid.programme.json', { ...demo(), ...change });
    const err = refusal([path]);
    expect(err.code).toBe('PROGRAMME_FILE_INVALID');
    expect(err.message.startsWith(`${path}: `)).toBe(true);
    expect(err.message).toMatch(message);
  });

  it('refuses a published id (PROGRAMME_ALREADY_PUBLISHED) and one id adopted twice (PROGRAMME_DUPLICATE_ID)', () => {
    expect(refusal([file('published.json', { ...demo(), id: 'aht-2009' })])).toMatchObject({
      code: 'PROGRAMME_ALREADY_PUBLISHED',
    });
    expect(refusal([DEMO_PROGRAMME_FILE, file('again.json', demo())])).toMatchObject({
      code: 'PROGRAMME_DUPLICATE_ID',
    });
    expect(programmeFromFile(DEMO_PROGRAMME_FILE).id).toBe('aht-demo');
  });
});
