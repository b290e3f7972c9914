import 'server-only';
import { randomUUID } from 'node:crypto';
import { db } from '../db';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';

/*
 * Group commit for the notification queue. Concurrent webhook requests hand their rows to one writer, which
 * stores them with one multi-row INSERT … ON CONFLICT DO NOTHING; each request's promise settles only when
 * the statement holding its rows has committed (or failed, and then every request in it fails). Rows
 * arriving while a statement runs wait for the next one, so under load a statement carries many requests
 * and the database sees a few statements per second instead of one transaction per request.
 *
 * Bookkeeping that Graph does not wait for (the subscriptions' lastNotificationAt) is written later, in
 * one statement every few seconds.
 */

export interface QueueRow {
  idempotencyKey: string;
  kind: 'change' | 'lifecycle';
  userId: string;
  subscriptionId: string;
  changeType?: string | null;
  messageId?: string | null;
  lifecycleEvent?: string | null;
  /** A rich notification's encryptedContent, as JSON (lib/notifications/rich.ts). */
  resourceData?: string | null;
}

const COLUMNS = [
  'id',
  'idempotencyKey',
  'kind',
  'userId',
  'subscriptionId',
  'changeType',
  'messageId',
  'lifecycleEvent',
  'resourceData',
] as const;
/** Rows that make a statement worth sending at once instead of waiting for the next tick. */
const MAX_ROWS = 1000;
/** Statements in flight at a time; rows arriving meanwhile wait for the next one. */
const MAX_IN_FLIGHT = 2;
const ACTIVITY_FLUSH_MS = 5000;

interface Waiter {
  rows: QueueRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Statements and rows sent so far in this process (tests and the bench read them). */
export const counters = processSingleton('queueWriterCounters', () => ({ statements: 0, rows: 0 }));

const state = processSingleton('queueWriter', () => ({
  waiting: [] as Waiter[],
  waitingRows: 0,
  inFlight: 0,
  scheduled: false,
  activity: new Set<string>(),
  activityTimer: null as NodeJS.Timeout | null,
}));

/** Resolves once `rows` are committed to the queue (duplicates of stored rows count as stored). */
export function enqueueRows(rows: QueueRow[]): Promise<void> {
  if (!rows.length) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    state.waiting.push({ rows, resolve, reject });
    state.waitingRows += rows.length;
    if (state.waitingRows >= MAX_ROWS) flush();
    else if (!state.scheduled) {
      state.scheduled = true;
      // Requests read in the same turn of the event loop share a statement.
      setImmediate(() => {
        state.scheduled = false;
        flush();
      });
    }
  });
}

function flush(): void {
  while (state.waiting.length && state.inFlight < MAX_IN_FLIGHT) {
    const batch: Waiter[] = [];
    let count = 0;
    while (state.waiting.length && count < MAX_ROWS) {
      const next = state.waiting.shift() as Waiter;
      batch.push(next);
      count += next.rows.length;
    }
    state.waitingRows -= count;
    state.inFlight += 1;
    insertBatch(batch).finally(() => {
      state.inFlight -= 1;
      flush();
      scheduleActivity();
    });
  }
}

/**
 * Stores a batch; when its statement fails and it holds several requests, each is tried again alone, so
 * one request the database refuses (a NUL byte in an id, say) cannot fail the others with it.
 */
async function insertBatch(batch: Waiter[]): Promise<void> {
  const settle = (w: Waiter, error?: unknown) => {
    if (error !== undefined) return w.reject(error);
    for (const row of w.rows) state.activity.add(row.subscriptionId);
    w.resolve();
  };
  try {
    await insert(batch.flatMap((w) => w.rows));
    for (const w of batch) settle(w);
  } catch (error) {
    if (batch.length === 1) return settle(batch[0] as Waiter, error);
    await Promise.all(
      batch.map((w) =>
        insert(w.rows).then(
          () => settle(w),
          (alone: unknown) => settle(w, alone),
        ),
      ),
    );
  }
}

async function insert(rows: QueueRow[]): Promise<void> {
  counters.statements += 1;
  counters.rows += rows.length;
  const values: (string | null)[] = [];
  const tuples = rows.map((row) => {
    const base = values.length;
    values.push(
      randomUUID(),
      row.idempotencyKey,
      row.kind,
      row.userId,
      row.subscriptionId,
      row.changeType ?? null,
      row.messageId ?? null,
      row.lifecycleEvent ?? null,
      row.resourceData ?? null,
    );
    return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await db.$executeRawUnsafe(
    `INSERT INTO "NotificationQueue" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ` +
      'ON CONFLICT ("idempotencyKey") DO NOTHING',
    ...values,
  );
}

function scheduleActivity(): void {
  if (state.activityTimer || !state.activity.size) return;
  state.activityTimer = setTimeout(() => {
    state.activityTimer = null;
    flushActivity().catch((error: unknown) =>
      logger.warn('could not record subscription activity', { error: String(error) }),
    );
  }, ACTIVITY_FLUSH_MS);
  state.activityTimer.unref();
}

/** Writes lastNotificationAt for the subscriptions that received notifications since the last write. */
export async function flushActivity(now = new Date()): Promise<void> {
  const ids = [...state.activity];
  state.activity.clear();
  if (!ids.length) return;
  await db.graphSubscription.updateMany({
    where: { graphId: { in: ids } },
    data: { lastNotificationAt: now },
  });
}
