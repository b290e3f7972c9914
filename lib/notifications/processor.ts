import 'server-only';
import { db } from '../db';
import { runBatched } from '../graph/batch';
import { graphClientFor } from '../graph/client';
import { errorCauses, ReauthRequiredError } from '../graph/errors';
import { logger } from '../logger';
import { recountFolders, removeMessages, upsertMessages } from '../mail/cache';
import { type GraphMessage, graphMessageSchema, MESSAGE_FIELDS } from '../mail/graph-mail';
import { syncMailbox } from '../mail/sync';
import { processSingleton } from '../process-singleton';
import { publishMailboxChanged, publishMailChanges } from '../realtime/mail-events';
import { countRichApplied, countRichFallback, openResourceData } from './rich';
import { createUserSubscription, reauthorizeUserSubscription } from './subscription-manager';

/*
 * Turns queued notifications into cache updates. Runs right after a webhook answer and from the sweeper,
 * so a crash between answering Graph and processing loses nothing. Rows are claimed with SKIP LOCKED, so
 * several app instances on one PostgreSQL can share the queue.
 */

const CLAIM_BATCH = 1000;
/*
 * A row that keeps failing (Graph down, throttled for long) is tried again with exponential backoff capped
 * at 15 minutes, for as long as Graph itself retries a delivery: 4 hours from the notification's arrival.
 * Then the row is given up and the mailbox gets a delta round, which picks up whatever the row was about
 * (maintenance also reconciles every mailbox not synced for 15 minutes, so nothing rests on this one call).
 */
const MAX_BACKOFF_MS = 15 * 60_000;
export const GIVE_UP_AFTER_MS = 4 * 60 * 60_000;
/** How long notifications that arrive during a round gather before the next round claims them. */
const GATHER_MS = 50;
/** A row claimed this long ago by a process that never finished it is claimed again. */
const STALE_CLAIM_MS = 5 * 60_000;

interface Claimed {
  id: string;
  kind: string;
  userId: string;
  subscriptionId: string;
  changeType: string | null;
  messageId: string | null;
  lifecycleEvent: string | null;
  resourceData: string | null;
  attempts: number;
  createdAt: Date;
}

const running = processSingleton('queueProcessing', () => ({
  current: null as Promise<number> | null,
  again: false,
}));

/** Processes everything pending; concurrent calls in one process share the run (and trigger one more). */
export function processQueue(): Promise<number> {
  if (running.current) {
    running.again = true;
    return running.current;
  }
  running.current = (async () => {
    let total = 0;
    for (;;) {
      running.again = false;
      for (let claimed = await claim(); claimed.length; claimed = await claim())
        total += await processClaimed(claimed);
      if (!running.again) break;
      // More arrived while this round ran: notifications are streaming in. Letting them gather for a
      // moment makes the next claim take them in one statement instead of a few rows per statement, which
      // on the embedded database is time the webhook answers wait for. A mail after a quiet spell still
      // starts a round at once.
      await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    }
    return total;
  })().finally(() => {
    running.current = null;
  });
  return running.current;
}

/**
 * At start-up on the embedded database, this process is the only one that can have the queue open, so any
 * row still marked processing was claimed by a process that died (killed mid-change): claim it again now
 * rather than after STALE_CLAIM_MS.
 */
export async function releaseClaimsOfDeadProcesses(): Promise<number> {
  return db.notificationQueue
    .updateMany({ where: { status: 'processing' }, data: { status: 'pending', claimedAt: null } })
    .then((r) => r.count);
}

/** Claims up to CLAIM_BATCH due rows; `client` is the app's database unless a test brings its own. */
export async function claim(client: Pick<typeof db, '$queryRaw'> = db): Promise<Claimed[]> {
  return client.$queryRaw<Claimed[]>`
    UPDATE "NotificationQueue" SET status = 'processing', "claimedAt" = now(), attempts = attempts + 1,
      -- A lifecycle row frees its key once claimed: the next event of its kind queues a row of its own.
      "idempotencyKey" = CASE WHEN kind = 'lifecycle' AND "idempotencyKey" LIKE '%:waiting'
        THEN "idempotencyKey" || ':' || id ELSE "idempotencyKey" END
    WHERE id IN (
      SELECT id FROM "NotificationQueue"
      WHERE (status = 'pending' AND "nextAttemptAt" <= now())
         OR (status = 'processing' AND "claimedAt" < now() - ${`${STALE_CLAIM_MS} milliseconds`}::interval)
      ORDER BY "createdAt" LIMIT ${CLAIM_BATCH}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, "userId", "subscriptionId", "changeType", "messageId", "lifecycleEvent",
      "resourceData", attempts, "createdAt"`;
}

