import type { Metadata } from 'next';
import { Suspense } from 'react';
import { preload } from 'react-dom';
import { MailApp } from '@/app/components/mail/mail-app';
import { requireUser } from '@/lib/auth/session';
import { GraphRequestError, ReauthRequiredError } from '@/lib/graph/errors';
import { getProfile } from '@/lib/graph/profile';
import { firstReads } from '@/lib/hooks/first-reads';
import styles from '../mail.module.css';

export const metadata: Metadata = { title: 'Inbox — Tidings' };
export const dynamic = 'force-dynamic';

type ProfileState = { mailbox: string } | { reauth: true } | { unavailable: true };

/*
 * Reading the profile here tells us, as the page streams, whether the Microsoft sign-in still works;
 * an unreachable Graph is not an error here: the mail panes work from the cache and say so themselves.
 */
async function loadProfile(userId: string): Promise<ProfileState> {
  try {
    const profile = await getProfile(userId);
    return { mailbox: profile.mail ?? profile.userPrincipalName };
  } catch (error) {
    if (error instanceof ReauthRequiredError) return { reauth: true };
    if (error instanceof GraphRequestError) return { unavailable: true };
    throw error;
  }
}

/** Said once the profile read ends: the sign-in no longer works. */
async function ReauthBanner({ profile }: { profile: Promise<ProfileState> }) {
  if (!('reauth' in (await profile))) return null;
  return (
    <div className={styles.banner} role="alert">
      <p>Your Microsoft sign-in has expired or was revoked, so Tidings cannot reach your mailbox.</p>
      <a href="/signin?reauth=1&callbackUrl=%2Fmail">Sign in again</a>
    </div>
  );
}

export default async function MailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  // The screen's first API reads start with the page's head instead of after its scripts have loaded and
  // run; the browser hands each one to the matching fetch later (lib/hooks/first-reads.ts).
  const { folder } = await searchParams;
  for (const href of firstReads(typeof folder === 'string' ? folder : null)) {
    preload(href, { as: 'fetch', crossOrigin: 'anonymous' });
  }
  // Not awaited: the screen streams at once and starts loading mail from the cache while Graph answers;
  // the banner and the mailbox's address follow in the same response when it has.
  const profile = loadProfile(user.id);
  const mailbox = profile.then((state) => ('mailbox' in state ? state.mailbox : null));

  return (
    <>
      <Suspense fallback={null}>
        <ReauthBanner profile={profile} />
      </Suspense>
      {/* useSearchParams needs a Suspense boundary in a server-rendered page. */}
      <Suspense>
        <MailApp mailbox={mailbox} />
      </Suspense>
    </>
  );
}
