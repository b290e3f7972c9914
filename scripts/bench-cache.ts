/*
 * How the mail cache behaves with a large mailbox: fills an in-memory embedded database with 100,000
 * messages in one folder, then times the first page and deep keyset pages of the list query the inbox uses,
 * the folder recount (total and unread) and the cache search (a common match, and no match at all).
 *   npx tsx --conditions=react-server scripts/bench-cache.ts [count]
 */
process.env.DATABASE_URL = 'pglite:memory';
process.env.AZURE_AD_CLIENT_ID ||= 'bench';
process.env.AZURE_AD_CLIENT_SECRET ||= 'bench';
process.env.TOKEN_ENCRYPTION_KEY ||= 'YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMTI';
process.env.LOG_LEVEL = 'error';

async function main() {
  const count = Number(process.argv[2] ?? 100_000);
  const { prepareDatabase } = await import('../lib/database/prepare');
  await prepareDatabase();
  const { db } = await import('../lib/db');
  const { listMessages, decodeCursor, recountFolders } = await import('../lib/mail/cache');
  const { searchCache } = await import('../lib/mail/search-cache');
  const { parseSearchQuery } = await import('../lib/mail/search-query');
  const user = await db.user.create({ data: { name: 'Bench', email: 'bench@contoso.test' } });
  const folder = 'AAMkBenchInbox';
  const started = performance.now();
  const now = Date.now();
  for (let offset = 0; offset < count; offset += 5000) {
    await db.mailMessage.createMany({
      data: Array.from({ length: Math.min(5000, count - offset) }, (_, i) => {
        const n = offset + i;
        return {
          userId: user.id,
          graphId: `AAMkBench${String(n).padStart(7, '0')}`,
          folderGraphId: folder,
          conversationId: `conv-${n % 5000}`,
          subject: `Message ${n}`,
          preview: `Preview of message ${n}`,
          fromName: 'Sender',
          fromAddress: `sender${n % 300}@fabrikam.test`,
          receivedAt: new Date(now - n * 60_000),
          isRead: n % 4 !== 0,
        };
      }),
    });
  }
  console.log(`inserted ${count} messages in ${Math.round(performance.now() - started)} ms`);
  await db.$executeRawUnsafe('ANALYZE "MailMessage"');

  const time = async (label: string, work: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await work();
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    console.log(`${label}: median ${runs[2]?.toFixed(1)} ms`);
  };
  await time('first page (50)', () => listMessages(user.id, folder, 50, null));
  let cursor = null;
  for (let page = 0; page < 1000; page++)
    cursor = decodeCursor((await listMessages(user.id, folder, 50, cursor)).nextCursor ?? '');
  await time('page 1,001 (row 50,000, keyset)', () => listMessages(user.id, folder, 50, cursor));
  await time('recount total and unread', () => recountFolders(user.id, [folder]));
  await time('search, a common match (25 newest)', () => searchCache(user.id, parseSearchQuery('sender42@')));
  await time('search, no match (every message read)', () =>
    searchCache(user.id, parseSearchQuery('nowhere-to-be-found')),
  );
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
