import 'server-only';
import { env } from '../env';
import { decryptToken, encryptToken, parseEncryptionKey } from './token-crypto';

/*
 * The one place Account token columns are encrypted and decrypted. Each value is bound to its account
 * and column, so ciphertext copied between rows or columns is useless.
 */
const TOKEN_COLUMNS = ['access_token', 'refresh_token', 'id_token'] as const;
type TokenColumn = (typeof TOKEN_COLUMNS)[number];

let key: Buffer | undefined;
const encryptionKey = () => {
  key ??= parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY);
  return key;
};

interface AccountRef {
  provider: string;
  providerAccountId: string;
}

const contextOf = (account: AccountRef, column: TokenColumn) =>
  `account:${account.provider}:${account.providerAccountId}:${column}`;

export function sealToken(
  account: AccountRef,
  column: TokenColumn,
  value: string | null | undefined,
): string | null {
  return value ? encryptToken(encryptionKey(), value, contextOf(account, column)) : null;
}

export function openToken(
  account: AccountRef,
  column: TokenColumn,
  stored: string | null | undefined,
): string | null {
  return stored ? decryptToken(encryptionKey(), stored, contextOf(account, column)) : null;
}

/** A copy of an account-shaped object with every token column encrypted. */
export function sealAccountTokens<
  T extends AccountRef & Partial<Record<TokenColumn, string | null | undefined>>,
>(account: T): T {
  const sealed = { ...account };
  for (const column of TOKEN_COLUMNS) {
    if (column in sealed) sealed[column] = sealToken(account, column, account[column]) as T[TokenColumn];
  }
  return sealed;
}

/**
 * Any other secret the app keeps at rest (the notification certificate's private key), under the same key
 * as the tokens and bound to `context`: ciphertext moved to another row or purpose does not open.
 */
export function sealSecret(context: string, value: string): string {
  return encryptToken(encryptionKey(), value, context);
}

export function openSecret(context: string, stored: string): string {
  return decryptToken(encryptionKey(), stored, context);
}
