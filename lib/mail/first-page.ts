import 'server-only';
import { db } from '../db';
import { PAGE_SIZE } from '../hooks/keys';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { findFolder, listFolders, saveFolders, upsertMessages } from './cache';
import { fetchFolders, fetchNewestMessages } from './graph-mail';

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

/** Shares one fill per key between reads at the same moment and waits for it FIRST_PAGE_WAIT_MS at most. */
async function sharedFill(key: string, userId: string, what: string, work: () => Promise<void>) {
  let fill = filling.get(key);
  if (!fill) {
    fill = work()
      .catch((error: unknown) => {
        logger.warn(`${what} could not be read from Graph; the sync will bring it`, {
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

/**
 * Before anything else, the first sync stores the folder list; a list or folder read that comes before it
 * (the sync waits behind the page's own requests on a busy server) would find no Inbox at all and show an
 * empty screen until the next poll. So a read that finds no folders cached reads the list from Graph itself
 * and stores it as the sync does (saving the same list twice is harmless), shared and bounded like a page.
 */
export async function fillFolders(userId: string): Promise<void> {
  await sharedFill(`folders\u0000${userId}`, userId, 'the folder list', async () => {
    if ((await listFolders(userId)).length > 0) return;
    await saveFolders(userId, await fetchFolders(userId));
  });
}

/**
 * Reads a folder's newest `limit` messages from Graph into the cache, unless the cache already holds some of
 * it. `graphFolder` is its id or a well-known name Graph takes in its place ('inbox').
 */
async function readNewestPage(userId: string, graphFolder: string, cachedAs: string | null, limit: number) {
  if (cachedAs) {
    const cached = await db.mailMessage.findFirst({
      where: { userId, folderGraphId: cachedAs },
      select: { id: true },
    });
    if (cached) return;
  }
  await upsertMessages(userId, await fetchNewestMessages(userId, graphFolder, limit));
}

/** The Inbox's fill is known by its name: the sign-in's starts before the folder's id is known. */
const pageKey = (userId: string, folder: { graphId: string; wellKnownName: string | null }) =>
  `${userId}\u0000${folder.wellKnownName === 'inbox' ? 'inbox' : folder.graphId}`;

/**
 * Fills the cache with the folder's newest `limit` messages when the first sync has not reached it (no
 * delta link) and nothing of it is cached. Requests for the same folder at once share one Graph read. A
 * Graph failure leaves the list to the sync, as before: it is logged, not thrown; a slow Graph (retrying)
 * is waited for only FIRST_PAGE_WAIT_MS, the page landing in the cache for the list's next read.
 */
export async function fillFirstPage(
  userId: string,
  folder: { graphId: string; deltaLink: string | null; wellKnownName: string | null },
  limit: number,
): Promise<void> {
  if (folder.deltaLink) return;
  await sharedFill(pageKey(userId, folder), userId, 'a folder’s first page', () =>
    readNewestPage(userId, folder.graphId, folder.graphId, limit),
  );
}

/** How long after a sign-in its first sync starts unless the mail screen has asked first (lib/auth/options.ts). */
export const SIGN_IN_SYNC_AFTER_MS = 5_000;

/**
 * Signing in: the folder list and the Inbox's newest page are read from Graph at once and side by side
 * (Graph takes the Inbox by name, and a cached message needs no folder row), so they are cached, or on
 * their way, when the mail screen asks for them a second or so later; the screen's reads join them. A
 * returning person's Inbox is synced already, and nothing is read.
 */
export async function prefillInbox(userId: string): Promise<void> {
  const inbox = await findFolder(userId, 'inbox');
  if (inbox?.deltaLink) return;
  await Promise.all([
    fillFolders(userId),
    sharedFill(
      pageKey(userId, { graphId: '', wellKnownName: 'inbox' }),
      userId,
      'the Inbox’s first page',
      () => readNewestPage(userId, 'inbox', inbox?.graphId ?? null, PAGE_SIZE),
    ),
  ]);
}
