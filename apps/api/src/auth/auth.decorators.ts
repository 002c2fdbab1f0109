import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthUser, Role } from './auth-user';

export const ROLES_KEY = 'frist:roles';
export const PUBLIC_KEY = 'frist:public';
/** Carried into the OpenAPI document (security, roles in the description), then removed there. */
export const ROLES_EXTENSION = 'x-frist-roles';
export const PUBLIC_EXTENSION = 'x-frist-public';

/**
 * The roles that may call a handler (or every handler of a controller). Secure by default: an endpoint that is
 * neither @Public() nor carries @Roles(...) answers 403 to everyone, so a forgotten decorator never opens data.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ROLES_EXTENSION, roles));

/** No token needed (health probes, the OpenAPI document). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_EXTENSION, true));

/** The verified caller; only on handlers behind the guard (not @Public()). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('@CurrentUser() used on a handler without an authenticated user (is it @Public()?)');
  return user;
});
