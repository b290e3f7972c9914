import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { parseEncryptionKey } from '../auth/token-crypto';
import { env } from '../env';

/*
 * Inline images (cid:) live in a sandboxed iframe with an opaque origin, whose requests carry no session
 * cookie. So each image URL carries its own proof instead: an HMAC over user, message, attachment and an
 * expiry, with a key derived from TOKEN_ENCRYPTION_KEY. A link is useless for any other attachment.
 */

const LIFETIME_SECONDS = 24 * 60 * 60;
let key: Buffer | undefined;
const signingKey = () => {
  key ??= Buffer.from(
    hkdfSync(
      'sha256',
      parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY),
      '',
      'tidings inline attachment links',
      32,
    ),
  );
  return key;
};

export interface InlineTarget {
  userId: string;
  messageId: string;
  attachmentId: string;
}

const mac = (target: InlineTarget, expires: number) =>
  createHmac('sha256', signingKey())
    .update(`${target.userId}\n${target.messageId}\n${target.attachmentId}\n${expires}`)
    .digest('base64url');

export function signInlineLink(target: InlineTarget, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + LIFETIME_SECONDS;
  const payload = Buffer.from(
    JSON.stringify([target.userId, target.messageId, target.attachmentId, expires]),
  ).toString('base64url');
  return `${payload}.${mac(target, expires)}`;
}

export function verifyInlineLink(token: string, now = Date.now()): InlineTarget | null {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [userId, messageId, attachmentId, expires] = value;
    if (
      typeof userId !== 'string' ||
      typeof messageId !== 'string' ||
      typeof attachmentId !== 'string' ||
      typeof expires !== 'number'
    )
      return null;
    if (expires < now / 1000) return null;
    const target = { userId, messageId, attachmentId };
    const expected = Buffer.from(mac(target, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? target : null;
  } catch {
    return null;
  }
}
