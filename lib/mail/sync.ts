import 'server-only';
import { isSyncingInBackground, requestBackgroundSync } from '../background';
import { db } from '../db';
import { errorCauses, GraphRequestError } from '../graph/errors';
import { isGraphReachable } from '../graph/reachability';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { recountFolders, removeMessages, saveFolders, upsertMessages } from './cache';
import { screenHasList } from './first-page';
import { fetchDeltaPage, fetchFolders, WELL_KNOWN_FOLDERS } from './graph-mail';
import type { SyncStatusDto } from './types';

/*
 * Bringing the cache in line with the mailbox: the folder list, then each folder's messages through
 * Graph's per-folder delta query. The first round pages through everything (Inbox first, so it is usable
 * as soon as its first page is in); later rounds start from each folder's stored delta link and fetch only
 * what changed. Every path that may have missed a change ends here.
 */

const running = processSingleton('mailSyncs', () => new Map<string, Promise<void>>());
const watchers = processSingleton(
  'mailSyncWatchers',
  () => new Set<(userId: string, running: boolean) => void>(),
);

/** The round after the running one, per user: asked for while a round ran. */
const queued = processSingleton('mailSyncsQueued', () => new Map<string, Promise<void>>());

/**
 * Starts a sync round for the user, or, while one runs, one more round after it: a change made after the
 * running round passed its folder would otherwise wait for the next reason to sync. However many ask
 * meanwhile, one round follows. Resolves when the round that covers this request ends.
 */
export function syncMailbox(userId: string): Promise<void> {
  const current = running.get(userId);
  if (!current) return startRound(userId);
  let next = queued.get(userId);
  if (!next) {
    next = current
      .catch(() => {})
      .then(() => {
        queued.delete(userId);
        return startRound(userId);
      });
    queued.set(userId, next);
  }
  return next;
}

function startRound(userId: string): Promise<void> {
  const round = runSync(userId).finally(() => {
    running.delete(userId);
    for (const watch of watchers) watch(userId, false);
  });
  running.set(userId, round);
  for (const watch of watchers) watch(userId, true);
  return round;
}

/** Calls `watch` whenever a round starts or ends in this thread (the background worker reports them to the app). */
export function watchSyncs(watch: (userId: string, running: boolean) => void): void {
  watchers.add(watch);
}

export function isSyncing(userId: string): boolean {
  return running.has(userId) || isSyncingInBackground(userId);
}

async function setState(
  userId: string,
  data: {
    state?: string;
    folderName?: string | null;
    done?: number;
    total?: number;
    error?: string | null;
    startedAt?: Date;
    finishedAt?: Date | null;
  },
) {
  await db.mailSyncState.upsert({ where: { userId }, create: { userId, ...data }, update: data });
}

const order = (name: string | null) => {
  const index = WELL_KNOWN_FOLDERS.indexOf((name ?? '') as (typeof WELL_KNOWN_FOLDERS)[number]);
  return index === -1 ? WELL_KNOWN_FOLDERS.length : index;
};

/** The pause before a page Graph could not be reached for is asked again. */
const PAGE_RESUME_DELAY_MS = 2_000;

/**
 * One read of the round (the folder list, a delta page); when Graph could not be reached even after the
 * client's own retries, the same read is made once more after a pause (a page from the same link), so one
 * unlucky request on a poor connection does not throw away the pages a first sync of a large mailbox
 * already has. A second failure fails the round (Graph is down, not flaky); the next reason to sync starts
 * again.
 */
async function askAgainIfUnreachable<T>(userId: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof GraphRequestError && error.kind === 'unavailable')) throw error;
    logger.info('Graph not reachable for a sync read; asking again', { userId, what });
    await new Promise((resolve) => setTimeout(resolve, PAGE_RESUME_DELAY_MS));
    return read();
  }
}

