import 'server-only';
import { setTimeout as delay } from 'node:timers/promises';
import type { NextAuthOptions } from 'next-auth';
import AzureADProvider from 'next-auth/providers/azure-ad';
import { z } from 'zod';
import { env } from '../env';
import { logger } from '../logger';
import { prefillInbox, SIGN_IN_SYNC_AFTER_MS } from '../mail/first-page';
import { startSync } from '../mail/sync';
import {
  ensureUserSubscriptionWithRetry,
  unsubscribeIfSignedOut,
} from '../notifications/subscription-manager';
import { forgetAccessToken } from './access-token';
import { encryptedPrismaAdapter, storeSignInTokens } from './adapter';
import { SIGN_IN_SCOPES, wellKnownUrl } from './oidc';

const idTokenClaims = z.object({
  sub: z.string(),
  oid: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  preferred_username: z.string().optional(),
});

export const authOptions: NextAuthOptions = {
  adapter: encryptedPrismaAdapter(),
  session: { strategy: 'database', maxAge: 30 * 24 * 60 * 60 },
  secret: env.NEXTAUTH_SECRET,
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    AzureADProvider({
      clientId: env.AZURE_AD_CLIENT_ID,
      clientSecret: env.AZURE_AD_CLIENT_SECRET,
      tenantId: env.AZURE_AD_TENANT_ID,
      // Entra ID, or the local emulator's issuer when AZURE_AD_AUTHORITY names it.
      wellKnown: wellKnownUrl(),
      authorization: { params: { scope: SIGN_IN_SCOPES } },
      idToken: true,
      checks: ['pkce', 'state'],
      // The provider's default profile downloads a photo from graph.microsoft.com during sign-in, which
      // fails offline and slows everyone down; the ID token has all we need.
      profile(claims) {
        const profile = idTokenClaims.parse(claims);
        return {
          id: profile.oid ?? profile.sub,
          name: profile.name ?? profile.preferred_username ?? null,
          email: profile.email ?? profile.preferred_username ?? null,
          image: null,
        };
      },
    }),
  ],
  callbacks: {
    session({ session, user }) {
      return { ...session, user: { id: user.id, name: user.name, email: user.email } };
    },
  },
  events: {
    async signIn({ user, account }) {
      if (account) {
        await storeSignInTokens(account);
        forgetAccessToken(user.id);
      }
      logger.info('signed in', { userId: user.id });
      // The Inbox's newest page is read for the screen about to open. The first sync (or a catch-up round)
      // is asked for by the screen once its list has come (lib/hooks/first-list.ts): its writes would
      // otherwise hold the database while the screen's first reads wait. Should no screen ask (a sign-in
      // from a script), it starts here SIGN_IN_SYNC_AFTER_MS later; the second ask is a no-op. The
      // subscription for change notifications is made sure of at once.
      void prefillInbox(user.id)
        .catch(() => {})
        .then(() => delay(SIGN_IN_SYNC_AFTER_MS, undefined, { ref: false }))
        .then(() => startSync(user.id))
        .catch(() => {});
      void ensureUserSubscriptionWithRetry(user.id).catch((error: unknown) =>
        logger.warn('could not subscribe to mail changes', { userId: user.id, error: String(error) }),
      );
    },
    signOut({ session }) {
      // The last session of a person ending: nobody is left to notify, so stop Graph's notifications.
      // In the background: next-auth answers the sign-out only after this event, and Graph can be slow.
      const userId = 'userId' in session && typeof session.userId === 'string' ? session.userId : null;
      if (userId) void unsubscribeIfSignedOut(userId);
    },
  },
  logger: {
    error: (code, metadata) => logger.error('next-auth', { code, detail: metadataMessage(metadata) }),
    warn: (code) => logger.warn('next-auth', { code }),
    debug: () => {},
  },
};

function metadataMessage(metadata: unknown): string {
  if (metadata instanceof Error) return metadata.message;
  if (metadata && typeof metadata === 'object' && 'error' in metadata && metadata.error instanceof Error) {
    return metadata.error.message;
  }
  return '';
}
