import 'server-only';
import { db } from '../db';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { upsertMessages } from './cache';
import { fetchNewestMessages } from './graph-mail';

/*
 * A first sign-in opens the Inbox while the first sync is still reading the mailbox. Until the sync has
 * stored a folder's first delta page, the cache holds nothing of it, and the list would stay empty for as
 * long as that page takes (a delta page of 100 with its full-text indexing, behind the folder list). So the
 * first read of a folder the sync has not reached yet takes the folder's newest page straight from Graph
 * into the cache: one request, the same fields the sync stores, upserted the way the sync upserts (a newer
 * version of a message is never overwritten by an older one). Later changes to those messages arrive as
 * notifications like any other; the sync's delta then finds them in place.
 */

const filling = processSingleton('firstPageFills', () => new Map<string, Promise<void>>());

/** How long a list read waits for Graph's page; past it the list answers from the cache as before. */
const FIRST_PAGE_WAIT_MS = 1_500;

/**
 * Fills the cache with the folder's newest `limit` messages when the first sync has not reached it (no
 * delta link) and nothing of it is cached. Requests for the same folder at once share one Graph read. A
 * Graph failure leaves the list to the sync, as before: it is logged, not thrown; a slow Graph (retrying)
 * is waited for only FIRST_PAGE_WAIT_MS, the page landing in the cache for the list's next read.
 */
export async function fillFirstPage(
  userId: string,
  folder: { graphId: string; deltaLink: string | null },
  limit: number,
): Promise<void> {
  if (folder.deltaLink) return;
  const key = `${userId}\u0000${folder.graphId}`;
  let fill = filling.get(key);
  if (!fill) {
    fill = (async () => {
      const cached = await db.mailMessage.findFirst({
        where: { userId, folderGraphId: folder.graphId },
        select: { id: true },
      });
      if (cached) return;
      await upsertMessages(userId, await fetchNewestMessages(userId, folder.graphId, limit));
    })()
      .catch((error: unknown) => {
        logger.warn('a folder’s first page could not be read from Graph; the sync will bring it', {
          userId,
          error: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => filling.delete(key));
    filling.set(key, fill);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([fill, new Promise((resolve) => (timer = setTimeout(resolve, FIRST_PAGE_WAIT_MS)))]);
  clearTimeout(timer);
}
