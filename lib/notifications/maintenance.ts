import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { db } from '../db';
import { env } from '../env';
import { logger } from '../logger';
import { pruneIdempotentRequests } from '../mail/idempotency';
import { syncMailbox } from '../mail/sync';
import { publishMailboxChanged } from '../realtime/mail-events';
import { removeEndedCertificates } from './certificate';
import { processQueue } from './processor';
import { pruneQueue } from './queue-prune';
import { safetyNet } from './safety-net';
import { ensureUserSubscription, renewDueSubscriptions, verifySubscriptions } from './subscription-manager';

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
 * The periodic safety net (its bound: safety-net.ts): renew subscriptions past half their life, check each
 * against Graph (recreating lost ones and resyncing their mailboxes), process anything left in the queue,
 * prune what it finished long ago, week-old idempotency keys and ended certificates, and run delta rounds
 * for mailboxes not synced recently, so a dropped notification or a server that was down for hours still
 * ends with the cache matching the mailbox.
 */
export async function runMaintenance(options: { reconcileAll?: boolean; now?: number } = {}) {
  const subscriptions = await renewDueSubscriptions();
  // Subscriptions Graph lost without telling us: recreated, and their mailboxes resynced below.
  const lost = await verifySubscriptions(options.now);
  const processed = await processQueue();
  const pruned = await pruneQueue(options.now);
  const prunedRequests = await pruneIdempotentRequests(options.now);
  // Rich-notification certificates past their end: no subscription can still deliver with them.
  const endedCertificates = await removeEndedCertificates(new Date(options.now ?? Date.now()));
  // Folders not brought up to date for a while get a delta round, whatever the notifications said.
  const cutoff = new Date((options.now ?? Date.now()) - (options.reconcileAll ? 0 : safetyNet().dueAfterMs));
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
  return {
    subscriptions: { ...subscriptions, lost: lost.length },
    processed,
    pruned,
    prunedRequests,
    endedCertificates,
    reconciled,
  };
}
