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
 * - A session created here (a sign-in) is remembered from the start, with the user the same sign-in read
 *   or created: the first page after signing in then needs no read of its own, at the moment the database
 *   is busiest (the sign-in's own writes, the Inbox's first page).
 */

export const SESSION_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;

type SessionAndUser = { session: AdapterSession; user: AdapterUser };

interface Entry {
  value: SessionAndUser;
  until: number;
}

const entries = processSingleton('sessionCache', () => new Map<string, Entry>());
/** Users a sign-in has just read or written, by id, until its session is made (a few seconds at most). */
const signingIn = processSingleton(
  'sessionCacheUsers',
  () => new Map<string, { user: AdapterUser; until: number }>(),
);
const SIGN_IN_USER_TTL_MS = 10_000;

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

function remember(sessionToken: string, value: SessionAndUser, now: number): void {
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(keyOf(sessionToken), { value: copy(value), until: now + SESSION_CACHE_TTL_MS });
}

function seeUser<T extends AdapterUser | null>(user: T): T {
  if (!user) return user;
  const now = Date.now();
  for (const [id, seen] of signingIn) if (seen.until <= now) signingIn.delete(id);
  signingIn.set(user.id, { user: { ...user }, until: now + SIGN_IN_USER_TTL_MS });
  return user;
}

/** The adapter, with getSessionAndUser answered from this process's cache while an entry lasts. */
export function withSessionCache(adapter: Adapter): Adapter {
  const { getSessionAndUser, updateSession, deleteSession, createSession } = adapter;
  const { getUserByAccount, createUser, updateUser } = adapter;
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
      if (value) remember(sessionToken, value, now);
      return value;
    },
    // A sign-in reads the person by their Microsoft account (or creates them), may update them, then
    // makes the session: the user it saw goes into the session's entry.
    ...(getUserByAccount && {
      getUserByAccount: async (account) => seeUser(await getUserByAccount(account)),
    }),
    ...(createUser && {
      createUser: async (user: Omit<AdapterUser, 'id'>) => seeUser(await createUser(user)),
    }),
    ...(updateUser && { updateUser: async (user) => seeUser(await updateUser(user)) }),
    ...(createSession && {
      async createSession(session) {
        const created = await createSession(session);
        const seen = signingIn.get(created.userId);
        signingIn.delete(created.userId);
        const now = Date.now();
        if (seen && seen.until > now)
          remember(created.sessionToken, { session: created, user: seen.user }, now);
        return created;
      },
    }),
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
