import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { DEV_JWT_SECRET } from '@frist/config';
import { type CliIo } from './cli-command';
import { runCli } from './cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

function memoryIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: '/work',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readFile: () => {
      throw new Error('not used');
    },
  };
  return io;
}

describe('frist token', () => {
  // The dev secret signs only where NODE_ENV=development is set explicitly (Jest sets test).
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => (process.env.NODE_ENV = 'development'));
  afterEach(() => (process.env.NODE_ENV = nodeEnv));

  it('prints a dev token the API accepts: role, teams, sub, issuer, audience, expiry', async () => {
    const io = memoryIo();
    const code = await runCli(
      ['token', '--role', 'caseworker', '--team', 'fleks-nord', '--team=fleks-syd', '--sub', 'cw-1', '--ttl', '1'],
      io,
    );
    expect({ code, err: io.err }).toEqual({ code: 0, err: '' });
    const { payload, protectedHeader } = await jose.jwtVerify(io.out.trim(), new TextEncoder().encode(DEV_JWT_SECRET), {
      issuer: 'frist-dev',
      audience: 'frist-api',
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'cw-1', role: 'caseworker', teams: ['fleks-nord', 'fleks-syd'] });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('exits 2 with one line per problem on bad usage', async () => {
    const io = memoryIo();
    expect(await runCli(['token', '--role', 'boss', '--team', 'Bad Team', '--ttl', '0'], io)).toBe(2);
    const lines = io.err.split('\n');
    expect(lines[0]).toBe('frist token: --role must be one of caseworker, manager, ops, jurist');
    expect(lines).toContain('--team Bad Team is not a team slug (lowercase letters, digits, -)');
    expect(lines).toContain('--ttl must be 0 < hours <= 168');
    expect(await runCli(['token', '--frobnicate'], memoryIo())).toBe(2);
  });

  it('never mints a token longer-lived than the API accepts, nor signs with the dev secret outside development', async () => {
    const io = memoryIo();
    expect(await runCli(['token', '--role', 'manager', '--team', 'fleks-nord', '--ttl', '13'], io)).toBe(2);
    expect(io.err).toContain('--ttl must be at most 12 hours');
    delete process.env.NODE_ENV; // unset: production rules, so no dev secret and no token
    const unset = memoryIo();
    expect(await runCli(['token', '--role', 'manager', '--team', 'fleks-nord'], unset)).toBe(2);
    expect(unset.err).toMatch(/AUTH_JWT_SECRET or AUTH_JWKS_URL is required/);
    expect(unset.out).toBe('');
  });
});
