import 'server-only';
import { parseDatabaseUrl } from '../database/url';
import { db } from '../db';
import { env } from '../env';

/*
 * The queue keeps what it has finished only as long as it is useful: a done row for an hour (a duplicate
 * delivery within that hour stays a no-op; one after it is processed again, which is harmless, because
 * applying a change twice gives the same cache), a given-up row for a week so an operator can read why.
 * Without this the table grows by every notification ever received, and every claim and insert pays for it.
 *
 * Rows go in chunks, so on the embedded database no single statement keeps the webhook answers waiting.
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs, so the space of deleted rows is
 * reclaimed here (PostgreSQL's autovacuum does it by itself).
 */

export const KEEP_DONE_MS = 60 * 60_000;
export const KEEP_FAILED_MS = 7 * 24 * 60 * 60_000;
const CHUNK = 1000;

export async function pruneQueue(now = Date.now()): Promise<number> {
  let removed = 0;
  for (const [status, keepMs] of [
    ['done', KEEP_DONE_MS],
    ['failed', KEEP_FAILED_MS],
  ] as const) {
    const before = new Date(now - keepMs);
    for (;;) {
      const count = await db.$executeRaw`
        DELETE FROM "NotificationQueue" WHERE id IN (
          SELECT id FROM "NotificationQueue"
          WHERE status = ${status} AND COALESCE("processedAt", "createdAt") < ${before}
          LIMIT ${CHUNK})`;
      removed += count;
      if (count < CHUNK) break;
    }
  }
  if (removed && parseDatabaseUrl(env.DATABASE_URL).kind !== 'postgres')
    await db.$executeRawUnsafe('VACUUM "NotificationQueue"');
  return removed;
}
