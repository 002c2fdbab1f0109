/**
 * `frist preview` with a sygedagpenge case and a trial programme (trials-and-sygedagpenge.md §W S3). The worked
 * examples' demo programme is adopted through ADOPTED_PROGRAMMES, as an installation adopts its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { programmeFromFile } from '@frist/activities';
import { PROGRAMMES, preview } from '@frist/obligations';
import { DEMO_PROGRAMME_ENV, DEMO_PROGRAMME_FILE } from '@frist/testing';

const root = resolve(__dirname, '../../..');
const fixture = (name: string) => join('apps/cli/src/fixtures', name);

function run(env: Record<string, string>, ...args: string[]) {
  const { ADOPTED_PROGRAMMES: _inherited, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...inherited, INIT_CWD: root, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const frist = (...args: string[]) => run(DEMO_PROGRAMME_ENV, ...args);

describe('frist preview: sygedagpenge and trial programmes', () => {
  it('prints base and overlay obligations, warnings and enrolments (S3)', () => {
    const { code, stdout, stderr } = frist('preview', fixture('s3-sygedagpenge-trial.json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toEqual(
      preview(JSON.parse(readFileSync(join(root, fixture('s3-sygedagpenge-trial.json')), 'utf8')), undefined, [
        ...PROGRAMMES,
        programmeFromFile(DEMO_PROGRAMME_FILE),
      ]),
    );
    expect(output.ruleSet).toBe('sygedagpenge-2009');
    expect(output.obligations).toHaveLength(12);
    expect(
      output.obligations.find(
        (o: { code: string; occurrence: number }) => o.code === 'aht-activity-10h' && o.occurrence === 2,
      ),
    ).toMatchObject({
      status: 'missed',
      program: 'aht-demo',
      ruleSet: 'aht-demo-mj',
      week: 2,
      targetHours: 10,
      registeredHours: 8,
    });
    expect(
      output.warnings.map((w: { eventIndex: number; reason: string }) => [w.eventIndex, w.reason.split(':')[0]]),
    ).toEqual([
      [4, 'REASON_NOT_EFFECTIVE'],
      [5, 'FORM_NOT_ACCEPTED'],
    ]);
    expect(output.enrolments).toEqual([
      {
        program: 'aht-demo',
        arm: 'participant',
        assignedOn: '2027-02-24',
        lastDayOn: '2027-06-23',
        status: 'active',
        endedOn: null,
        outcome: null,
        exemptionReason: null,
      },
    ]);
  });

  it('rejects another case type, an unknown programme or reason code, and a talk or hours without who/what (exit 2)', () => {
    const { code, stdout, stderr } = frist('preview', fixture('invalid-sygedagpenge.json'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'frist preview: invalid timeline apps/cli/src/fixtures/invalid-sygedagpenge.json (6 issues):',
    );
    expect(lines[1]).toBe('  events[0].type: unknown event type "VISITATION_DECIDED" for case type sygedagpenge');
    expect(lines[2]).toMatch(/^ {2}events\[2\]\.program: "aht-1999" is not a trial programme \(aht-2009, aht-demo\)/);
    expect(lines[3]).toMatch(/^ {2}events\[3\]\.reason: "bored" is not a fritagelse code of aht-demo/);
    // Z16: heldBy and offerType are never defaulted.
    expect(lines.slice(4)).toEqual([
      '  events[4].heldBy: is required (SICKNESS_FOLLOWUP_HELD)',
      '  events[5].heldBy: is required (got null) (FIRST_FOLLOWUP_HELD)',
      '  events[6].offerType: is required (ACTIVE_OFFER_HOURS_REGISTERED)',
    ]);
  });

  it('knows only the published programmes without ADOPTED_PROGRAMMES: the demo programme is refused (exit 2)', () => {
    const { code, stdout, stderr } = run({}, 'preview', fixture('s3-sygedagpenge-trial.json'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('events[2].program: "aht-demo" is not a trial programme (aht-2009)');
  });

  it('refuses to start with a bad programme file, naming its code, the file and the field (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frist-programme-'));
    try {
      const bad = join(dir, 'bad.programme.json');
      const demo = JSON.parse(readFileSync(DEMO_PROGRAMME_FILE, 'utf8'));
      writeFileSync(bad, JSON.stringify({ ...demo, periodMonths: 0 }));
      const invalid = run({ ADOPTED_PROGRAMMES: bad }, 'preview', fixture('s3-sygedagpenge-trial.json'));
      expect(invalid.code).toBe(2);
      expect(invalid.stdout).toBe('');
      expect(invalid.stderr).toMatch(/^frist preview: PROGRAMME_FILE_INVALID: .*bad\.programme\.json: periodMonths: /);
      const missing = run(
        { ADOPTED_PROGRAMMES: join(dir, 'none.json') },
        'preview',
        fixture('s3-sygedagpenge-trial.json'),
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^frist preview: PROGRAMME_FILE_UNREADABLE: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
