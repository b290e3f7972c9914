import 'server-only';
import { db } from '../db';
import { Prisma } from '../generated/prisma/client';
import type { MessageRow } from './dto';
import { toTsquery } from './search-fts';
import type { SearchQuery } from './search-query';

/*
 * The cache's search: PostgreSQL full-text search over the "searchVector" the full_text_search migration
 * keeps (subject, sender, recipients, preview and cached body), newest first, one keyset page at a time.
 * Owner-scoped like every cache query, and built from parameters only (the tsquery text comes from
 * search-fts.ts, which leaves nothing typed able to act as tsquery syntax).
 */

/** A place in search order (newest first, then graphId descending): results strictly after it follow. */
export interface SearchPosition {
  receivedAt: string;
  graphId: string;
}

export const positionOf = (row: { receivedAt: Date; graphId: string }): SearchPosition => ({
  receivedAt: row.receivedAt.toISOString(),
  graphId: row.graphId,
});

/** Whether `a` comes before `b` in search order (newer, or as new with the greater graphId). */
export const comesBefore = (a: SearchPosition, b: SearchPosition) =>
  a.receivedAt === b.receivedAt ? a.graphId > b.graphId : a.receivedAt > b.receivedAt;

/** Timestamps as PostgreSQL's `timestamp(3)` holds them for Prisma: UTC, without a zone. */
const utc = (iso: string) => new Date(iso).toISOString().replace('Z', '');

/** How many of the newest messages (that pass the filters) the first attempt looks through. */
const RECENT_WINDOW = 1_000;

/**
 * One page of the cache's matches for a parsed query, newest first, strictly after `after`; `more` says
 * whether another page follows. The folder (for in:) is resolved by the caller.
 *
 * Words are found in two steps, because PostgreSQL's planner cannot tell how common a prefix is (it costs
 * a prefix search of the GIN index as a scan of the whole index, and chooses to read every row instead):
 * first the newest messages are looked through in order, which finds a page of a common word at once;
 * when they hold less than a page, the full-text index finds every match (the planner left no other way
 * for that one statement), which takes milliseconds for a rare word or none, and the filters and the
 * order apply to those.
 */
export async function searchCache(
  userId: string,
  query: SearchQuery,
  {
    folderGraphId,
    limit = 25,
    after = null,
  }: { folderGraphId?: string; limit?: number; after?: SearchPosition | null } = {},
): Promise<{ rows: MessageRow[]; more: boolean }> {
  const match = toTsquery(query);
  if (match.kind === 'none') return { rows: [], more: false };
  const where: Prisma.Sql[] = [Prisma.sql`"userId" = ${userId}`];
  if (query.hasAttachment) where.push(Prisma.sql`"hasAttachments"`);
  if (query.unread !== undefined) where.push(Prisma.sql`"isRead" = ${!query.unread}`);
  if (query.flagged) where.push(Prisma.sql`"flagStatus" = 'flagged'`);
  if (folderGraphId) where.push(Prisma.sql`"folderGraphId" = ${folderGraphId}`);
  if (query.after) where.push(Prisma.sql`"receivedAt" >= ${utc(`${query.after}T00:00:00Z`)}::timestamp(3)`);
  if (query.before) where.push(Prisma.sql`"receivedAt" < ${utc(`${query.before}T00:00:00Z`)}::timestamp(3)`);
  if (after) {
    const at = utc(after.receivedAt);
    // The `<=` bound lets a scan of the (userId, receivedAt, graphId) index start at the cursor; the OR
    // alone would be a filter over every row above it.
    where.push(
      Prisma.sql`"receivedAt" <= ${at}::timestamp(3) AND ("receivedAt" < ${at}::timestamp(3) OR "graphId" < ${after.graphId})`,
    );
  }
  const filters = Prisma.join(where, ' AND ');
  const order = Prisma.sql`ORDER BY "receivedAt" DESC, "graphId" DESC`;
  let found: { id: string }[];
  if (match.kind === 'any') {
    found = await db.$queryRaw`SELECT "id" FROM "MailMessage" WHERE ${filters} ${order} LIMIT ${limit + 1}`;
  } else {
    const words = Prisma.sql`"searchVector" @@ to_tsquery('simple'::regconfig, ${match.tsquery})`;
    found = await db.$queryRaw`
      SELECT "id" FROM (
        SELECT "id", "receivedAt", "graphId", "searchVector" FROM "MailMessage"
        WHERE ${filters} ${order} LIMIT ${RECENT_WINDOW}
      ) AS recent
      WHERE ${words} ${order} LIMIT ${limit + 1}`;
    if (found.length <= limit) {
      // Only the full-text index can answer the inner statement: its one other condition is on an
      // expression no index holds, and reading the whole table is switched off for the transaction.
      [, found] = await db.$transaction([
        db.$executeRaw`SET LOCAL enable_seqscan = off`,
        db.$queryRaw<{ id: string }[]>`
          WITH matched AS MATERIALIZED (
            SELECT "id", "userId", "receivedAt", "graphId", "hasAttachments", "isRead", "flagStatus",
              "folderGraphId"
            FROM "MailMessage" WHERE ${words} AND ("userId" || '') = ${userId}
          )
          SELECT "id" FROM matched WHERE ${filters} ${order} LIMIT ${limit + 1}`,
      ]);
    }
  }
  const more = found.length > limit;
  const ids = found.slice(0, limit).map((row) => row.id);
  const rows = await db.mailMessage.findMany({
    where: { userId, id: { in: ids } },
    omit: { bodyContent: true, attachments: true },
  });
  const rank = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  return { rows, more };
}