async function processClaimed(rows: Claimed[]): Promise<number> {
  const byUser = new Map<string, Claimed[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  let done = 0;
  for (const [userId, userRows] of byUser) {
    try {
      await processForUser(userId, userRows);
      await db.notificationQueue.updateMany({
        where: { id: { in: userRows.map((r) => r.id) } },
        data: { status: 'done', processedAt: new Date(), lastError: null },
      });
      done += userRows.length;
    } catch (error) {
      await failRows(userRows, error);
    }
  }
  return done;
}

/** The wait before a failed row's next attempt: 2, 4, 8 … seconds, at most 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(2 ** Math.min(attempts, 20) * 1000, MAX_BACKOFF_MS);
}

async function failRows(rows: Claimed[], error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  // Without a valid sign-in no retry can succeed; the rows wait as failed and a resync follows sign-in.
  const permanent = error instanceof ReauthRequiredError;
  // One statement per attempt count (and outcome), not per row: a burst for one mailbox can be a thousand
  // rows, and on the embedded database every statement waits its turn with the webhook answers.
  const now = Date.now();
  const groups = new Map<string, { attempts: number; giveUp: boolean; rows: Claimed[] }>();
  for (const row of rows) {
    const giveUp = permanent || now - new Date(row.createdAt).getTime() >= GIVE_UP_AFTER_MS;
    const key = `${row.attempts}:${giveUp}`;
    const group = groups.get(key) ?? { attempts: row.attempts, giveUp, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  let gaveUp = 0;
  for (const { attempts, giveUp, rows: group } of groups.values()) {
    if (giveUp && !permanent) gaveUp += group.length;
    await db.notificationQueue.updateMany({
      where: { id: { in: group.map((row) => row.id) } },
      data: {
        status: giveUp ? 'failed' : 'pending',
        lastError: message.slice(0, 500),
        nextAttemptAt: new Date(now + backoffMs(attempts)),
      },
    });
  }
  if (gaveUp) {
    const userId = rows[0]?.userId as string;
    logger.error('notifications given up after 4 hours; resyncing the mailbox', { userId, rows: gaveUp });
    syncMailbox(userId).catch(() => {}); // its failure is recorded in the sync state; maintenance retries
  }
  logger.warn('notification processing failed', {
    userId: rows[0]?.userId,
    rows: rows.length,
    error: message,
    cause: errorCauses(error),
  });
}

async function processForUser(userId: string, rows: Claimed[]): Promise<void> {
  let resync = false;
  for (const row of rows.filter((r) => r.kind === 'lifecycle')) {
    if (row.lifecycleEvent === 'reauthorizationRequired')
      await reauthorizeUserSubscription(userId, row.subscriptionId);
    if (row.lifecycleEvent === 'subscriptionRemoved') {
      await createUserSubscription(userId);
      resync = true;
    }
    if (row.lifecycleEvent === 'missed') resync = true;
  }

  // The last change per message wins: created then deleted is a deletion, updated twice is one fetch.
  const latest = new Map<string, string>();
  const sealed = new Map<string, string | null>();
  for (const row of rows)
    if (row.kind === 'change' && row.messageId) {
      latest.set(row.messageId, row.changeType ?? 'updated');
      sealed.set(row.messageId, row.resourceData);
    }
  const deleted = [...latest].filter(([, type]) => type === 'deleted').map(([id]) => id);
  const changed = [...latest].filter(([, type]) => type !== 'deleted').map(([id]) => id);

  // A rich notification holds the message itself (rich.ts): applied as it is, with no Graph request. What
  // does not open is read from Graph like a plain notification's message.
  const opened: GraphMessage[] = [];
  const toFetch: string[] = [];
  for (const id of changed) {
    const data = sealed.get(id);
    const message = data ? await openResourceData(data, id) : null;
    if (message && typeof message !== 'string') opened.push(message);
    else {
      if (message) countRichFallback(message);
      toFetch.push(id);
    }
  }

  // Fetching changed messages costs one $batch per 20; a delta round costs about one request per folder.
  // Whichever is fewer requests wins, so a burst of thousands of changes stays cheap.
  const folderCount = await db.mailFolder.count({ where: { userId } });
  if (resync || Math.ceil(toFetch.length / 20) > folderCount + 2) {
    await removeMessages(userId, deleted);
    await syncMailbox(userId);
    await publishMailboxChanged(userId, resync ? 'resync' : 'burst');
    return;
  }
  const folders = new Set<string>();
  const before = await db.mailMessage.findMany({
    where: { userId, graphId: { in: [...latest.keys()] } },
    select: { graphId: true, folderGraphId: true },
  });
  const folderBefore = new Map(before.map((row) => [row.graphId, row.folderGraphId]));
  for (const row of before) folders.add(row.folderGraphId);
  await removeMessages(userId, deleted);
  const fetched = [...opened];
  if (toFetch.length) {
    const responses = await runBatched(
      graphClientFor(userId),
      userId,
      toFetch.map((id) => ({
        id,
        method: 'GET' as const,
        url: `/me/messages/${id}?$select=${MESSAGE_FIELDS}`,
      })),
    );
    const gone: string[] = [];
    for (const [id, response] of responses) {
      const parsed = graphMessageSchema.safeParse(response.body);
      if (response.status === 200 && parsed.success) fetched.push(parsed.data);
      // A message gone by the time we fetch it has been deleted.
      else if (response.status === 404) gone.push(id);
      else throw new Error(`fetching changed message failed with HTTP ${response.status}`);
    }
    await removeMessages(userId, gone);
    deleted.push(...gone);
  }
  if (fetched.length) {
    await upsertMessages(userId, fetched);
    for (const message of fetched) folders.add(message.parentFolderId);
  }
  countRichApplied(opened.length);
  await recountFolders(userId, [...folders]);
  // After the commit: tell the person's open tabs.
  await publishMailChanges(userId, {
    created: changed.filter((id) => latest.get(id) === 'created' && !folderBefore.has(id)),
    updated: changed.filter((id) => latest.get(id) !== 'created' || folderBefore.has(id)),
    deleted: deleted.flatMap((id) => {
      const folderId = folderBefore.get(id);
      return folderId ? [{ id, folderId }] : [];
    }),
    folders: [...folders],
  });
}
