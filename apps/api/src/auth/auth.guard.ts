import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '../common/domain-error';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { AuthUser, Role } from './auth-user';
import { RateLimiter } from './rate-limiter.service';
import { TokenVerifier } from './token-verifier.service';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * Applied globally (APP_GUARD): every route needs a valid bearer token and one of the roles its @Roles() names,
 * unless it is @Public(). Team scope is checked by the services with TeamScope, where the team is known. Failed
 * authentications count against the client address and accepted requests against the user (RateLimiter).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const header = req.headers.authorization;
    const match = header ? BEARER.exec(header.trim()) : null;
    if (!match?.[1]) {
      if (header) await this.limiter.hit('authFailure', clientAddress(req), res);
      this.challenge(ctx, header ? 'invalid_token' : undefined);
      throw new DomainError(
        ErrorCode.Unauthenticated,
        header ? 'the Authorization header is not "Bearer <jwt>"' : 'send Authorization: Bearer <token>',
      );
    }
    try {
      req.user = await this.verifier.verify(match[1]);
    } catch (err) {
      // Guessing tokens from one address ends in 429 (before the 401) until the window passes.
      await this.limiter.hit('authFailure', clientAddress(req), res);
      this.challenge(ctx, 'invalid_token');
      throw err;
    }
    await this.limiter.hit('user', req.user.sub, res);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.includes(req.user.role))
      throw new DomainError(ErrorCode.Forbidden, `the role ${req.user.role} may not call this endpoint`);
    return true;
  }

  /** RFC 6750: a 401 names the scheme (and the error, when a token was sent). */
  private challenge(ctx: ExecutionContext, error?: string): void {
    ctx
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', error ? `Bearer realm="frist", error="${error}"` : 'Bearer realm="frist"');
  }
}

/** The peer address (behind a proxy, configure Express's `trust proxy` so this is the client's). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
