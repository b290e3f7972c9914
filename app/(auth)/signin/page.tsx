import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/app/components/auth-buttons';
import { adminConsentUrl } from '@/lib/auth/oidc';
import { currentUser, safeReturnPath } from '@/lib/auth/session';
import { env } from '@/lib/env';
import styles from './signin.module.css';

export const metadata: Metadata = { title: 'Sign in — Tidings' };

interface Props {
  searchParams: Promise<{ callbackUrl?: string; error?: string; reauth?: string; signedOut?: string }>;
}

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(relativePath(params.callbackUrl));
  const user = await currentUser();
  if (user && !params.reauth) redirect(callbackUrl);

  const consentRequired = /consent_required|AADSTS65001/i.test(params.error ?? '');
  const baseUrl = env.NEXTAUTH_URL ?? 'http://localhost:3000';

  return (
    <main className={styles.main}>
      <section className={styles.card} aria-labelledby="signin-title">
        <p className={styles.brand} aria-hidden="true">
          ✉
        </p>
        <h1 id="signin-title">Tidings</h1>
        <p className={styles.lead}>
          Mail from your Microsoft 365 mailbox, the moment it arrives, on every tab and device.
        </p>

        {consentRequired ? (
          <div className={styles.notice} role="alert">
            <h2>Your organisation needs to approve Tidings</h2>
            <p>
              Microsoft says an administrator has not yet allowed Tidings to read and send mail for your
              organisation (AADSTS65001). Ask your Microsoft 365 administrator to grant consent with this
              link, then sign in again:
            </p>
            <p>
              <a href={adminConsentUrl(`${baseUrl}/signin`)} className={styles.link}>
                Admin consent for Tidings
              </a>
            </p>
          </div>
        ) : params.error ? (
          <p className={styles.notice} role="alert">
            {signInErrorMessage(params.error)}
          </p>
        ) : params.reauth ? (
          <p className={styles.notice} role="status">
            Your Microsoft sign-in has expired or was revoked. Sign in again to keep your mail up to date.
          </p>
        ) : params.signedOut ? (
          <p className={styles.info} role="status">
            You have signed out.
          </p>
        ) : null}

        <SignInButton
          callbackUrl={callbackUrl}
          label={params.reauth ? 'Sign in again with Microsoft' : undefined}
        />
        <p className={styles.fine}>
          Use your work or school account. Tidings asks to read, change and send your mail.
        </p>
      </section>
    </main>
  );
}

/** next-auth hands back absolute callback URLs; only the path of our own site is used. */
function relativePath(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.startsWith('/')) return value;
  try {
    const url = new URL(value);
    const base = new URL(env.NEXTAUTH_URL ?? 'http://localhost:3000');
    return url.origin === base.origin ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

function signInErrorMessage(code: string): string {
  switch (code) {
    case 'access_denied':
    case 'AccessDenied':
      return 'Sign-in was cancelled or refused. Try again, or ask your administrator whether you may use Tidings.';
    case 'OAuthAccountNotLinked':
      return 'This email address is already linked to another sign-in. Use the Microsoft account you first signed in with.';
    case 'SessionRequired':
      return 'Sign in to continue.';
    default:
      return 'Sign-in did not complete. Try again; if it keeps failing, Microsoft sign-in may be unavailable right now.';
  }
}
