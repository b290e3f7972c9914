import { describe, expect, it } from 'vitest';
import { inlineLinkFor, signInlineLink, verifyInlineLink } from './inline-links';

const target = {
  userId: 'cm9user0000adele',
  messageId: 'AAMkAGI2TG93AAA=',
  attachmentId: 'AAMkAGI2att1',
};
const MINUTE = 60_000;

/** The token with the byte at `index` (of its decoded form) changed by `change`. */
function alter(token: string, index: number, change: (byte: number) => number): string {
  const raw = Buffer.from(token, 'base64url');
  raw[index] = change(raw[index] ?? 0) & 0xff;
  return raw.toString('base64url');
}

describe('inline attachment links', () => {
  it('verify for the attachment they were made for', () => {
    expect(verifyInlineLink(signInlineLink(target))).toEqual(target);
  });

  it('are opaque: no id can be read from the token or its decoded bytes', () => {
    const token = signInlineLink(target);
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    for (const id of Object.values(target)) {
      expect(token).not.toContain(id);
      expect(token).not.toContain(Buffer.from(id).toString('base64url'));
      expect(decoded).not.toContain(id);
    }
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('differ every time, even for the same attachment at the same moment', () => {
    const now = Date.now();
    expect(signInlineLink(target, now)).not.toBe(signInlineLink(target, now));
  });

  it('last 15 minutes', () => {
    const now = Date.now();
    const token = signInlineLink(target, now);
    expect(verifyInlineLink(token, now + 14 * MINUTE)).toEqual(target);
    expect(verifyInlineLink(token, now + 15 * MINUTE + 1000)).toBeNull();
    expect(verifyInlineLink(token, now + 24 * 60 * MINUTE)).toBeNull();
  });

  it('fail when any byte of the nonce, tag or ciphertext is altered', () => {
    const token = signInlineLink(target);
    const length = Buffer.from(token, 'base64url').length;
    for (let index = 0; index < length; index++) {
      expect(verifyInlineLink(alter(token, index, (b) => b ^ 0x01)), `byte ${index}`).toBeNull();
    }
    expect(verifyInlineLink(token.slice(0, -2))).toBeNull();
    expect(verifyInlineLink(`${token}AA`)).toBeNull();
  });

  it('cannot be turned into a link for another person by rewriting the ciphertext', () => {
    // AES-GCM encrypts with a key stream, so someone who knows the plaintext can flip it to any other
    // text of the same length; the authentication tag is what refuses the result.
    const token = signInlineLink(target);
    const plaintextStart = 12 + 16 + 2; // iv, tag, then `["`
    const from = Buffer.from(target.userId);
    const to = Buffer.from('cm9user000alex00');
    let forged = token;
    for (let i = 0; i < from.length; i++) {
      forged = alter(forged, plaintextStart + i, (b) => b ^ (from[i] ?? 0) ^ (to[i] ?? 0));
    }
    expect(forged).not.toBe(token);
    expect(verifyInlineLink(forged)).toBeNull();
  });

  it('refuse malformed and old-style tokens', () => {
    const oldStyle = `${Buffer.from(JSON.stringify([target.userId, target.messageId, target.attachmentId, 9e9])).toString('base64url')}.c2ln`;
    for (const token of ['', 'nonsense', 'a.b', oldStyle, 'A'.repeat(40), '%2e%2e']) {
      expect(verifyInlineLink(token), token).toBeNull();
    }
  });

  it('are handed out again for the same image for 5 minutes, so a revalidated message keeps its document', () => {
    const start = Date.UTC(2026, 11, 1, 9, 0, 0);
    const first = inlineLinkFor(target, start);
    expect(inlineLinkFor(target, start + 4 * MINUTE)).toBe(first);
    expect(inlineLinkFor({ ...target, attachmentId: 'AAMkAGI2att2' }, start)).not.toBe(first);
    expect(inlineLinkFor({ ...target, userId: 'cm9user0000megan' }, start)).not.toBe(first);
    const later = inlineLinkFor(target, start + 5 * MINUTE);
    expect(later).not.toBe(first);
    // A link handed out is always good for at least 10 more minutes.
    expect(verifyInlineLink(first, start + 4 * MINUTE + 10 * MINUTE)).toEqual(target);
  });
});
