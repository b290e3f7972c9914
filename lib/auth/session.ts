import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { authOptions } from './options';

export interface SessionUser {
  id: string;
  name: string | null;
  email: string | null;
}

/** Header the proxy sets to the path being requested, so a sign-in can come back to it. */
export const REQUEST_PATH_HEADER = 'x-tidings-path';

/**
 * The signed-in person, or null. A tampered, expired or foreign session cookie is simply no session.
 * Mostly no database round trip: the adapter remembers sessions for a few seconds (session-cache.ts).
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as Partial<SessionUser> | undefined;
  return user?.id ? { id: user.id, name: user.name ?? null, email: user.email ?? null } : null;
}

/** For pages: the signed-in person, or a redirect to sign-in that returns here afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (user) return user;
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? '/mail';
  redirect(`/signin?callbackUrl=${encodeURIComponent(safeReturnPath(path))}`);
}

/** Only same-site paths may be returned to after sign-in. */
export function safeReturnPath(path: string | undefined | null): string {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/mail';
  return path;
}
