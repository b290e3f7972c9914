import type { MessagePort } from 'node:worker_threads';
import type { RichCounts } from '../notifications/rich';

/* Messages between the app's event loop (lib/background/index.ts) and its background worker (worker.ts). */

export interface BackgroundData {
  /** A port to the database thread when the database is embedded (PGlite). */
  pglitePort?: MessagePort;
}

export type ToWorker = { type: 'process' } | { type: 'sync'; userId: string };

export type FromWorker =
  | { type: 'sync-state'; userId: string; running: boolean }
  | { type: 'graph-reachable'; reachable: boolean }
  | { type: 'skipped-messages'; count: number }
  | { type: 'rich-counts'; counts: RichCounts };
