import 'server-only';
import { createHash } from 'node:crypto';
import type { Adapter, AdapterSession, AdapterUser } from 'next-auth/adapters';
import { processSingleton } from '../process-singleton';

/*
 * Every API call checks its session cookie, and next-auth's database strategy reads the Session row (with
 * its User) for that: a round trip per request, on PGlite one that waits its turn on the app's only
 * connection. So a session that was read is remembered in this process for SESSION_CACHE_TTL_MS.
 *
 * - Keyed by a SHA-256 of the session token: the cache holds no usable token.
 * - Signing out here (next-auth deletes the session through the adapter) forgets it at once, and so does
 *   next-auth extending the session (updateSession). A session past its expiry is never served.
 * - With several app instances, a sign-out on one is seen by the others only when their entry ends: a
 *   copy of the signed-out cookie keeps working there for at most SESSION_CACHE_TTL_MS. (The browser
 *   itself drops the cookie at sign-out.) The same bound holds for a user deleted elsewhere.
 * - Bounded: past MAX_ENTRIES the oldest entry goes. Unknown tokens are not remembered, so made-up
 *   cookies cannot fill it.
 */

export const SESSION_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

type SessionAndUser = { session: AdapterSession; user: AdapterUser };

interface Entry {
  value: SessionAndUser;
  until: number;
}

const entries = processSingleton('sessionCache', () => new Map<string, Entry>());

const keyOf = (sessionToken: string) => createHash('sha256').update(sessionToken).digest('base64url');

const copy = ({ session, user }: SessionAndUser): SessionAndUser => ({
  session: { ...session },
  user: { ...user },
});

/** Forgets one session in this process (sign-out, an extended expiry). */
export function forgetSession(sessionToken: string): void {
  entries.delete(keyOf(sessionToken));
}

/** Tests: start from nothing. */
export function clearSessionCache(): void {
  entries.clear();
}

/** The adapter, with getSessionAndUser answered from this process's cache while an entry lasts. */
export function withSessionCache(adapter: Adapter): Adapter {
  const { getSessionAndUser, updateSession, deleteSession } = adapter;
  if (!getSessionAndUser) return adapter;
  return {
    ...adapter,
    async getSessionAndUser(sessionToken) {
      const key = keyOf(sessionToken);
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now && hit.value.session.expires.getTime() > now) return copy(hit.value);
      if (hit) entries.delete(key);
      const value = await getSessionAndUser(sessionToken);
      if (value) {
        if (entries.size >= MAX_ENTRIES) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entries.set(key, { value: copy(value), until: now + SESSION_CACHE_TTL_MS });
      }
      return value;
    },
    ...(updateSession && {
      updateSession(session) {
        forgetSession(session.sessionToken);
        return updateSession(session);
      },
    }),
    ...(deleteSession && {
      deleteSession(sessionToken) {
        forgetSession(sessionToken);
        return deleteSession(sessionToken);
      },
    }),
  };
}
