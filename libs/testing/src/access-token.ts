import { signAccessToken, type AuthConfig, type Role } from '@frist/config';

/** An `Authorization` header value for tests, signed with the app's configured (dev) secret. */
export async function bearer(
  auth: AuthConfig,
  role: Role,
  teams: string[],
  sub = `test-${role}`,
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  return `Bearer ${await signAccessToken(auth, { sub, role, teams }, opts)}`;
}
