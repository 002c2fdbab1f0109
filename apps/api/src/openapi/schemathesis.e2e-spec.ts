import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ROLES } from '@frist/config';
import { addDaysIso, copenhagenDate } from '@frist/contracts';
import { schemathesisPath, startApiE2e, type ApiE2e } from '@frist/testing';
import { createApp } from '../create-app';

type App = Awaited<ReturnType<typeof createApp>>;

/** Deterministic and bounded: the same requests every run, a few minutes for all three roles together. */
const SEED = 20261207;
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 5);
const REPORT_DIR = join(__dirname, '..', '..', '..', '..', 'tmp', 'schemathesis');

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: REPORT_DIR, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * One plain line per role instead of Schemathesis's own closing section: that section is framed like pytest's
 * ("==== 3 warnings in 172.81s ===="), and CI reads such a frame as a test runner that ran no test.
 */
function schemathesisDigest(role: string, code: number, output: string): string {
  const tested = /Tested:\s*(\d+)/.exec(output)?.[1] ?? '?';
  const cases = /(\d+) generated/.exec(output)?.[1] ?? '?';
  const warnings = output.match(/^\s*⚠️.*$/gmu)?.map((w) => w.replace('⚠️', '').trim()) ?? [];
  return (
    `Schemathesis as ${role}: exit ${code}, ${tested} operations, ${cases} generated requests` +
    (warnings.length ? `; warnings: ${warnings.join('; ')}` : '') +
    ` (report tmp/schemathesis/${role}.txt)`
  );
}

/**
 * The OpenAPI document is the contract: Schemathesis generates requests from it for every operation (valid ones,
 * invalid ones, undocumented methods) with every check (no 5xx, documented status codes, content types and
 * response schemas, invalid data refused, valid data accepted, 405 for unsupported methods), once per role,
 * against the real API on real Postgres and Temporal. Any failure fails `npm test`, with Schemathesis's report.
 */
describe('OpenAPI contract (Schemathesis)', () => {
  let e2e: ApiE2e<App>;
  const team = `st-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    // Thousands of requests from one user (and without a token, from one address) are the point here.
    e2e = await startApiE2e({
      createApp,
      env: { RATE_LIMIT_USER_PER_MIN: '1000000', RATE_LIMIT_AUTH_FAILURES_PER_MIN: '100000' },
    });
    // A case with tasks, so lists and dashboards answer with real items for the response schemas to check.
    const cw = await e2e.token('caseworker', [team], 'st-cw');
    await request(e2e.app.getHttpServer())
      .post('/api/v1/cases')
      .set('authorization', cw)
      .send({
        citizenRef: 'st-1',
        team,
        birthDate: '1980-01-01',
        events: [{ eventId: 'visit', type: 'VISITATION_DECIDED', date: addDaysIso(copenhagenDate(Date.now()), -20) }],
      })
      .expect(201);
    mkdirSync(REPORT_DIR, { recursive: true });
  });
  afterAll(() => e2e?.close());

  // Every role the tokens know, so a new role is held to the contract too. One role after the other: run at once
  // they share the API's CPU and each took four times as long.
  it.each([...ROLES])(
    'passes every check as %s',
    async (role) => {
      const token = await e2e.token(role, [team], `st-${role}`);
      const { code, output } = await run(schemathesisPath(), [
        '--config-file',
        join(__dirname, 'schemathesis.toml'),
        'run',
        `${e2e.url}/api/openapi.json`,
        '--checks',
        'all',
        '--max-examples',
        String(MAX_EXAMPLES),
        '--seed',
        String(SEED),
        '--workers',
        '1',
        '--no-shrink',
        '--request-timeout',
        '30',
        // A keep-alive connection the server closed as it was reused is no finding; one retry tells.
        '--request-retries',
        '2',
        '--header',
        `Authorization: ${token}`,
      ]);
      writeFileSync(join(REPORT_DIR, `${role}.txt`), output);
      process.stdout.write(`${schemathesisDigest(role, code, output)}\n`);
      if (code !== 0)
        throw new Error(
          `Schemathesis failed as ${role} (full report tmp/schemathesis/${role}.txt):\n${output.slice(-20_000)}`,
        );
    },
    // Schemathesis bounds itself by examples per operation; this only catches a run that hangs.
    600_000,
  );
});
