import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const queryRaw = vi.fn();
vi.mock('./db', () => ({
  db: {
    $queryRaw: (...args: unknown[]) => queryRaw(...args),
    graphSubscription: {
      aggregate: async () => ({ _count: 1, _min: { expiresAt: null }, _max: { lastNotificationAt: null } }),
    },
    notificationQueue: { count: async () => 0, findFirst: async () => null },
  },
}));

const { checkHealth, checkStatus } = await import('./health');

describe('the public status', () => {
  beforeAll(() => vi.useFakeTimers({ toFake: ['performance'] }));
  afterAll(() => vi.useRealTimers());
  beforeEach(() => {
    vi.advanceTimersByTime(60_000); // whatever an earlier test left is stale
    queryRaw.mockReset();
  });

  it('asks the database once for requests that arrive together, and reuses the answer for a second', async () => {
    queryRaw.mockResolvedValue([{ broken: 0 }]);
    expect(await Promise.all([checkStatus(), checkStatus(), checkStatus()])).toEqual(['ok', 'ok', 'ok']);
    expect(queryRaw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(await checkStatus()).toBe('ok');
    expect(queryRaw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600);
    expect(await checkStatus()).toBe('ok');
    expect(queryRaw).toHaveBeenCalledTimes(2);
  });

  it('says degraded when the database does not answer, and ok again once it does', async () => {
    queryRaw.mockRejectedValueOnce(new Error('connection refused'));
    expect(await checkStatus()).toBe('degraded');
    vi.advanceTimersByTime(1_001);
    queryRaw.mockResolvedValueOnce([{ broken: 0 }]);
    expect(await checkStatus()).toBe('ok');
  });

  it('says degraded while a subscription is lost or expired', async () => {
    queryRaw.mockResolvedValueOnce([{ broken: 1 }]);
    expect(await checkStatus()).toBe('degraded');
  });
});

describe('the operator report', () => {
  it('follows the public rule: degraded while a subscription is lost or expired, ok otherwise', async () => {
    // The first query is the latency ping, the second counts broken subscriptions.
    queryRaw
      .mockReset()
      .mockResolvedValueOnce([])
      .mockResolvedValueOnce([{ broken: 1 }]);
    expect(await checkHealth()).toMatchObject({ status: 'degraded', database: { reachable: true } });
    queryRaw
      .mockReset()
      .mockResolvedValueOnce([])
      .mockResolvedValueOnce([{ broken: 0 }]);
    expect(await checkHealth()).toMatchObject({ status: 'ok', skippedMessages: 0 });
  });
});
