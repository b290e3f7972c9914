import type { ReactNode } from 'react';
import { SignOutButton } from '@/app/components/auth-buttons';
import { requireUser } from '@/lib/auth/session';
import styles from './mail.module.css';

export default async function MailLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <span className={styles.logo}>
          <span aria-hidden="true">✉</span> Tidings
        </span>
        <div className={styles.account}>
          <span className={styles.user} data-testid="signed-in-user">
            {user.name ?? user.email}
          </span>
          <SignOutButton />
        </div>
      </header>
      {children}
    </div>
  );
}
