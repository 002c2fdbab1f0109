import { TrialCatalogue, WebhookActivities } from '@frist/activities';
import { loadConfig } from '@frist/config';
import { DEMO_PROGRAMME_ENV, TEST_AUTH_ENV } from '@frist/testing';
import { TemporalWorkerService } from './temporal-worker.service';
import { WebhookWorkerService } from './webhook-worker.service';
import { WorkerModule } from './worker.module';

const env = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:1/frist',
  NODE_ENV: 'test',
  ...TEST_AUTH_ENV,
  LOG_LEVEL: 'silent',
};

/** The catalogue the worker's activities evaluate and project with, as its module provides it. */
function workerCatalogue(extra: Record<string, string> = {}): TrialCatalogue {
  const { providers } = WorkerModule.forConfig(loadConfig({ ...env, ...extra }));
  const provider = providers.find((p) => typeof p === 'object' && 'provide' in p && p.provide === TrialCatalogue);
  return (provider as { useValue: TrialCatalogue }).useValue;
}

describe('the worker adopts trial programmes from ADOPTED_PROGRAMMES', () => {
  it('has the published programmes by default and the adopted file’s programme when configured', () => {
    expect(workerCatalogue().programmes.map((p) => p.id)).toEqual(['aht-2009']);
    expect(workerCatalogue({ ...DEMO_PROGRAMME_ENV }).programmes.map((p) => p.id)).toEqual(['aht-2009', 'aht-demo']);
  });

  it('refuses to start with a programme file it cannot read, with its code', () => {
    expect(() => workerCatalogue({ ADOPTED_PROGRAMMES: '/nonexistent/trial.programme.json' })).toThrow(
      expect.objectContaining({ code: 'PROGRAMME_FILE_UNREADABLE' }),
    );
  });
});

describe('the worker runs what its roles name (WORKER_ROLES)', () => {
  const services = (roles?: string) =>
    WorkerModule.forConfig(loadConfig({ ...env, ...(roles ? { WORKER_ROLES: roles } : {}) })).providers.filter(
      (p) => p === TemporalWorkerService || p === WebhookWorkerService || p === WebhookActivities,
    );

  it('a case replica has no webhook worker or activities, a webhook worker no case worker, the default both', () => {
    expect(services('cases')).toEqual([TemporalWorkerService]);
    expect(services('webhooks')).toEqual([WebhookActivities, WebhookWorkerService]);
    expect(services()).toEqual([TemporalWorkerService, WebhookActivities, WebhookWorkerService]);
  });
});
