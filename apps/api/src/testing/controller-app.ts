import type { Provider, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { FixedClock, loadConfig, type AppConfig, type Role } from '@frist/config';
import { bearer, TEST_AUTH_ENV } from '@frist/testing';
import { AuthGuard } from '../auth/auth.guard';
import { RateLimiter } from '../auth/rate-limiter.service';
import { TokenVerifier } from '../auth/token-verifier.service';
import { applyHttpEdge } from '../common/http-edge';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { ConfigModule } from '../config/config.module';
import { buildOpenApiDocument } from '../openapi/openapi.document';

/** Lifecycle hooks and promise probes Nest and Jest look up on providers: a strict mock must not answer them. */
const NOT_MOCKED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
  'asymmetricMatch',
  'nodeType',
  'toJSON',
]);

/**
 * A strict mock of a service (immich's automock): every method is a jest.fn that fails the request until the test
 * gives it an implementation, so a controller never passes on a call nobody expected.
 */
export function strictMock(name: string): Record<string, jest.Mock> {
  const fns = new Map<string, jest.Mock>();
  return new Proxy({} as Record<string, jest.Mock>, {
    get(_target, prop) {
      if (typeof prop !== 'string' || NOT_MOCKED.has(prop)) return undefined;
      let fn = fns.get(prop);
      if (!fn) {
        fn = jest.fn(() => {
          throw new Error(`${name}.${prop} was called without a mock implementation`);
        });
        fns.set(prop, fn);
      }
      return fn;
    },
  });
}

/** A strict mock typed as the provider it stands in for: each method a jest.Mock. */
export type StrictMock<T> = { [K in keyof T]: jest.Mock };

export interface ControllerApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** The app's clock, fixed (tokens are issued at its time). */
  clock: FixedClock;
  /** The strict mock standing in for a provider (a service the controllers depend on). */
  mock<T>(token: Type<T> | string | symbol): StrictMock<T>;
  /** An Authorization header value for a role and teams (HS256 with the test secret, verified for real). */
  token(role: Role, teams?: string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The fast controller tier: the given controllers behind the real HTTP edge (body limits, 405), the real global
 * auth guard (token verification, roles, rate limits) and the real problem-details filter, with every service
 * they depend on replaced by a strict mock. No Postgres, no Temporal; a request costs about a millisecond.
 */
export async function createControllerApp(opts: {
  controllers: Type[];
  providers?: Provider[];
  env?: Record<string, string>;
}): Promise<ControllerApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1:9/unused', // never connected: no provider here opens it
    ...TEST_AUTH_ENV,
    ...opts.env,
  });
  const mocks = new Map<unknown, Record<string, jest.Mock>>();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config, clock)],
    controllers: opts.controllers,
    providers: [
      TokenVerifier,
      RateLimiter,
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ...(opts.providers ?? []),
    ],
  })
    .useMocker((token) => {
      const name = typeof token === 'function' ? token.name : String(token);
      const mock = strictMock(name);
      mocks.set(token, mock);
      return mock;
    })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  applyHttpEdge(app, () => buildOpenApiDocument(app));
  await app.init();
  return {
    app,
    config,
    clock,
    mock: <T>(token: Type<T> | string | symbol) => {
      const m = mocks.get(token);
      if (!m) throw new Error(`${String(token)} is not a mocked provider of these controllers`);
      return m as StrictMock<T>;
    },
    token: (role, teams = ['team-a'], sub) => bearer(config.auth, role, teams, sub, { now: clock.now() }),
    close: () => app.close(),
  };
}
