import { beforeAll, describe, expect, it } from 'vitest';

/* Finished queue rows leave after their keep time; pending, recent and recently given-up rows stay. */

let lib: typeof import('./queue-prune') & { db: typeof import('../db').db };
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = { ...(await import('./queue-prune')), ...(await import('../db')) };
  userId = (await lib.db.user.create({ data: { email: `prune-${crypto.randomUUID()}@contoso.test` } })).id;
});

describe('pruning the notification queue', () => {
  it('removes done rows after an hour and given-up rows after a week, in chunks, and keeps the rest', async () => {
    const now = Date.now();
    const ago = (ms: number) => new Date(now - ms);
    const rows = (n: number, label: string, data: Record<string, unknown>) =>
      lib.db.notificationQueue.createMany({
        data: Array.from({ length: n }, (_, i) => ({
          idempotencyKey: `${label}-${i}-${crypto.randomUUID()}`,
          kind: 'change',
          userId,
          subscriptionId: `sub-prune-${label}`,
          changeType: 'created',
          messageId: `${label}-${i}`,
          ...data,
        })),
      });
    // More old done rows than one chunk holds, so the loop must go round.
    await rows(2500, 'old-done', { status: 'done', processedAt: ago(lib.KEEP_DONE_MS + 60_000) });
    await rows(3, 'new-done', { status: 'done', processedAt: ago(lib.KEEP_DONE_MS - 60_000) });
    await rows(2, 'old-pending', { status: 'pending', createdAt: ago(lib.KEEP_FAILED_MS * 2) });
    await rows(2, 'old-failed', { status: 'failed', createdAt: ago(lib.KEEP_FAILED_MS + 60_000) });
    await rows(2, 'new-failed', { status: 'failed', createdAt: ago(lib.KEEP_DONE_MS * 2) });

    expect(await lib.pruneQueue(now)).toBe(2502);

    const left = await lib.db.notificationQueue.groupBy({
      by: ['subscriptionId'],
      where: { userId },
      _count: { _all: true },
      orderBy: { subscriptionId: 'asc' },
    });
    expect(Object.fromEntries(left.map((g) => [g.subscriptionId, g._count._all]))).toEqual({
      'sub-prune-new-done': 3,
      'sub-prune-new-failed': 2,
      'sub-prune-old-pending': 2,
    });
    // Nothing left to prune: a second pass removes nothing.
    expect(await lib.pruneQueue(now)).toBe(0);
  });
});
