import type { ReactNode } from 'react';
import { SignOutButton } from '@/app/components/auth-buttons';
import { MailShell } from '@/app/components/mail/mail-shell';
import { Providers } from '@/app/providers';
import { requireUser } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { realtimeClientConfig } from '@/lib/realtime/publish';

export default async function MailLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <Providers userId={user.id}>
      <MailShell
        userName={user.name ?? user.email ?? 'Signed in'}
        signOut={<SignOutButton />}
        realtime={realtimeClientConfig(user.id)}
        offlineLimits={{
          inboxMessages: env.OFFLINE_INBOX_MESSAGES,
          folderMessages: env.OFFLINE_FOLDER_MESSAGES,
          bodies: env.OFFLINE_BODIES,
          bodySpaceBytes: env.OFFLINE_BODY_SPACE_MB * 1024 * 1024,
        }}
      >
        {children}
      </MailShell>
    </Providers>
  );
}
