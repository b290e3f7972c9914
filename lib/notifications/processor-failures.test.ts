import { beforeAll, describe, expect, it, vi } from 'vitest';

/*
 * A change that keeps failing (Graph down) is tried again with growing gaps, and is given up only when Graph
 * itself would have stopped retrying (4 hours after it arrived); then the mailbox gets a delta round, so the
 * change still reaches the cache.
 */

const syncMailbox = vi.fn(async () => {});
vi.mock('../mail/sync', () => ({ syncMailbox, watchSyncs: () => {}, isSyncing: () => false }));
vi.mock('../graph/batch', () => ({
  runBatched: async () => {
    throw new Error('Microsoft 365 is not reachable right now.');
  },
}));

let lib: typeof import('./processor') & { db: typeof import('../db').db };
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = { ...(await import('./processor')), ...(await import('../db')) };
  userId = (await lib.db.user.create({ data: { email: `failing-${crypto.randomUUID()}@contoso.test` } })).id;
});

const row = (messageId: string, createdAt: Date) =>
  lib.db.notificationQueue.create({
    data: {
      idempotencyKey: `${messageId}-${crypto.randomUUID()}`,
      kind: 'change',
      userId,
      subscriptionId: 'sub-failing',
      changeType: 'updated',
      messageId,
      createdAt,
    },
  });

describe('a change Graph keeps failing', () => {
  it('backs off 2, 4, 8 … seconds up to 15 minutes', () => {
    expect([1, 2, 3, 9, 10, 11, 40].map(lib.backoffMs)).toEqual([
      2_000, 4_000, 8_000, 512_000, 900_000, 900_000, 900_000,
    ]);
  });

  it('waits to be tried again while Graph would still retry, then gives up and resyncs the mailbox', async () => {
    const fresh = await row('fresh', new Date());
    const old = await row('old', new Date(Date.now() - lib.GIVE_UP_AFTER_MS - 60_000));
    await lib.processQueue();

    const after = await lib.db.notificationQueue.findMany({
      where: { id: { in: [fresh.id, old.id] } },
      select: { id: true, status: true, attempts: true, nextAttemptAt: true, lastError: true },
    });
    const freshAfter = after.find((r) => r.id === fresh.id);
    const oldAfter = after.find((r) => r.id === old.id);
    expect(freshAfter).toMatchObject({ status: 'pending', attempts: 1 });
    expect(freshAfter?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(oldAfter).toMatchObject({
      status: 'failed',
      lastError: 'Microsoft 365 is not reachable right now.',
    });
    expect(syncMailbox).toHaveBeenCalledWith(userId);
  });
});
