/** `frist preview` with a sygedagpenge case and a trial programme (trials-and-sygedagpenge.md §W S3). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preview } from '@frist/obligations';

const root = resolve(__dirname, '../../..');
const fixture = (name: string) => join('apps/cli/src/fixtures', name);

function frist(...args: string[]) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: root },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('frist preview: sygedagpenge and trial programmes', () => {
  it('prints base and overlay obligations, warnings and enrolments (S3)', () => {
    const { code, stdout, stderr } = frist('preview', fixture('s3-sygedagpenge-trial.json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toEqual(
      preview(JSON.parse(readFileSync(join(root, fixture('s3-sygedagpenge-trial.json')), 'utf8'))),
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
});
