import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function frist(args: string[]) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: root },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('frist quota (spawned)', () => {
  it('answers the FJ-7 / O5 example', () => {
    const { code, stdout, stderr } = frist(['quota', 'tools/cli/fixtures/fj7-quota.json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      scope: { level: 'team', team: 'Fleksjob Nord' },
      cohortSize: 13,
      met: 9,
      exempted: 2,
      short: 1,
      endedEarly: 1,
      open: 0,
      denominator: 12,
      metShare: 0.75,
      exemptedShare: 0.166667,
      metSharePercent: 75,
      exemptedSharePercent: 16.7,
      atRisk: [],
      status: 'ok',
    });
  });

  it('exits 2 with one line per issue on invalid input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frist-quota-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        cases: {},
        scope: { level: 'county' },
        from: '2027-04-01',
        to: '2027-03-31',
        asOf: '2027-04-05',
      }),
    );
    const { code, stdout, stderr } = frist(['quota', file]);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('to: must not be before from');
    expect(stderr).toContain('scope: must be {"level": "municipality"}');
    expect(stderr).toContain('cases: must be an array');
  });
});
