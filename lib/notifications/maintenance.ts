import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { db } from '../db';
import { env } from '../env';
import { logger } from '../logger';
import { syncMailbox } from '../mail/sync';
import { publishMailboxChanged } from '../realtime/mail-events';
import { processQueue } from './processor';
import { pruneQueue } from './queue-prune';
import { ensureUserSubscription, renewDueSubscriptions, verifySubscriptions } from './subscription-manager';

/** Folders not brought up to date for this long get a delta round, whatever the notifications said. */
const RECONCILE_AFTER_MS = 15 * 60_000;

/** Whether a request carries `Authorization: Bearer <CRON_SECRET>`; always false while none is set. */
export function isCronAuthorized(request: Request): boolean {
  const secret = env.CRON_SECRET;
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!secret || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The periodic safety net: renew subscriptions past half their life, check each against Graph every 15
 * minutes (recreating lost ones and resyncing their mailboxes), process
 * anything left in the queue, prune what it finished long ago, and run delta rounds for mailboxes not synced recently, so a dropped
 * notification or a server that was down for hours still ends with the cache matching the mailbox.
 */
export async function runMaintenance(options: { reconcileAll?: boolean; now?: number } = {}) {
  const subscriptions = await renewDueSubscriptions();
  // Subscriptions Graph lost without telling us: recreated, and their mailboxes resynced below.
  const lost = await verifySubscriptions(options.now);
  const processed = await processQueue();
  const pruned = await pruneQueue(options.now);
  const cutoff = new Date((options.now ?? Date.now()) - (options.reconcileAll ? 0 : RECONCILE_AFTER_MS));
  const stale = await db.user.findMany({
    where: {
      accounts: { some: { provider: 'azure-ad', reauthRequiredAt: null } },
      OR: [
        { mailFolders: { none: {} } },
        { mailFolders: { some: { OR: [{ syncedAt: null }, { syncedAt: { lt: cutoff } }] } } },
      ],
    },
    select: { id: true },
  });
  for (const userId of lost) if (!stale.some((user) => user.id === userId)) stale.push({ id: userId });
  let reconciled = 0;
  for (const user of stale) {
    try {
      await ensureUserSubscription(user.id);
      await syncMailbox(user.id);
      await publishMailboxChanged(user.id, 'reconcile');
      reconciled += 1;
    } catch (error) {
      logger.warn('reconcile failed', { userId: user.id, error: String(error) });
    }
  }
  return { subscriptions: { ...subscriptions, lost: lost.length }, processed, pruned, reconciled };
}
