import { describe, expect, it } from 'vitest';
import {
  decryptToken,
  encryptToken,
  generateEncryptionKey,
  parseEncryptionKey,
  TokenDecryptionError,
} from './token-crypto';

const key = parseEncryptionKey(generateEncryptionKey());

describe('token encryption', () => {
  it('round-trips a token and never stores it in the clear', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.refresh-token-value';
    const stored = encryptToken(key, token, 'account:a1:refresh_token');
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('refresh-token-value');
    expect(decryptToken(key, stored, 'account:a1:refresh_token')).toBe(token);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptToken(key, 'same', 'c')).not.toBe(encryptToken(key, 'same', 'c'));
  });

  it('refuses a value moved to another row or column', () => {
    const stored = encryptToken(key, 'secret', 'account:a1:refresh_token');
    expect(() => decryptToken(key, stored, 'account:a2:refresh_token')).toThrow(TokenDecryptionError);
    expect(() => decryptToken(key, stored, 'account:a1:access_token')).toThrow(TokenDecryptionError);
  });

  it('refuses tampered data and the wrong key', () => {
    const stored = encryptToken(key, 'secret', 'c');
    const parts = stored.split('.');
    // A different first character of the ciphertext (random data: 1 in 64 already starts with "A").
    const data = parts[3] ?? '';
    const flipped = [
      parts[0],
      parts[1],
      parts[2],
      `${data.startsWith('A') ? 'B' : 'A'}${data.slice(1)}`,
    ].join('.');
    expect(flipped).not.toBe(stored);
    expect(() => decryptToken(key, flipped, 'c')).toThrow(TokenDecryptionError);
    expect(() => decryptToken(parseEncryptionKey(generateEncryptionKey()), stored, 'c')).toThrow(
      TokenDecryptionError,
    );
    expect(() => decryptToken(key, 'plaintext-token', 'c')).toThrow(/not in the expected encrypted form/);
  });

  it('accepts 32-byte keys as base64 or hex and names what is wrong with a short one', () => {
    expect(parseEncryptionKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(() => parseEncryptionKey('too-short')).toThrow(/must be 32 random bytes .* \(got 6 bytes\)/);
  });
});
