import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { parseEncryptionKey } from '../auth/token-crypto';
import { env } from '../env';

/*
 * Inline images (cid:) live in a sandboxed iframe with an opaque origin, whose requests carry no session
 * cookie. So each image URL carries its own proof instead: user, message, attachment and an expiry,
 * encrypted with AES-256-GCM under a key derived from TOKEN_ENCRYPTION_KEY. The token is opaque (mail CSS
 * that reads attribute values, or a Referer, learns no id), cannot be altered or forged (GCM's tag), names
 * one attachment of one message of one person, and lasts 15 minutes: the reading pane asks for the message
 * again, with fresh links, whenever it opens it.
 * Form: base64url(iv ‖ tag ‖ ciphertext), 12 + 16 + n bytes.
 */

const LIFETIME_SECONDS = 15 * 60;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds a ciphertext to this use: a value encrypted under the same key for anything else does not verify.
const PURPOSE = Buffer.from('tidings inline image link v2');

let key: Buffer | undefined;
const linkKey = () => {
  key ??= Buffer.from(
    hkdfSync(
      'sha256',
      parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY),
      '',
      'tidings inline attachment links (aes-256-gcm)',
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

export function signInlineLink(target: InlineTarget, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + LIFETIME_SECONDS;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', linkKey(), iv);
  cipher.setAAD(PURPOSE);
  const plaintext = JSON.stringify([target.userId, target.messageId, target.attachmentId, expires]);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/*
 * The same link for the same image for a few minutes: the reading pane asks for a message again whenever it
 * revalidates (focus, a live update, marking it read), and a new link each time would change the frame's
 * document and reload it under the reader's eyes. A link is reused while at least 10 of its 15 minutes are
 * left, so an image never gets a link that expires within 10 minutes of the answer.
 */
const REUSE_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;
const recent = new Map<string, { token: string; signedAt: number }>();

/** A link for the image, the one handed out in the last 5 minutes if there is one. */
export function inlineLinkFor(target: InlineTarget, now = Date.now()): string {
  const id = `${target.userId}\u0000${target.messageId}\u0000${target.attachmentId}`;
  const known = recent.get(id);
  if (known && now - known.signedAt < REUSE_MS && now >= known.signedAt) return known.token;
  if (recent.size >= MAX_REMEMBERED) recent.clear();
  const token = signInlineLink(target, now);
  recent.set(id, { token, signedAt: now });
  return token;
}

/** The attachment a link names, or null when it was altered, forged, malformed or has expired. */
export function verifyInlineLink(token: string, now = Date.now()): InlineTarget | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  let value: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', linkKey(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(PURPOSE);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    value = JSON.parse(plaintext.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [userId, messageId, attachmentId, expires] = value;
  if (
    typeof userId !== 'string' ||
    typeof messageId !== 'string' ||
    typeof attachmentId !== 'string' ||
    typeof expires !== 'number' ||
    expires < now / 1000
  )
    return null;
  return { userId, messageId, attachmentId };
}
