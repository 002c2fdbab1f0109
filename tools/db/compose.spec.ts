import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  FRIST_ENV,
  FRIST_ROLES,
  IMAGE_ENV,
  NAMESPACE,
  NAMESPACE_RETENTION,
  NODE_VERSION,
  ROLE_ENV,
  schemaSteps,
  SEARCH_ATTRIBUTES,
  TEMPORAL_HISTORY_SHARDS,
  TEMPORAL_SERVER_VERSION,
  WORKER_ROLES_BY_PROCESS,
} from '../prod/topology-plan';

interface Service {
  image?: string;
  build?: unknown;
  depends_on?: string[] | Record<string, { condition: string }>;
  command?: string[] | string;
  environment?: Record<string, unknown>;
  deploy?: { replicas?: number };
}

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/**
 * docker-compose.yml and the Dockerfile can't be started here (no Docker engine); the loopback topology
 * (scripts/prod-topology.sh) runs the same plan (tools/prod/topology-plan.ts). These tests keep all three equal.
 */
describe('docker-compose.yml and the Dockerfile describe what the topology script runs', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
    'x-frist-env': Record<string, unknown>;
  };
  const services = compose.services;
  const service = (name: string): Service => {
    const s = services[name];
    if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
    return s;
  };
  const script = (name: string) => {
    const command = service(name).command;
    return Array.isArray(command) ? command.join(' ') : (command ?? '');
  };

  it('gives every service an image or a build and only depends on services that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, ok: Boolean(s.image ?? s.build) }).toEqual({ name, ok: true });
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect(Object.keys(services)).toContain(d);
    }
  });

  it('pins the Temporal server and its admin tools to the version the topology builds', () => {
    expect(service('temporal').image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(service('temporal-setup').image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(service('temporal').environment).toMatchObject({
      DB: 'postgres12',
      SKIP_SCHEMA_SETUP: 'true',
      NUM_HISTORY_SHARDS: TEMPORAL_HISTORY_SHARDS,
    });
  });

  it('sets up both Temporal schemas with the same temporal-sql-tool steps, in the same order', () => {
    // Each invocation, its arguments after the connection flags, and whether a failure is tolerated (`|| true`).
    const steps = [
      ...script('temporal-schema').matchAll(
        /temporal-sql-tool --plugin postgres12 --ep \S+ -u \S+ -p \d+ ([^;&|]+?)\s*(\|\| true)?\s*(;|&&|$)/g,
      ),
    ].map((m) => ({ args: m[1].trim().split(/\s+/), mayFail: m[2] !== undefined }));
    expect(steps).toEqual(schemaSteps('/etc/temporal'));
  });

  it('registers the namespace and the search attributes the case workflow upserts', () => {
    const setup = script('temporal-setup');
    expect(setup).toContain(`temporal operator namespace create -n ${NAMESPACE} --retention ${NAMESPACE_RETENTION}`);
    const registered = [...setup.matchAll(/for sa in ([^;]+);/g)].flatMap((m) => m[1].trim().split(/\s+/));
    expect(registered).toEqual([...SEARCH_ATTRIBUTES]);
  });

  it('runs the migration job, the workers and the API replicas from the production build, with their replicas', () => {
    for (const [role, name] of [
      ['migrate', 'frist-migrate'],
      ['worker', 'frist-worker'],
      ['webhook-worker', 'frist-webhook-worker'],
      ['api', 'frist-api'],
    ] as const) {
      expect({ role, command: service(name).command }).toEqual({
        role,
        command: ['node', ...FRIST_ROLES[role].command],
      });
      expect({ role, replicas: service(name).deploy?.replicas ?? 1 }).toEqual({
        role,
        replicas: FRIST_ROLES[role].replicas,
      });
    }
    for (const app of ['frist-api', 'frist-worker', 'frist-webhook-worker']) {
      expect(service(app).depends_on).toMatchObject({
        'frist-migrate': { condition: 'service_completed_successfully' },
        'temporal-setup': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('gives every frist process the same environment names as the topology', () => {
    expect(Object.keys(compose['x-frist-env']).sort()).toEqual([...FRIST_ENV].sort());
    expect(Object.keys(service('frist-migrate').environment ?? {}).sort()).toEqual([...FRIST_ENV].sort());
    for (const role of ['worker', 'webhook-worker', 'api'] as const) {
      expect(Object.keys(service(`frist-${role}`).environment ?? {}).sort()).toEqual(
        [...FRIST_ENV, ...ROLE_ENV[role]].sort(),
      );
    }
    for (const role of ['worker', 'webhook-worker'] as const)
      expect({ role, roles: service(`frist-${role}`).environment?.WORKER_ROLES }).toEqual({
        role,
        roles: WORKER_ROLES_BY_PROCESS[role],
      });
    expect(compose['x-frist-env'].NODE_ENV).toBe(IMAGE_ENV.NODE_ENV);
  });

  it('builds the image on the Node LTS the Node 24 test uses, with production dependencies only', () => {
    const dockerfile = read('Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toEqual([`node:${NODE_VERSION}-bookworm-slim`, `node:${NODE_VERSION}-bookworm-slim`]);
    expect(read('scripts/test-node24.sh')).toContain(`NODE24_VERSION=${NODE_VERSION}`);
    const env = /^ENV (.+)$/m.exec(dockerfile)?.[1] ?? '';
    expect(Object.fromEntries(env.split(/\s+/).map((kv) => kv.split('=')))).toEqual(IMAGE_ENV);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev /);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=20.19');
  });
});
