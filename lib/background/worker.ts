/*
 * The background worker's entry (started by lib/background/index.ts, bundled by scripts/build-workers.ts):
 * queue processing, mailbox syncs, the sweeper and maintenance, on a thread apart from the event loop that
 * answers requests. On PostgreSQL it has a connection pool of its own, smaller than the app's; on the
 * embedded database it reaches the database thread in the background lane, behind the answers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachPgliteThread, setPostgresPoolSize } from '../database/adapter';
import { isGraphReachable } from '../graph/reachability';
import { logger } from '../logger';
import { skippedMessageCount } from '../mail/cache';
import { syncMailbox, watchSyncs } from '../mail/sync';
import { processQueue } from '../notifications/processor';
import { richCounts } from '../notifications/rich';
import { startScheduler } from '../notifications/scheduler';
import type { BackgroundData, FromWorker, ToWorker } from './protocol';

const BACKGROUND_POOL_SIZE = 3;
const REACHABILITY_CHECK_MS = 1_000;

const data = workerData as BackgroundData;
if (data.pglitePort) attachPgliteThread(data.pglitePort);
else setPostgresPoolSize(BACKGROUND_POOL_SIZE);

const tell = (message: FromWorker) => parentPort?.postMessage(message);

parentPort?.on('message', (message: ToWorker) => {
  if (message.type === 'process') {
    void processQueue().catch((error: unknown) =>
      logger.error('queue processing failed', { error: String(error) }),
    );
  } else if (message.type === 'sync') {
    // Failures are recorded in the sync state the client polls.
    syncMailbox(message.userId).catch(() => {});
  }
});

// Every round, asked for or started here (a `missed` event, maintenance), shows as syncing in the app.
watchSyncs((userId, running) => tell({ type: 'sync-state', userId, running }));

// Graph calls made here tell the app's "Microsoft 365 can't be reached" banner too, and the messages the
// cache could not store here count in the operator health: each is reported when it changes.
let reachable = isGraphReachable();
let skipped = skippedMessageCount();
let rich = JSON.stringify(richCounts());
setInterval(() => {
  const nowReachable = isGraphReachable();
  if (nowReachable !== reachable) tell({ type: 'graph-reachable', reachable: nowReachable });
  reachable = nowReachable;
  const nowSkipped = skippedMessageCount();
  if (nowSkipped !== skipped) tell({ type: 'skipped-messages', count: nowSkipped });
  skipped = nowSkipped;
  const nowRich = richCounts();
  if (JSON.stringify(nowRich) !== rich) tell({ type: 'rich-counts', counts: nowRich });
  rich = JSON.stringify(nowRich);
}, REACHABILITY_CHECK_MS).unref();

startScheduler();
