import { describe, expect, it } from 'vitest';
import { createNonce, pageContentSecurityPolicy, realtimeSocketSource } from './content-security-policy';

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );

const policy = (overrides: Partial<Parameters<typeof pageContentSecurityPolicy>[0]> = {}) =>
  directives(
    pageContentSecurityPolicy({
      nonce: 'bm9uY2U=',
      development: false,
      realtimeSource: 'ws://127.0.0.1:6001',
      ...overrides,
    }),
  );

describe('page Content-Security-Policy', () => {
  it('runs only scripts with this request’s nonce, or loaded by them', () => {
    expect(policy()['script-src']).toEqual(["'nonce-bm9uY2U='", "'strict-dynamic'"]);
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", 'https:', "'self'", '*']) {
      expect(policy()['script-src']).not.toContain(loose);
    }
  });

  it('allows eval only in development', () => {
    expect(policy({ development: true })['script-src']).toContain("'unsafe-eval'");
  });

  it('cannot be framed, loads no plugins, fixes the base URL and posts forms only to us', () => {
    expect(policy()).toMatchObject({
      'default-src': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
    });
  });

  it('leaves the message frames their inline styles and, once allowed, remote and data: images', () => {
    // A nonce or hash in style-src would make browsers ignore 'unsafe-inline'.
    expect(policy()['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy()['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:', 'https:', 'http:']));
    expect(policy()['font-src']).toContain('data:');
  });

  it('connects to our API and the one Pusher socket only', () => {
    expect(policy()['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:6001']);
    expect(policy({ realtimeSource: null })['connect-src']).toEqual(["'self'"]);
  });
});

describe('realtime socket source', () => {
  const base = { PUSHER_KEY: 'key', PUSHER_CLUSTER: 'eu', PUSHER_USE_TLS: 'true' as const };

  it('is the local server’s host and port, over ws without TLS', () => {
    expect(
      realtimeSocketSource({ ...base, PUSHER_HOST: '127.0.0.1', PUSHER_PORT: 6201, PUSHER_USE_TLS: 'false' }),
    ).toBe('ws://127.0.0.1:6201');
  });

  it('is Pusher’s cluster host over wss when no host is configured', () => {
    expect(realtimeSocketSource(base)).toBe('wss://ws-eu.pusher.com');
  });

  it('is nothing while live updates are off', () => {
    expect(realtimeSocketSource({ ...base, PUSHER_KEY: undefined })).toBeNull();
  });
});

describe('nonce', () => {
  it('is 128 random bits in a form Next.js recognises, new every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
  });
});
