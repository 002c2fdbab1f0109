/**
 * Bearer tokens for the API under test, when the API has authentication: signed with the API's own (dev) key
 * material through the testing library's helper. Without auth in the API (older trees) requests go without one.
 */
import { loadConfig } from '@frist/config';

type Bearer = (
  auth: unknown,
  role: string,
  teams: string[],
  sub?: string,
  opts?: { ttlSeconds?: number },
) => Promise<string>;

export interface TokenSource {
  enabled: boolean;
  /** `Authorization` header value for a role and its teams (cached). */
  header(role: 'caseworker' | 'manager' | 'ops', teams: string[]): Promise<string | undefined>;
}

export async function tokenSource(env: Record<string, string>): Promise<TokenSource> {
  const testing = (await import('@frist/testing')) as Record<string, unknown>;
  const bearer = testing.bearer as Bearer | undefined;
  const auth = (loadConfig({ ...process.env, ...env }) as unknown as { auth?: unknown }).auth;
  if (typeof bearer !== 'function' || !auth) return { enabled: false, header: async () => undefined };
  const cache = new Map<string, string>();
  return {
    enabled: true,
    async header(role, teams) {
      const key = `${role}|${teams.join(',')}`;
      let h = cache.get(key);
      if (!h) {
        h = await bearer(auth, role, teams, `bench-${role}`, { ttlSeconds: 6 * 3600 });
        cache.set(key, h);
      }
      return h;
    },
  };
}
