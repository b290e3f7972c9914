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
  const signOutHere = async () => {
    const waiting = await waitingOnThisDevice().catch(() => 0);
    if (
      waiting > 0 &&
      !window.confirm(
        `${waiting === 1 ? 'One change or message hasn’t' : `${waiting} changes or messages haven’t`} been sent yet because you were offline. Signing out deletes ${waiting === 1 ? 'it' : 'them'} from this device. Sign out anyway?`,
      )
    )
      return;
    setPending(true);
    await clearThisDevice().catch(() => undefined);
    await signOut({ callbackUrl: '/signin?signedOut=1' });
  };
  return (
    <button
      type="button"
      className={styles.quiet}
      disabled={!hydrated || pending}
      onClick={() => void signOutHere()}
    >
      Sign out
    </button>
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
