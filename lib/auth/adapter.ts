import 'server-only';
import { PrismaAdapter } from '@next-auth/prisma-adapter';
import type { Account } from 'next-auth';
import type { Adapter, AdapterAccount } from 'next-auth/adapters';
import { db } from '../db';
import { sealAccountTokens } from './account-tokens';
import { withSessionCache } from './session-cache';

/** The columns Account has; token responses carry extras (Entra's ext_expires_in) that Prisma would reject. */
function accountColumns(account: AdapterAccount | Account) {
  return {
    userId: account.userId ?? '',
    type: account.type,
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    access_token: account.access_token ?? null,
    refresh_token: account.refresh_token ?? null,
    id_token: account.id_token ?? null,
    expires_at: account.expires_at ?? null,
    token_type: account.token_type ?? null,
    scope: account.scope ?? null,
    session_state: typeof account.session_state === 'string' ? account.session_state : null,
  };
}

type PrismaAdapterClient = Parameters<typeof PrismaAdapter>[0];

/**
 * next-auth's Prisma adapter, except that tokens are encrypted before they reach the database and
 * sessions are remembered briefly in the process (session-cache.ts).
 * (`@next-auth/prisma-adapter` types its client as the default `@prisma/client`; ours is generated into
 * lib/generated with the same model API, hence the cast.)
 */
export function encryptedPrismaAdapter(): Adapter {
  const base = PrismaAdapter(db as unknown as PrismaAdapterClient);
  return withSessionCache({
    ...base,
    linkAccount: async (account: AdapterAccount) => {
      await db.account.create({ data: sealAccountTokens(accountColumns(account)) });
    },
  });
}

/**
 * Called on every sign-in: next-auth links an account once, so a returning person's new tokens (after
 * "sign in again") would otherwise be thrown away.
 */
export async function storeSignInTokens(account: Account): Promise<void> {
  const { userId: _userId, type: _type, ...columns } = sealAccountTokens(accountColumns(account));
  await db.account.updateMany({
    where: { provider: account.provider, providerAccountId: account.providerAccountId },
    data: { ...columns, reauthRequiredAt: null },
  });
}
