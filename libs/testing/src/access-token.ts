import { signAccessToken, type AuthConfig, type Role } from '@frist/config';

/**
 * Key material for NODE_ENV=test: the committed dev secret works only with NODE_ENV=development, so tests name their
 * own (in test code, never in the production config library). Spread it into every env a test loads or spawns.
 */
export const TEST_AUTH_ENV = { AUTH_JWT_SECRET: 'frist-test-secret-only-in-test-code-0123456789' } as const;

/** An `Authorization` header value for tests, signed with the app's configured secret. */
export async function bearer(
  auth: AuthConfig,
  role: Role,
  teams: string[],
  sub = `test-${role}`,
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  return `Bearer ${await signAccessToken(auth, { sub, role, teams }, opts)}`;
}
