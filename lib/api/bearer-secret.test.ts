import { describe, expect, it } from 'vitest';
import { hasBearerSecret } from './bearer-secret';

const SECRET = 'a-cron-secret-of-some-length';
const withAuth = (value?: string) =>
  new Request('http://localhost/api/health', value ? { headers: { authorization: value } } : {});

describe('bearer secret', () => {
  it('matches the exact secret only', () => {
    expect(hasBearerSecret(withAuth(`Bearer ${SECRET}`), SECRET)).toBe(true);
    for (const value of [
      `Bearer ${SECRET}x`,
      `Bearer ${SECRET.slice(1)}`,
      `bearer ${SECRET}`,
      SECRET,
      'Bearer ',
    ]) {
      expect(hasBearerSecret(withAuth(value), SECRET), value).toBe(false);
    }
    expect(hasBearerSecret(withAuth(), SECRET)).toBe(false);
  });

  it('matches nothing while the secret is unset', () => {
    expect(hasBearerSecret(withAuth('Bearer undefined'), undefined)).toBe(false);
    expect(hasBearerSecret(withAuth('Bearer '), '')).toBe(false);
  });
});
