'use client';

import { signIn, signOut } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from '@/lib/hooks/use-hydrated';
import { clearThisDevice, waitingOnThisDevice } from '@/lib/offline/clear';
import styles from './auth-buttons.module.css';

export function SignInButton({
  callbackUrl,
  label = 'Sign in with Microsoft',
}: {
  callbackUrl: string;
  label?: string;
}) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className={styles.primary}
      disabled={pending || !hydrated}
      onClick={() => {
        setPending(true);
        void signIn('azure-ad', { callbackUrl }).catch(() => setPending(false));
      }}
    >
      <MicrosoftLogo />
      {pending ? 'Opening Microsoft sign-in…' : label}
    </button>
  );
}

/**
 * Signing out removes the person's mail from this browser (the offline mirror, the outbox, the saved
 * page) before the session ends; if something done offline still waits to be sent, it asks first.
 */
export function SignOutButton() {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signOutHere = async () => {
    setError(null);
    const waiting = await waitingOnThisDevice().catch(() => 0);
    if (
      waiting > 0 &&
      !window.confirm(
        `${waiting === 1 ? 'One change, message or draft hasn’t' : `${waiting} changes, messages or drafts haven’t`} reached Microsoft 365 yet because you were offline. Signing out deletes ${waiting === 1 ? 'it' : 'them'} from this device. Sign out anyway?`,
      )
    )
      return;
    setPending(true);
    try {
      // The session ends on the server first: offline that fails, and nothing is deleted.
      await signOut({ redirect: false });
    } catch {
      setPending(false);
      setError('Signing out needs the network. Try again when you’re back online.');
      return;
    }
    await clearThisDevice().catch(() => undefined);
    window.location.assign('/signin?signedOut=1');
  };
  return (
    <>
      {error ? (
        <span role="alert" className={styles.error}>
          {error}
        </span>
      ) : null}
      <button
        type="button"
        className={styles.quiet}
        disabled={!hydrated || pending}
        onClick={() => void signOutHere()}
      >
        Sign out
      </button>
    </>
  );
}

function MicrosoftLogo() {
  return (
    <svg width="18" height="18" viewBox="0 0 21 21" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="9" height="9" fill="#f25022" />
      <rect x="11" y="1" width="9" height="9" fill="#7fba00" />
      <rect x="1" y="11" width="9" height="9" fill="#00a4ef" />
      <rect x="11" y="11" width="9" height="9" fill="#ffb900" />
    </svg>
  );
}
