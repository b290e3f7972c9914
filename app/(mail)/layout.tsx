import type { ReactNode } from 'react';
import { SignOutButton } from '@/app/components/auth-buttons';
import { MailShell } from '@/app/components/mail/mail-shell';
import { Providers } from '@/app/providers';
import { requireUser } from '@/lib/auth/session';
import { realtimeClientConfig } from '@/lib/realtime/publish';

export default async function MailLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <Providers>
      <MailShell
        userName={user.name ?? user.email ?? 'Signed in'}
        signOut={<SignOutButton />}
        realtime={realtimeClientConfig(user.id)}
      >
        {children}
      </MailShell>
    </Providers>
  );
}