async function forgetFolder(userId: string, folderGraphId: string): Promise<void> {
  logger.info('folder gone during a sync round; forgetting it', { userId });
  await db.$transaction([
    db.mailMessage.deleteMany({ where: { userId, folderGraphId } }),
    db.mailFolder.deleteMany({ where: { userId, graphId: folderGraphId } }),
  ]);
}

async function runSync(userId: string): Promise<void> {
  const startedAt = new Date();
  try {
    await setState(userId, {
      state: 'syncing',
      folderName: null,
      done: 0,
      total: 0,
      error: null,
      startedAt,
      finishedAt: null,
    });
    const graphFolders = await askAgainIfUnreachable(userId, 'folders', () => fetchFolders(userId));
    await saveFolders(userId, graphFolders);
    const folders = (await db.mailFolder.findMany({ where: { userId } })).sort(
      (a, b) => order(a.wellKnownName) - order(b.wellKnownName) || a.displayName.localeCompare(b.displayName),
    );
    const firstRound = folders.filter((f) => !f.deltaLink);
    const total = firstRound.reduce((sum, f) => sum + f.totalCount, 0);
    await setState(userId, { total });

    let done = 0;
    for (const folder of folders) {
      await setState(userId, { folderName: folder.displayName });
      let link = folder.deltaLink ?? undefined;
      for (;;) {
        const page = await askAgainIfUnreachable(userId, 'delta page', () =>
          fetchDeltaPage(userId, folder.graphId, link),
        ).catch((error: unknown) => {
          // Deleted for good (in Outlook, or from another tab) since the round read the folder list: the
          // folder and its cached mail go, and the round goes on with the others.
          if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
          throw error;
        });
        if (!page) {
          await forgetFolder(userId, folder.graphId);
          break;
        }
        await upsertMessages(userId, page.messages);
        await removeMessages(userId, page.removedIds, folder.graphId);
        if (!folder.deltaLink) {
          done += page.messages.length;
          await setState(userId, { done: Math.min(done, total) });
        }
        if (page.deltaLink) {
          await db.mailFolder.update({
            where: { id: folder.id },
            data: { deltaLink: page.deltaLink, syncedAt: new Date() },
          });
          break;
        }
        if (!page.nextLink) break;
        link = page.nextLink;
      }
    }
    await recountFolders(
      userId,
      folders.map((f) => f.graphId),
    );
    await setState(userId, { state: 'idle', folderName: null, done: total, finishedAt: new Date() });
    logger.info('mailbox synced', { userId, folders: folders.length, ms: Date.now() - startedAt.getTime() });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn('mailbox sync failed', { userId, error: message, cause: errorCauses(error) });
    await setState(userId, {
      state: 'failed',
      folderName: null,
      error: message,
      finishedAt: new Date(),
    }).catch(() => {});
    throw error;
  }
}

/** Where the person's sync stands, for the progress bar and the offline banner. */
export async function getSyncStatus(userId: string): Promise<SyncStatusDto> {
  const state = await db.mailSyncState.findUnique({ where: { userId } });
  return {
    state: isSyncing(userId) ? 'syncing' : state?.state === 'failed' ? 'failed' : 'idle',
    folderName: state?.folderName ?? null,
    done: state?.done ?? 0,
    total: state?.total ?? 0,
    finishedAt: state?.finishedAt?.toISOString() ?? null,
    error: state?.error ?? null,
    graphReachable: isGraphReachable(),
  };
}

/** Starts a sync round in the background (the first one fills the cache) and reports where it stands. */
export async function startSync(userId: string): Promise<SyncStatusDto> {
  // Asked by the mail screen once it has its first list: a sign-in's held-back write goes (first-page.ts).
  screenHasList(userId);
  // The round runs on after this request (on the background worker where one runs); failures are recorded
  // in the sync state the UI polls.
  if (!requestBackgroundSync(userId)) syncMailbox(userId).catch(() => {});
  return getSyncStatus(userId);
}
