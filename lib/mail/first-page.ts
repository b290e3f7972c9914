import 'server-only';
import { db } from '../db';
import { PAGE_SIZE } from '../hooks/keys';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { cursorAfter, findFolder, listFolders, messageFields, saveFolders, upsertMessages } from './cache';
import { toSummaryDto } from './dto';
import { fetchFolders, fetchNewestMessages, type GraphMessage } from './graph-mail';
import type { MessageListFilter, MessagePageDto } from './types';

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
  await bounded(fill, undefined);
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
 * The sign-in's read of the Inbox's newest page, by user, from the moment it is asked of Graph until its
 * rows are written to the cache. Null when the read failed.
 */
const arriving = processSingleton(
  'arrivingInboxPages',
  () => new Map<string, Promise<GraphMessage[] | null>>(),
);

/** Whether the cache holds any message of the folder. */
const holdsAny = async (userId: string, folderGraphId: string) =>
  (await db.mailMessage.findFirst({ where: { userId, folderGraphId }, select: { id: true } })) !== null;

/**
 * Reads a folder's newest `limit` messages from Graph into the cache, unless the cache already holds some of
 * it. `graphFolder` is its id or a well-known name Graph takes in its place ('inbox').
 */
async function readNewestPage(userId: string, graphFolder: string, cachedAs: string | null, limit: number) {
  if (cachedAs && (await holdsAny(userId, cachedAs))) return;
  await upsertMessages(userId, await fetchNewestMessages(userId, graphFolder, limit));
}

/** Waits for `promise` FIRST_PAGE_WAIT_MS at most; `fallback` past it. */
async function bounded<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), FIRST_PAGE_WAIT_MS)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const newestFirst = (a: { receivedAt: Date; graphId: string }, b: { receivedAt: Date; graphId: string }) =>
  b.receivedAt.getTime() - a.receivedAt.getTime() ||
  (a.graphId < b.graphId ? 1 : a.graphId > b.graphId ? -1 : 0);

/**
 * The Inbox's first page answered from the sign-in's Graph read while it is out or being written, so the
 * screen's first list waits neither for the folder list (child folders, well-known ids: several requests)
 * nor for the write (50 rows with their full-text entries, most of a second on an embedded database under
 * a sign-in's load). The rows are what the cache will hold: the same fields, narrowed and ordered as the
 * cache's list is, with a cursor from the last row for the next page, which the cache answers. Null when
 * no such read is under way (the cache answers), when it failed, or when it is slower than a list waits.
 * A narrowed list's total is left out: only the cache can count it (the screen shows the folder's).
 */
export async function arrivingInboxPage(
  userId: string,
  limit: number,
  filter: MessageListFilter,
): Promise<MessagePageDto | null> {
  const read = arriving.get(userId);
  if (!read) return null;
  const page = await bounded(read, null);
  if (!page) return null;
  const rows = page
    .map((message) => ({ graphId: message.id, ...messageFields(message) }))
    .filter(
      (row) =>
        (!filter.view || row.inferenceClassification === filter.view) &&
        (!filter.category || row.categories.includes(filter.category)),
    )
    .sort(newestFirst);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  // Graph's page was full: older mail may follow what is shown, so the list offers a next page.
  const more = rows.length > limit || page.length >= PAGE_SIZE;
  // A full page with nothing of this tab in it tells nothing of where the tab's mail starts.
  if (!last && more) return null;
  return {
    messages: shown.map(toSummaryDto),
    nextCursor: more && last ? cursorAfter(last) : null,
  };
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

/** Sign-ins holding work back until their mail screen has its first list, by user. */
const screensAwaited = processSingleton('screensAwaited', () => new Map<string, () => void>());

/**
 * The mail screen has its first list (it asks for a sync round then, lib/mail/sync.ts): what the sign-in
 * held back for it goes now.
 */
export function screenHasList(userId: string): void {
  screensAwaited.get(userId)?.();
}

/** Resolves when the person's mail screen has its first list, or after `boundMs` without one. */
function screenShown(userId: string, boundMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (screensAwaited.get(userId) === done) screensAwaited.delete(userId);
      resolve();
    };
    const timer = setTimeout(done, boundMs);
    timer.unref?.();
    screensAwaited.get(userId)?.();
    screensAwaited.set(userId, done);
  });
}

/**
 * Signing in: the folder list and the Inbox's newest page are read from Graph at once and side by side
 * (Graph takes the Inbox by name, and a cached message needs no folder row), so they are cached, or on
 * their way, when the mail screen asks for them a second or so later; the screen's reads join them. A
 * returning person's Inbox is synced already, and nothing is read.
 *
 * The screen's Inbox list is answered from the page itself (arrivingInboxPage), and the page is written to
 * the cache only once the screen has its list (SIGN_IN_SYNC_AFTER_MS at most): on an embedded database a
 * write holds the server's one thread, and the screen's own page, scripts and reads were queueing behind
 * its 50 rows and their full-text entries.
 */
export async function prefillInbox(userId: string): Promise<void> {
  const page = (async () => {
    const inbox = await findFolder(userId, 'inbox');
    if (inbox?.deltaLink || (inbox && (await holdsAny(userId, inbox.graphId)))) return null;
    return fetchNewestMessages(userId, 'inbox', PAGE_SIZE);
  })();
  // Offered to list reads from now on, before the first await, until the rows are written.
  const offered = page.catch(() => null);
  arriving.set(userId, offered);
  const write = page.then(async (messages) => {
    if (!messages) return;
    await screenShown(userId, SIGN_IN_SYNC_AFTER_MS);
    await upsertMessages(userId, messages);
  });
  void write
    .catch(() => {})
    .finally(() => {
      if (arriving.get(userId) === offered) arriving.delete(userId);
    });
  await Promise.all([
    fillFolders(userId),
    sharedFill(
      pageKey(userId, { graphId: '', wellKnownName: 'inbox' }),
      userId,
      'the Inbox’s first page',
      () => write,
    ),
  ]);
}
