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

describe.skipIf(!process.env.TEST_POSTGRES_URL && !/^postgres/.test(process.env.DATABASE_URL ?? ''))(
  'two instances claiming from one PostgreSQL queue',
  () => {
    it('never claim the same row twice', async () => {
      const { PrismaClient } = await import('../generated/prisma/client');
      const { createPostgresTestDatabase, testPostgresUrl } = await import('../database/testing');
      const { applyMigrations } = await import('../database/migrations');
      const { PrismaPg } = await import('@prisma/adapter-pg');
      const database = await createPostgresTestDatabase(testPostgresUrl() ?? '');
      await applyMigrations(database.factory);
      const instances = [0, 1].map(
        () => new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }) }),
      );
      try {
        const [first] = instances;
        const owner = await first?.user.create({ data: { email: 'claimers@contoso.test' } });
        await first?.notificationQueue.createMany({
          data: Array.from({ length: 3_000 }, (_, i) => ({
            idempotencyKey: `claim-${i}`,
            kind: 'change',
            userId: owner?.id ?? '',
            subscriptionId: 'sub-claimers',
            changeType: 'updated',
            messageId: `m-${i}`,
          })),
        });
        const claimed: string[] = [];
        for (;;) {
          const rounds = await Promise.all(instances.map((client) => lib.claim(client)));
          const ids = rounds.flat().map((row) => row.id);
          if (!ids.length) break;
          claimed.push(...ids);
        }
        expect(claimed).toHaveLength(3_000);
        expect(new Set(claimed).size).toBe(3_000);
      } finally {
        await Promise.all(instances.map((client) => client.$disconnect()));
        await database.drop();
      }
    }, 120_000);
  },
);
