import { Inject, Injectable } from '@nestjs/common';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { Clock, type AppConfig } from '@frist/config';
import { TEAM_PATTERN } from '@frist/contracts';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import { ROLES, type AuthUser, type Role } from './auth-user';

// jose 6 is ESM only; Node >= 20.19 loads it through require(esm) and Jest compiles it (jest.config.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

/** When a token names several roles, the broadest wins. */
const ROLE_PRECEDENCE: readonly Role[] = ['manager', 'caseworker', 'ops', 'jurist'];

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.string().optional(),
  roles: z.array(z.string()).optional(),
  teams: z.array(z.string().regex(TEAM_PATTERN)).max(200).default([]),
});

/**
 * A verified token is trusted again without its signature check for at most this long (and never past its own
 * exp, nor before its nbf/iat, checked on every use exactly as on first sight): a client sends the same token with every request, and the
 * WebCrypto HMAC/RSA verification was the largest share of the inbox's CPU (docs/performance.md). It bounds how
 * long a key removed from the identity provider's JWKS still admits tokens it signed.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** Distinct tokens remembered; the whole map is dropped when full (a flood of new tokens costs a re-verify each). */
const VERIFIED_TOKEN_MAX = 10_000;

interface VerifiedToken {
  user: AuthUser;
  /** Seconds since the epoch, as in the token (nbf and iat undefined when absent). */
  exp: number;
  nbf: number | undefined;
  iat: number | undefined;
  /** Milliseconds (clock) until which the signature check is skipped. */
  until: number;
}

/**
 * Verifies bearer tokens: HS256 against the configured secret, or the identity provider's keys (JWKS, cached and
 * refreshed by jose on an unknown `kid`). Issuer, audience, the algorithm allow-list and the token's times are
 * always checked: `exp` is required, the lifetime (exp − iat, or exp − now without iat) is at most
 * AUTH_MAX_TOKEN_LIFETIME_S, and neither `iat` nor `nbf` lies in the future beyond the clock tolerance.
 */
@Injectable()
export class TokenVerifier {
  private readonly key: Uint8Array | ReturnType<typeof jose.createRemoteJWKSet>;
  private verified = new Map<string, VerifiedToken>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { jwksUrl, jwtSecret } = config.auth;
    if (jwksUrl) this.key = jose.createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000 });
    else if (jwtSecret) this.key = new TextEncoder().encode(jwtSecret);
    else throw new Error('auth: neither AUTH_JWKS_URL nor AUTH_JWT_SECRET is configured');
  }

  async verify(token: string): Promise<AuthUser> {
    const { algorithms, issuer, audience, clockToleranceSec } = this.config.auth;
    const currentDate = this.clock.now();
    const nowMs = currentDate.getTime();
    const known = this.verified.get(token);
    if (known !== undefined) {
      // The time checks of a first verification (jose's for exp/nbf, timeProblem's for iat); the lifetime only
      // shrinks as time passes, so it needs no second look.
      const now = Math.floor(nowMs / 1000);
      if (
        nowMs < known.until &&
        (known.nbf === undefined || known.nbf <= now + clockToleranceSec) &&
        (known.iat === undefined || known.iat <= now + clockToleranceSec) &&
        known.exp > now - clockToleranceSec
      )
        return { ...known.user, teams: [...known.user.teams] };
      this.verified.delete(token); // verified again below, so an expired token gets jose's own answer
    }
    let payload: Jose.JWTPayload;
    try {
      const options = {
        algorithms,
        issuer,
        audience,
        clockTolerance: clockToleranceSec,
        currentDate,
        requiredClaims: ['exp'],
      };
      // Two calls because jose's overloads differ for a static key and a key-set function.
      ({ payload } =
        this.key instanceof Uint8Array
          ? await jose.jwtVerify(token, this.key, options)
          : await jose.jwtVerify(token, this.key, options));
    } catch (err) {
      throw new DomainError(ErrorCode.Unauthenticated, tokenProblem(err));
    }
    const problem = timeProblem(payload, Math.floor(nowMs / 1000), this.config.auth);
    if (problem) throw new DomainError(ErrorCode.Unauthenticated, problem);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new DomainError(ErrorCode.Unauthenticated, 'the token lacks valid sub, role or teams claims');
    const named = [claims.data.role, ...(claims.data.roles ?? [])];
    const role = ROLE_PRECEDENCE.find((r) => named.includes(r));
    if (!role || !(ROLES as readonly string[]).includes(role))
      throw new DomainError(ErrorCode.Unauthenticated, `the token names no known role (${ROLES.join(', ')})`);
    const user: AuthUser = { sub: claims.data.sub, role, teams: [...new Set(claims.data.teams)] };
    if (this.verified.size >= VERIFIED_TOKEN_MAX) this.verified = new Map();
    this.verified.set(token, {
      user: { ...user, teams: [...user.teams] },
      exp: payload.exp as number, // required above
      nbf: payload.nbf,
      iat: payload.iat,
      until: nowMs + VERIFIED_TOKEN_TTL_MS,
    });
    return user;
  }
}

/** What jose leaves to us: a token issued in the future, or one that lives longer than the configured maximum. */
function timeProblem(
  payload: Jose.JWTPayload,
  now: number,
  auth: { clockToleranceSec: number; maxTokenLifetimeSec: number },
): string | undefined {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') return 'the token has no expiry (exp)';
  if (iat !== undefined && iat > now + auth.clockToleranceSec) return 'the token is issued in the future (iat)';
  const lifetime = exp - (iat ?? now);
  if (lifetime > auth.maxTokenLifetimeSec + auth.clockToleranceSec)
    return `the token lives longer than the accepted maximum of ${auth.maxTokenLifetimeSec} seconds`;
  return undefined;
}

/** A short reason a client can act on, never the token itself. */
function tokenProblem(err: unknown): string {
  const code = (err as { code?: string })?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = err as { claim?: string; reason?: string };
      if (reason === 'missing') return `the token has no ${claim} claim`;
      if (claim === 'nbf') return 'the token is not valid yet (nbf)';
      return `the token's ${claim ?? 'claims'} claim is not accepted`;
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token is signed with an algorithm this API does not accept';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the token signature does not verify';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
      return 'the identity provider keys could not be fetched';
    default:
      return 'the token is not a valid JWT';
  }
}
