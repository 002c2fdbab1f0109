import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type { AuthConfig } from './app-config';

// jose 6 is ESM only; Node >= 20.19 loads it through require(esm) and Jest compiles it (jest.config.js).
// Loaded on first use, so processes that never sign (the worker) never load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadJose = (): typeof Jose => require('jose') as typeof Jose;

/**
 * `jurist` approves governed rule changes (legal content) and nothing else: it sees no cases, and a token naming
 * it beside another role keeps the broader role (see the API's token verifier), so a jurist signs in as a jurist.
 */
export const ROLES = ['caseworker', 'manager', 'ops', 'jurist'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  teams: string[];
}

/**
 * Signs an HS256 access token with the configured shared secret, for the dev CLI (`frist token`) and tests.
 * Identity providers sign real tokens; with a JWKS URL configured there is no secret and this refuses.
 */
export async function signAccessToken(
  auth: AuthConfig,
  claims: AccessTokenClaims,
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  if (!auth.jwtSecret) throw new Error('no AUTH_JWT_SECRET configured: tokens come from the identity provider');
  const ttl = opts.ttlSeconds ?? Math.min(8 * 3600, auth.maxTokenLifetimeSec);
  // The API refuses longer-lived tokens; never mint one it would refuse.
  if (ttl > auth.maxTokenLifetimeSec)
    throw new Error(`a token may live at most ${auth.maxTokenLifetimeSec} s (AUTH_MAX_TOKEN_LIFETIME_S)`);
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return new (loadJose().SignJWT)({ role: claims.role, teams: claims.teams })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(new TextEncoder().encode(auth.jwtSecret));
}
