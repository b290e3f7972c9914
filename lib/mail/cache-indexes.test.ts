import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSearchQuery } from './search-query';

/*
 * The list, count and search queries of cache.ts each have an index that matches them: with a mailbox of
 * 20,000 messages the planner walks the index in order and stops after the page, with no Sort of the
 * folder. The statements explained are the ones the Prisma client sends (captured from its query log).
 */

const seen = vi.hoisted(() => ({ queries: [] as { query: string; params: string }[] }));

vi.mock('../db', async () => {
  const { createAdapterFactory } = await import('../database/adapter');
  const { parseDatabaseUrl } = await import('../database/url');
  const { PrismaClient } = await import('../generated/prisma/client');
  const db = new PrismaClient({
    adapter: createAdapterFactory(parseDatabaseUrl(process.env.DATABASE_URL)),
    log: [{ emit: 'event', level: 'query' }],
  });
  db.$on('query', (event) => seen.queries.push({ query: event.query, params: event.params }));
  return { db };
});

const COUNT = 20_000;
// Spread over folders as a mailbox is: each folder a part of the person's mail.
const FOLDERS = ['AAMkIndexInbox', 'AAMkIndexArchive', 'AAMkIndexSent', 'AAMkIndexProjects', 'AAMkIndexOld'];
let db: typeof import('../db').db;
let cache: typeof import('./cache');
let search: typeof import('./search-cache');
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  ({ db } = await import('../db'));
  cache = await import('./cache');
  search = await import('./search-cache');
  userId = (await db.user.create({ data: { email: `${crypto.randomUUID()}@contoso.test` } })).id;
  const now = Date.now();
  for (let offset = 0; offset < COUNT; offset += 5_000) {
    await db.mailMessage.createMany({
      data: Array.from({ length: 5_000 }, (_, i) => {
        const n = offset + i;
        return {
          userId,
          graphId: `AAMkIndex${String(n).padStart(6, '0')}`,
          folderGraphId: FOLDERS[n % FOLDERS.length] ?? '',
          conversationId: `conv-${n % 2_000}`,
          subject: `Message ${n}`,
          preview: `Preview of message ${n}`,
          fromAddress: `sender${n % 300}@fabrikam.test`,
          // Some share a second, so the keyset's tie-break on graphId matters.
          receivedAt: new Date(now - Math.floor(n / 2) * 1_000),
          isRead: n % 4 !== 0,
          inferenceClassification: n % 10 < 3 ? 'other' : 'focused',
        };
      }),
    });
  }
  await db.$executeRawUnsafe('ANALYZE "MailMessage"');
}, 120_000);

/**
 * The plan of the last statement `work` sent matching `matching`, with its own parameters; `settings` are
 * the SET LOCALs the statement was sent with.
 */
async function planOf(
  work: () => Promise<unknown>,
  matching: RegExp,
  settings: string[] = [],
): Promise<string> {
  seen.queries.length = 0;
  await work();
  const sent = seen.queries.filter((q) => matching.test(q.query)).at(-1);
  if (!sent) throw new Error('the query was not sent');
  const params = JSON.parse(sent.params) as unknown[];
  const results = await db.$transaction([
    ...settings.map((setting) => db.$executeRawUnsafe(`SET LOCAL ${setting}`)),
    db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sent.query}`, ...params),
  ]);
  const rows = results.at(-1) as { 'QUERY PLAN': string }[];
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('indexes for the reading queries', () => {
  it('a folder page, first and deep, walks the folder index in order', async () => {
    const first = await planOf(() => cache.listMessages(userId, 'AAMkIndexInbox', 50, null), /ORDER BY/);
    expect(first).toContain('Index Scan using "MailMessage_userId_folderGraphId_receivedAt_graphId_idx"');
    expect(first).not.toMatch(/\bSort\b/);

    const page = await cache.listMessages(userId, 'AAMkIndexInbox', 50, null);
    const cursor = cache.decodeCursor(page.nextCursor ?? '');
    const deep = await planOf(() => cache.listMessages(userId, 'AAMkIndexInbox', 50, cursor), /ORDER BY/);
    expect(deep).toContain('MailMessage_userId_folderGraphId_receivedAt_graphId_idx');
    expect(deep).not.toMatch(/\bSort\b/);
    // The scan starts at the cursor rather than filtering every row above it.
    expect(deep).toMatch(/Index Cond: \(.*"receivedAt" <= /);
  });

  it('a page of the Inbox’s Focused or Other tab walks the tab’s index in order', async () => {
    for (const view of ['focused', 'other'] as const) {
      const plan = await planOf(
        () => cache.listMessages(userId, 'AAMkIndexInbox', 50, null, { view }),
        /ORDER BY/,
      );
      expect(plan).toContain('MailMessage_userId_folderGraphId_inferenceClassification_re_idx');
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });

  it('the keyset pages are those of the order, ties included', async () => {
    const seenIds: string[] = [];
    let cursor: ReturnType<typeof cache.decodeCursor> = null;
    for (let page = 0; page < 5; page += 1) {
      const result = await cache.listMessages(userId, 'AAMkIndexArchive', 7, cursor);
      seenIds.push(...result.rows.map((r) => r.graphId));
      cursor = cache.decodeCursor(result.nextCursor ?? '');
    }
    const expected = await db.mailMessage.findMany({
      where: { userId, folderGraphId: 'AAMkIndexArchive' },
      orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
      take: 35,
      select: { graphId: true },
    });
    expect(seenIds).toEqual(expected.map((m) => m.graphId));
  });

  it('the total and unread counts come from one pass over the unread index', async () => {
    const plan = await planOf(() => cache.recountFolders(userId, ['AAMkIndexInbox']), /GROUP BY/);
    expect(plan).toMatch(
      /Index (Only )?Scan using "MailMessage_userId_folderGraphId_isRead_idx"|Bitmap Index Scan on "MailMessage_userId_folderGraphId_isRead_idx"/,
    );
  });

  it('search looks through the newest messages in index order first, and stops after a page', async () => {
    const common = await planOf(() => search.searchCache(userId, parseSearchQuery('message')), /AS recent/);
    expect(common).toContain('Index Scan using "MailMessage_userId_receivedAt_graphId_idx"');
    expect(common).not.toMatch(/\bSort\b/);
  });

  it('search finds a word the newest messages lack through the full-text index', async () => {
    const rare = await planOf(
      () => search.searchCache(userId, parseSearchQuery('12345')),
      /AS MATERIALIZED/,
      ['enable_seqscan = off'],
    );
    expect(rare).toContain('Bitmap Index Scan on "MailMessage_searchVector_idx"');
    expect(rare).not.toMatch(/Seq Scan/);
  });
});
