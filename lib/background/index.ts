import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { connectPgliteHost, pgliteHostRunning } from '../database/pglite-host';
import { recordGraphSuccess, recordGraphUnreachable } from '../graph/reachability';
import { logger } from '../logger';
import type { RichCounts } from '../notifications/rich';
import { processSingleton } from '../process-singleton';
import type { BackgroundData, FromWorker, ToWorker } from './protocol';

/*
 * On a long-running Node host, queue processing, mailbox syncs, the sweeper and maintenance run on a worker
 * thread of their own (worker.ts), so the event loop that answers webhooks and pages does only that: a
 * burst of notifications or a first sync of 100,000 messages can't push an answer past Graph's 3 s. The
 * answer path tells the worker there is work (`kickQueue`); the worker also sweeps every 10 s, so a lost
 * kick costs seconds, not mail. Where no worker runs (Vercel, tests), callers run the work in process.
 *
 * The worker is a prebuilt bundle (scripts/build-workers.ts), found from the working directory.
 */

export const BACKGROUND_WORKER_FILE = path.join(
  /* turbopackIgnore: true */ process.cwd(),
  'dist',
  'workers',
  'background.mjs',
);
const RESTART_MS = 1_000;

const state = processSingleton('background', () => ({
  worker: null as Worker | null,
  syncing: new Set<string>(),
  stopping: false,
  /** Messages the worker could not store in the cache (lib/mail/cache.ts counts them there). */
  skippedMessages: 0,
  /** What the worker's processor did with rich notifications' data (lib/notifications/rich.ts). */
  richCounts: { applied: 0, fellBack: {} } as RichCounts,
}));

function spawn(): Worker {
  const pglitePort = pgliteHostRunning() ? connectPgliteHost('background') : undefined;
  const worker = new Worker(BACKGROUND_WORKER_FILE, {
    workerData: { pglitePort } satisfies BackgroundData,
    transferList: pglitePort ? [pglitePort] : [],
  });
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'sync-state') {
      if (message.running) state.syncing.add(message.userId);
      else state.syncing.delete(message.userId);
    } else if (message.type === 'graph-reachable') {
      if (message.reachable) recordGraphSuccess();
      else recordGraphUnreachable();
    } else if (message.type === 'skipped-messages') {
      state.skippedMessages = message.count;
    } else if (message.type === 'rich-counts') {
      state.richCounts = message.counts;
    }
  });
  worker.on('error', (error) => logger.error('background worker failed', { error: error.message }));
  worker.on('exit', (code) => {
    state.worker = null;
    state.syncing.clear();
    if (state.stopping) return;
    // Claimed rows are claimed again after the stale-claim time, or at once by the new worker's start.
    logger.warn('background worker stopped; starting another', { code });
    setTimeout(() => {
      if (!state.stopping && !state.worker) state.worker = spawn();
    }, RESTART_MS).unref();
  });
  worker.unref();
  return worker;
}

/** Starts the background worker (once per process). */
export function startBackgroundWorker(): void {
  if (state.worker) return;
  if (!existsSync(BACKGROUND_WORKER_FILE)) {
    throw new Error(
      `The background worker's code is missing at ${BACKGROUND_WORKER_FILE}. ` +
        'Run `npm run build:workers` (part of `npm install` and `npm run build`) in the app directory.',
    );
  }
  state.worker = spawn();
}

function post(message: ToWorker): boolean {
  if (!state.worker) return false;
  state.worker.postMessage(message);
  return true;
}

/** Tells the background worker the queue has new rows; false when there is no worker to tell. */
export function kickQueue(): boolean {
  return post({ type: 'process' });
}

/** Asks the background worker for a sync round of the mailbox; false when there is no worker. */
export function requestBackgroundSync(userId: string): boolean {
  const posted = post({ type: 'sync', userId });
  // Counted as running from the request on, so the status the client polls next already says so.
  if (posted) state.syncing.add(userId);
  return posted;
}

export function isSyncingInBackground(userId: string): boolean {
  return state.syncing.has(userId);
}

export function backgroundWorkerRunning(): boolean {
  return state.worker !== null;
}

export function skippedMessagesInBackground(): number {
  return state.skippedMessages;
}

export function richCountsInBackground(): RichCounts {
  return state.richCounts;
}
