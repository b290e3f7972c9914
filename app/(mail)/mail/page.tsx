import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { GraphRequestError, ReauthRequiredError } from '@/lib/graph/errors';
import { type GraphProfile, getProfile } from '@/lib/graph/profile';
import styles from '../mail.module.css';

export const metadata: Metadata = { title: 'Inbox — Tidings' };
export const dynamic = 'force-dynamic';

type ProfileState = { profile: GraphProfile } | { reauth: true } | { unavailable: string };

async function loadProfile(userId: string): Promise<ProfileState> {
  try {
    return { profile: await getProfile(userId) };
  } catch (error) {
    if (error instanceof ReauthRequiredError) return { reauth: true };
    if (error instanceof GraphRequestError) return { unavailable: error.message };
    throw error;
  }
}

export default async function MailPage() {
  const user = await requireUser();
  const state = await loadProfile(user.id);

  return (
    <main className={styles.content}>
      {'reauth' in state ? (
        <div className={styles.banner} role="alert">
          <p>Your Microsoft sign-in has expired or was revoked, so Tidings cannot reach your mailbox.</p>
          <a href="/signin?reauth=1&callbackUrl=%2Fmail">Sign in again</a>
        </div>
      ) : null}
      {'unavailable' in state ? (
        <div className={styles.banner} role="status">
          <p>{state.unavailable} Your mail will appear when it is back.</p>
        </div>
      ) : null}
      <section className={styles.card} aria-labelledby="mailbox-title">
        <h1 id="mailbox-title">Hello, {user.name ?? user.email}</h1>
        {'profile' in state ? (
          <p className={styles.muted} data-testid="mailbox-address">
            Connected to the Microsoft 365 mailbox {state.profile.mail ?? state.profile.userPrincipalName}.
          </p>
        ) : (
          <p className={styles.muted}>Your mailbox is not connected right now.</p>
        )}
      </section>
    </main>
  );
}
