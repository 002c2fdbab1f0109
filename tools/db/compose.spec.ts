import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  depends_on?: string[] | Record<string, { condition: string }>;
  command?: string[] | string;
}

/** The deployment topology can't be started here (no Docker engine), so check its structure instead. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
  };
  const services = compose.services;

  it('gives every service an image or a build and only depends on services that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, ok: Boolean(s.image ?? s.build) }).toEqual({ name, ok: true });
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect(Object.keys(services)).toContain(d);
    }
  });

  it('runs migrations as their own step before the api and workers start', () => {
    expect(services['frist-migrate']?.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'db', 'migrate']);
    for (const app of ['frist-api', 'frist-worker']) {
      expect(services[app]?.depends_on).toMatchObject({
        'frist-migrate': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('registers the search attributes the case workflow upserts', () => {
    const setup = JSON.stringify(services['temporal-setup']?.command);
    for (const sa of ['CaseTeam=Keyword', 'NextDueAt=Datetime', 'OverdueCount=Int', 'CasePhase=Keyword'])
      expect(setup).toContain(sa);
  });
});
