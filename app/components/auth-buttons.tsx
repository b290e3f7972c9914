'use client';

import { signIn, signOut } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from '@/lib/hooks/use-hydrated';
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

export function SignOutButton() {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className={styles.quiet}
      disabled={!hydrated}
      onClick={() => void signOut({ callbackUrl: '/signin?signedOut=1' })}
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
