import { beforeAll, describe, expect, it } from 'vitest';

/* The processor applies a `deleted` change notification to the cache without asking Graph. */

let lib: typeof import('./processor') & typeof import('../mail/cache') & { db: typeof import('../db').db };
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = { ...(await import('./processor')), ...(await import('../mail/cache')), ...(await import('../db')) };
  userId = (await lib.db.user.create({ data: { email: `deleted-${crypto.randomUUID()}@contoso.test` } })).id;
});

describe('a deleted notification', () => {
  it('removes the message from the cache and recounts its folder', async () => {
    await lib.db.mailFolder.create({
      data: { userId, graphId: 'del-inbox', displayName: 'Inbox', wellKnownName: 'inbox', totalCount: 2 },
    });
    const mail = (id: string) => ({
      id,
      parentFolderId: 'del-inbox',
      subject: id,
      receivedDateTime: '2026-11-30T12:00:00.000Z',
      isRead: false,
    });
    await lib.upsertMessages(userId, [mail('doomed'), mail('kept')]);
    await lib.db.notificationQueue.create({
      data: {
        idempotencyKey: `deleted-${crypto.randomUUID()}`,
        kind: 'change',
        userId,
        subscriptionId: 'sub-deleted',
        changeType: 'deleted',
        messageId: 'doomed',
      },
    });
    await lib.processQueue();
    const left = await lib.db.mailMessage.findMany({ where: { userId }, select: { graphId: true } });
    expect(left.map((m) => m.graphId)).toEqual(['kept']);
    expect(await lib.db.mailFolder.findFirst({ where: { userId, graphId: 'del-inbox' } })).toMatchObject({
      totalCount: 1,
      unreadCount: 1,
    });
    expect(
      await lib.db.notificationQueue.findFirst({
        where: { userId, messageId: 'doomed' },
        select: { status: true },
      }),
    ).toEqual({ status: 'done' });
  });
});
