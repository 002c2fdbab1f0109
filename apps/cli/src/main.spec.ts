import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RULES_REFERENCE_PATH, preview, quotaForCases, renderRulesReference } from '@frist/obligations';
import { type CliIo } from './cli-command';
import { runCli } from './cli';
import { COMMANDS } from './commands';

const root = resolve(__dirname, '../../..');
const fixture = (name: string) => join('apps/cli/src/fixtures', name);

/** Runs the real entry point the way `npm run -s frist -- …` does. */
function frist(...args: string[]) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: root },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function memoryIo(files: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: '/work',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    readFile: (path: string) => {
      if (!(path in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[path];
    },
  };
  return io;
}

describe('frist CLI (spawned)', () => {
  it('preview prints the preview JSON of a timeline and exits 0', () => {
    const { code, stdout, stderr } = frist('preview', fixture('f1-happy-path.json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toEqual(preview(JSON.parse(readFileSync(join(root, fixture('f1-happy-path.json')), 'utf8'))));
    expect(output.ruleSet).toBe('fleksjob-2024');
    expect(output.obligations).toHaveLength(15);
    expect(output.obligations[0]).toMatchObject({
      code: 'phase1-target',
      occurrence: 1,
      dueOn: '2027-03-15',
      remindOn: '2027-03-01',
    });
  });

  it('--as-of overrides the timeline asOf (F7a evaluated as F7b)', () => {
    const { code, stdout } = frist('preview', fixture('f7a-benefit-pause.json'), '--as-of', '2027-03-01');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.asOf).toBe('2027-03-01');
    const otherActor = output.obligations.find((o: { code: string }) => o.code === 'other-actor-12m');
    expect(otherActor).toMatchObject({ nominalDueOn: '2027-05-18', status: 'open' });
    expect(otherActor.pausedSince).toBeUndefined();
  });

  it('reports warnings in the output, not as errors', () => {
    const { code, stdout, stderr } = frist('preview', fixture('f14-case-closed.json'));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).warnings).toEqual([{ eventIndex: 3, type: 'CONTACT_HELD', reason: 'after CASE_CLOSED' }]);
  });

  it('invalid events: exit 2, one line per issue naming event index and field, nothing on stdout, no stack trace', () => {
    const { code, stdout, stderr } = frist('preview', fixture('invalid-events.json'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      'frist preview: invalid timeline apps/cli/src/fixtures/invalid-events.json (4 issues):',
      '  events[0].date: "2027-02-30" is not a real calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
      '  events[1].form: is required (CONTACT_HELD)',
      '  events[2].type: unknown event type "COFFEE_BREAK" for case type fleksjob',
      '  events[3].hoursPerWeek: must be a number greater than 0 and at most 168, got 0 (FLEXJOB_STARTED)',
    ]);
  });

  it('bad JSON, a domain-rule violation and a bad --as-of exit 2', () => {
    const truncated = frist('preview', fixture('truncated-json.txt'));
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(
      /^frist preview: invalid timeline apps\/cli\/src\/fixtures\/truncated-json.txt \(1 issue\):\n {2}invalid JSON: /,
    );

    const permanent = frist('preview', fixture('permanent-under-40.json'));
    expect(permanent.code).toBe(2);
    expect(permanent.stderr).toContain('  events[2].outcome: PERMANENT_REQUIRES_AGE_40: ');

    const asOf = frist('preview', fixture('f1-happy-path.json'), '--as-of=2027-02-29');
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of: "2027-02-29" is not a real calendar date');
    for (const r of [truncated, permanent, asOf]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help exits 0; no command, unknown command and a missing file exit 2', () => {
    const help = frist('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}preview +compute the obligations of a timeline JSON file$/m);
    expect(frist().code).toBe(2);
    const unknown = frist('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^frist: unknown command "frobnicate"/);
    const missing = frist('preview', 'apps/cli/src/fixtures/does-not-exist.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('frist preview: cannot read apps/cli/src/fixtures/does-not-exist.json (ENOENT)\n');
  });
});

describe('frist CLI (in-process)', () => {
  it('preview --help prints the options', async () => {
    const io = memoryIo();
    expect(await runCli(['preview', '--help'], io)).toBe(0);
    expect(io.out).toContain('--as-of YYYY-MM-DD');
  });

  it.each(COMMANDS.map((c) => [c.name]))('%s --help prints its usage on stdout and exits 0', async (name) => {
    const io = memoryIo();
    expect(await runCli([name, '--help'], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/^usage:/);
  });

  it.each([
    [['preview'], 'frist preview: missing <timeline.json>'],
    [['preview', 'a.json', 'b.json'], 'frist preview: unexpected argument b.json'],
    [['preview', 'a.json', '--as-of'], 'frist preview: --as-of needs a value'],
    [['preview', 'a.json', '--verbose'], 'frist preview: unknown option --verbose'],
  ])('usage error %j', async (argv, message) => {
    const io = memoryIo({ '/work/a.json': '{}' });
    expect(await runCli(argv, io)).toBe(2);
    expect(io.err.startsWith(message)).toBe(true);
    expect(io.out).toBe('');
  });

  it('resolves relative paths against the caller’s directory', async () => {
    const timeline = JSON.stringify({
      case: { birthDate: '1980-01-01' },
      events: [{ type: 'VISITATION_DECIDED', date: '2026-01-12' }],
      asOf: '2026-01-13',
    });
    const io = memoryIo({ '/work/sub/t.json': timeline });
    io.cwd = '/work/sub';
    expect(await runCli(['preview', 't.json'], io)).toBe(0);
    expect(JSON.parse(io.out).obligations).toHaveLength(4);
  });

  it('an unexpected failure is reported in one line with exit 1', async () => {
    const io = memoryIo();
    const boom = { name: 'boom', summary: '', usage: '', run: () => Promise.reject(new Error('kaput')) };
    expect(await runCli(['boom'], io, [boom])).toBe(1);
    expect(io.err).toBe('frist boom: internal error: kaput\n');
  });
});

describe('frist quota (spawned)', () => {
  it('answers the FJ-7 / O5 example with the quota function’s JSON', () => {
    const { code, stdout, stderr } = frist('quota', fixture('fj7-quota.json'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toEqual(quotaForCases(JSON.parse(readFileSync(join(root, fixture('fj7-quota.json')), 'utf8'))));
    expect(output).toMatchObject({
      cohortSize: 13,
      denominator: 12,
      metShare: 0.75,
      exemptedShare: 0.166667,
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
    const { code, stdout, stderr } = frist('quota', file);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('to: must not be before from');
    expect(stderr).toContain('scope: must be {"level": "municipality"}');
    expect(stderr).toContain('cases: must be an array');
  });
});

describe('frist rules docs', () => {
  it('spawned: --check passes on the committed reference', () => {
    const { code, stdout, stderr } = frist('rules', 'docs', '--check');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`${RULES_REFERENCE_PATH} is up to date`);
  });

  it('writes the rendered reference to --out (relative to the caller), and --check tells a stale file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frist-rules-docs-'));
    try {
      const io = memoryIo();
      io.cwd = dir;
      expect(await runCli(['rules', 'docs', '--out', 'reference.md'], io)).toBe(0);
      expect(readFileSync(join(dir, 'reference.md'), 'utf8')).toBe(renderRulesReference());
      expect(await runCli(['rules', 'docs', '--out', 'reference.md', '--check'], io)).toBe(0);
      writeFileSync(join(dir, 'reference.md'), 'stale\n');
      expect(await runCli(['rules', 'docs', '--out', 'reference.md', '--check'], io)).toBe(1);
      expect(io.err).toContain('is out of date: run npm run -s frist -- rules docs');
      expect(readFileSync(join(dir, 'reference.md'), 'utf8')).toBe('stale\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown option or a missing --out path exits 2', async () => {
    const io = memoryIo();
    expect(await runCli(['rules', 'docs', '--bogus'], io)).toBe(2);
    expect(await runCli(['rules', 'docs', '--out'], io)).toBe(2);
    expect(io.err).toContain('unknown option --bogus');
    expect(io.err).toContain('--out needs a value');
  });
});
