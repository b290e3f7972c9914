import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/*
 * Session checks through next-auth as the app configures it (authOptions, our adapter, a real database),
 * counting the statements that read the Session table.
 */

const seen = vi.hoisted(() => ({ sql: [] as string[] }));

vi.mock('../db', async () => {
  const { createAdapterFactory } = await import('../database/adapter');
  const { parseDatabaseUrl } = await import('../database/url');
  const { PrismaClient } = await import('../generated/prisma/client');
  const db = new PrismaClient({
    adapter: createAdapterFactory(parseDatabaseUrl(process.env.DATABASE_URL)),
    log: [{ emit: 'event', level: 'query' }],
  });
  db.$on('query', (event) => seen.sql.push(event.query));
  return { db };
});

let lib: typeof import('./options') & typeof import('./session-cache') & typeof import('next-auth/next');
let db: typeof import('../db').db;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ||= 'session-cache-test-secret-0123456789abcdef';
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = {
    ...(await import('./options')),
    ...(await import('./session-cache')),
    ...(await import('next-auth/next')),
  };
  ({ db } = await import('../db'));
});
beforeEach(() => lib.clearSessionCache());
afterEach(() => vi.useRealTimers());

async function newSession(): Promise<{ token: string; userId: string }> {
  const user = await db.user.create({
    data: { name: 'Megan', email: `${crypto.randomUUID()}@contoso.test` },
  });
  const token = crypto.randomUUID();
  await db.session.create({
    // As next-auth makes them: 30 days (one nearer its end is extended, which re-reads it).
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 30 * 86_400_000) },
  });
  return { token, userId: user.id };
}

/** What currentUser() asks next-auth, with the cookie a browser would send. */
function sessionOf(token: string) {
  const req = { headers: {}, cookies: { 'next-auth.session-token': token } };
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  // biome-ignore lint/suspicious/noExplicitAny: next-auth types these as Next's request and response.
  return lib.getServerSession(req as any, res as any, lib.authOptions);
}

const sessionReads = () => seen.sql.filter((sql) => /FROM "public"\."Session"/.test(sql)).length;

describe('session checks', () => {
  it('read the database once within the cache time', async () => {
    const { token, userId } = await newSession();
    seen.sql.length = 0;
    const first = await sessionOf(token);
    const second = await sessionOf(token);
    expect(first?.user).toMatchObject({ id: userId, name: 'Megan' });
    expect(second).toEqual(first);
    expect(sessionReads()).toBe(1);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + lib.SESSION_CACHE_TTL_MS + 1_000);
    expect((await sessionOf(token))?.user).toMatchObject({ id: userId });
    expect(sessionReads()).toBe(2);
  });

  it('end at sign-out in this process at once', async () => {
    const { token } = await newSession();
    expect(await sessionOf(token)).not.toBeNull();
    // What next-auth's sign-out does with a database session.
    await lib.authOptions.adapter?.deleteSession?.(token);
    expect(await sessionOf(token)).toBeNull();
  });

  it('are never served past the session’s expiry', async () => {
    const expires = new Date(Date.now() + 5_000);
    const reads = vi.fn(async (sessionToken: string) => ({
      session: { sessionToken, userId: 'u1', expires },
      user: { id: 'u1', email: 'megan@contoso.test', emailVerified: null },
    }));
    const adapter = lib.withSessionCache({ getSessionAndUser: reads });
    await adapter.getSessionAndUser?.('t1');
    await adapter.getSessionAndUser?.('t1');
    expect(reads).toHaveBeenCalledTimes(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(expires.getTime() + 1);
    await adapter.getSessionAndUser?.('t1');
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('do not remember unknown tokens', async () => {
    seen.sql.length = 0;
    expect(await sessionOf('not-a-session')).toBeNull();
    expect(await sessionOf('not-a-session')).toBeNull();
    expect(sessionReads()).toBe(2);
  });

  it('need no read on the first page after a sign-in: the session it makes is remembered with its user', async () => {
    const adapter = lib.authOptions.adapter;
    const user = await db.user.create({
      data: { name: 'Adele', email: `${crypto.randomUUID()}@contoso.test` },
    });
    const providerAccountId = crypto.randomUUID();
    await db.account.create({
      data: { userId: user.id, type: 'oauth', provider: 'azure-ad', providerAccountId },
    });
    // What next-auth's OAuth callback does for a returning person, then the first page's session check.
    const found = await adapter?.getUserByAccount?.({ provider: 'azure-ad', providerAccountId });
    expect(found?.id).toBe(user.id);
    const token = crypto.randomUUID();
    await adapter?.createSession?.({
      sessionToken: token,
      userId: user.id,
      expires: new Date(Date.now() + 30 * 86_400_000),
    });
    seen.sql.length = 0;
    expect((await sessionOf(token))?.user).toMatchObject({ id: user.id, name: 'Adele' });
    expect(sessionReads()).toBe(0);

    // A session made with no user seen by the same sign-in is read as before.
    const other = await newSession();
    const again = crypto.randomUUID();
    await adapter?.createSession?.({
      sessionToken: again,
      userId: other.userId,
      expires: new Date(Date.now() + 86_400_000),
    });
    seen.sql.length = 0;
    expect((await sessionOf(again))?.user).toMatchObject({ id: other.userId });
    expect(sessionReads()).toBe(1);
  });
});
