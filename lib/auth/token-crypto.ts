import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * Graph tokens at rest: AES-256-GCM with a random 96-bit IV per value. The associated data binds each
 * ciphertext to its row and column ("account:<id>:refresh_token"), so a value copied into another row
 * or column fails to decrypt instead of handing one user's token to another.
 * Stored form: v1.<iv>.<tag>.<ciphertext>, each base64url.
 */

const VERSION = 'v1';

export class TokenDecryptionError extends Error {
  constructor(
    message = 'A stored token could not be decrypted (wrong TOKEN_ENCRYPTION_KEY, or tampered data).',
  ) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

/** Parses TOKEN_ENCRYPTION_KEY: 32 bytes as base64/base64url (44/43 chars) or hex (64 chars). */
export function parseEncryptionKey(raw: string): Buffer {
  const value = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64url');
  if (key.length !== 32) {
    throw new Error(
      `must be 32 random bytes as base64 or hex (got ${key.length} bytes); generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64url');
}

export function encryptToken(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptToken(key: Buffer, stored: string, context: string): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new TokenDecryptionError('A stored token is not in the expected encrypted form.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new TokenDecryptionError();
  }
}
