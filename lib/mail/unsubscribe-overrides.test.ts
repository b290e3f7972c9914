import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { parseConnectOverrides, parseResolveOverrides } from './unsubscribe-overrides';

const BASE = {
  AZURE_AD_CLIENT_ID: 'id',
  AZURE_AD_CLIENT_SECRET: 'secret',
  TOKEN_ENCRYPTION_KEY: 'dGlkaW5ncy10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE',
};
const SEAM = {
  UNSUBSCRIBE_TEST_RESOLVE: 'news.example.com=203.0.113.7',
  UNSUBSCRIBE_TEST_CONNECT: '203.0.113.7=127.0.0.1:4730',
};

describe('the one-click test seam', () => {
  it('reads names with their whole DNS answer, and addresses with where connections go', () => {
    expect(
      parseResolveOverrides('News.Example.com=203.0.113.7, mixed.example.com=203.0.113.8|10.0.0.5'),
    ).toEqual(
      new Map([
        ['news.example.com', ['203.0.113.7']],
        ['mixed.example.com', ['203.0.113.8', '10.0.0.5']],
      ]),
    );
    expect(parseConnectOverrides('203.0.113.7=127.0.0.1:4730,2001:db8::7=[::1]:80')).toEqual(
      new Map([
        ['203.0.113.7', { host: '127.0.0.1', port: 4730 }],
        ['2001:db8::7', { host: '::1', port: 80 }],
      ]),
    );
    expect(parseResolveOverrides(undefined).size).toBe(0);
  });

  it('refuses what it can’t read', () => {
    for (const bad of [
      'news.example.com',
      'news.example.com=',
      'news.example.com=localhost',
      'a b=1.2.3.4',
    ]) {
      expect(() => parseResolveOverrides(bad), bad).toThrow(/host=address/);
    }
    for (const bad of [
      '203.0.113.7=127.0.0.1',
      'x=127.0.0.1:80',
      '203.0.113.7=localhost:80',
      '203.0.113.7=127.0.0.1:99999',
    ]) {
      expect(() => parseConnectOverrides(bad), bad).toThrow(/address=ip:port/);
    }
  });

  it('is refused in production unless UNSUBSCRIBE_TEST_MODE=on, and allowed in tests', () => {
    const production = { ...BASE, NODE_ENV: 'production', NEXTAUTH_SECRET: 'x'.repeat(40) };
    expect(() => parseEnv({ ...production, ...SEAM })).toThrow(/UNSUBSCRIBE_TEST_RESOLVE: is for tests only/);
    expect(() =>
      parseEnv({ ...production, UNSUBSCRIBE_TEST_CONNECT: SEAM.UNSUBSCRIBE_TEST_CONNECT }),
    ).toThrow(/UNSUBSCRIBE_TEST_CONNECT: is for tests only/);
    expect(parseEnv({ ...production, ...SEAM, UNSUBSCRIBE_TEST_MODE: 'on' }).UNSUBSCRIBE_TEST_CONNECT).toBe(
      SEAM.UNSUBSCRIBE_TEST_CONNECT,
    );
    expect(parseEnv({ ...BASE, NODE_ENV: 'test', ...SEAM }).UNSUBSCRIBE_TEST_RESOLVE).toBe(
      SEAM.UNSUBSCRIBE_TEST_RESOLVE,
    );
    expect(() => parseEnv({ ...BASE, UNSUBSCRIBE_TEST_RESOLVE: 'nonsense' })).toThrow(
      /UNSUBSCRIBE_TEST_RESOLVE/,
    );
  });
});
