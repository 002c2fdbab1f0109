import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import request from 'supertest';
import { loadConfig, ROLES, type Role } from '@frist/config';
import { TEST_AUTH_ENV } from '@frist/testing';
import { apiControllers } from '../testing/api-controllers';
import { createControllerApp, type ControllerApp } from '../testing/controller-app';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

interface Route {
  method: string;
  path: string;
  /** undefined: @Public(); otherwise the roles @Roles() names ([] when it names none: nobody). */
  roles: readonly Role[] | undefined;
}

const SAMPLE_PARAMS: Record<string, string> = {
  id: '3f2b8c1e-6a4d-4e8f-9b1a-2c3d4e5f6a7b',
  eventId: 'e-1',
  program: 'aht-2009',
  file: 'a'.repeat(43) + '.ics',
};

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** The role × route table, read from the controllers' decorators exactly as the guard reads them. */
function routeTable(controllers: Type[]): Route[] {
  return controllers.flatMap((controller) => {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    const proto = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const sub = (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '';
      const isPublic =
        (Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)) === true;
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ??
        Reflect.getMetadata(ROLES_KEY, controller) ??
        []) as Role[];
      return [{ method: RequestMethod[method], path: join(base, sub), roles: isPublic ? undefined : roles }];
    });
  });
}

/**
 * Every route of the API × every role (and no token), through the real global guard: no token → 401 unless
 * @Public(); a role the route does not name → 403 FORBIDDEN; a role it names gets past the guard. The table comes
 * from the controllers' metadata, so a new route is covered the day it is added.
 */
describe('role × route table', () => {
  let c: ControllerApp;
  let routes: Route[];
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    const controllers = apiControllers(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused@127.0.0.1:9/unused', ...TEST_AUTH_ENV }),
    );
    routes = routeTable(controllers);
    c = await createControllerApp({ controllers });
    for (const role of ROLES) tokens.set(role, await c.token(role, ['team-a'], `table-${role}`));
  });
  afterAll(() => c?.close());

  const call = (r: Route, token?: string) => {
    const path = r.path.replace(/:(\w+)/g, (_, p: string) => SAMPLE_PARAMS[p] ?? 'x');
    const req = request(c.app.getHttpServer())[r.method.toLowerCase() as 'get'](path).timeout(5_000);
    return token ? req.set('authorization', token) : req;
  };

  it('reads every controller and route, and every route names its roles or is public', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(routes).toContainEqual({
      method: 'POST',
      path: '/api/v1/tasks/:id/waive',
      roles: ['caseworker', 'manager'],
    });
    expect(routes).toContainEqual({ method: 'GET', path: '/health/live', roles: undefined });
    // Secure by default: a route with an empty @Roles() (or none) would answer 403 to everyone.
    expect(routes.filter((r) => r.roles !== undefined && r.roles.length === 0)).toEqual([]);
  });

  it('answers 401 without a token on every route that is not public, and never on a public one', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await call(r).catch((e: Error) => ({ status: e.message, body: {} }));
      const expected =
        r.roles === undefined ? res.status !== 401 : res.status === 401 && res.body.code === 'UNAUTHENTICATED';
      if (!expected) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(ROLES)(
    'lets %s through exactly the routes that name it, and answers 403 FORBIDDEN elsewhere',
    async (role) => {
      const wrong: string[] = [];
      for (const r of routes) {
        const res = await call(r, tokens.get(role)).catch((e: Error) => ({
          status: e.message,
          body: {},
        }));
        const allowed = r.roles === undefined || r.roles.includes(role);
        const ok = allowed
          ? res.status !== 401 && res.status !== 403
          : res.status === 403 && res.body.code === 'FORBIDDEN';
        if (!ok) wrong.push(`${r.method} ${r.path} as ${role}: ${res.status} ${String(res.body.code ?? '')}`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
