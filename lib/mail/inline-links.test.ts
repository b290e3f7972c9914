import { describe, expect, it } from 'vitest';
import { signInlineLink, verifyInlineLink } from './inline-links';

const target = { userId: 'u1', messageId: 'm1', attachmentId: 'a1' };

describe('inline attachment links', () => {
  it('verify for the attachment they were made for', () => {
    expect(verifyInlineLink(signInlineLink(target))).toEqual(target);
  });

  it('fail when altered, expired or malformed', () => {
    const token = signInlineLink(target);
    const [payload, signature] = token.split('.');
    const other = Buffer.from(
      JSON.stringify(['u2', 'm1', 'a1', Math.floor(Date.now() / 1000) + 60]),
    ).toString('base64url');
    expect(verifyInlineLink(`${other}.${signature}`)).toBeNull();
    expect(verifyInlineLink(`${payload}.${signature?.slice(1)}x`)).toBeNull();
    expect(verifyInlineLink(token, Date.now() + 25 * 60 * 60 * 1000)).toBeNull();
    expect(verifyInlineLink('nonsense')).toBeNull();
  });
});
