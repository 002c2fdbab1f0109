import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase } from '@frist/testing';

const root = resolve(__dirname, '../../..');

/** `npm run -s frist -- teams` as operators run it, against a real Postgres; it needs only DATABASE_URL. */
describe('frist teams (spawned)', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const teams = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'teams', ...args], {
      cwd: root,
      encoding: 'utf8',
      // No NODE_ENV and no auth settings: the registry needs only the database.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: db.url, INIT_CWD: root },
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('registers, renames and lists teams; refuses a bad slug', () => {
    expect(teams('list')).toMatchObject({ code: 0, out: '[]\n' });
    expect(teams('add', 'fleks-nord', 'Fleksjob Nord').code).toBe(0);
    expect(teams('add', 'fleks-syd', 'Fleksjob Syd').code).toBe(0);
    const renamed = teams('add', 'fleks-nord', 'Fleksjob Nord og Vest');
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.out)).toEqual([
      { id: 'fleks-nord', name: 'Fleksjob Nord og Vest' },
      { id: 'fleks-syd', name: 'Fleksjob Syd' },
    ]);
    const bad = teams('add', 'Fleks Nord', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Fleks Nord is not a team slug');
  });
});
