import { beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'health-test-cron-secret-0123456789';
let GET: typeof import('./route').GET;

beforeAll(async () => {
  // lib/env reads the environment once, on import.
  process.env.CRON_SECRET = SECRET;
  const { prepareTestDatabase } = await import('@/lib/testing/database');
  await prepareTestDatabase();
  ({ GET } = await import('./route'));
});

const get = (authorization?: string) =>
  GET(new Request('http://localhost/api/health', authorization ? { headers: { authorization } } : {}));

describe('GET /api/health', () => {
  it('tells the public only whether the app is up', async () => {
    for (const authorization of [undefined, 'Bearer wrong-secret-0123456789', `Basic ${SECRET}`]) {
      const response = await get(authorization);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({ status: 'ok' });
    }
  });

  it('gives the operator the details with the cron secret', async () => {
    const response = await get(`Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { reachable: true },
      subscriptions: { count: expect.any(Number) },
      queue: { depth: expect.any(Number), failed: expect.any(Number) },
      webhooks: expect.any(Object),
    });
  });
});
