import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MailApp } from '@/app/components/mail/mail-app';
import { requireUser } from '@/lib/auth/session';
import { GraphRequestError, ReauthRequiredError } from '@/lib/graph/errors';
import { getProfile } from '@/lib/graph/profile';
import styles from '../mail.module.css';

export const metadata: Metadata = { title: 'Inbox — Tidings' };
export const dynamic = 'force-dynamic';

type ProfileState = { mailbox: string } | { reauth: true } | { unavailable: true };

/*
 * Reading the profile here tells us, before anything renders, whether the Microsoft sign-in still works;
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

export default async function MailPage() {
  const user = await requireUser();
  const state = await loadProfile(user.id);

  return (
    <>
      {'reauth' in state ? (
        <div className={styles.banner} role="alert">
          <p>Your Microsoft sign-in has expired or was revoked, so Tidings cannot reach your mailbox.</p>
          <a href="/signin?reauth=1&callbackUrl=%2Fmail">Sign in again</a>
        </div>
      ) : null}
      {/* useSearchParams needs a Suspense boundary in a server-rendered page. */}
      <Suspense>
        <MailApp mailbox={'mailbox' in state ? state.mailbox : null} />
      </Suspense>
    </>
  );
}
