import 'server-only';
import { richCountsInBackground, skippedMessagesInBackground } from './background';
import { db } from './db';
import { env } from './env';
import { isGraphReachable } from './graph/reachability';
import { skippedMessageCount } from './mail/cache';
import { addRichCounts, type RichCounts, richCounts } from './notifications/rich';
import { webhookStats } from './notifications/stats';
import { processSingleton } from './process-singleton';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { reachable: boolean; latencyMs: number | null };
  graphReachable: boolean;
  subscriptions: { count: number; earliestExpiry: string | null; lastNotificationAt: string | null } | null;
  queue: { depth: number; failed: number; oldestPendingAgeSeconds: number | null } | null;
  webhooks: ReturnType<typeof webhookStats>;
  /** Messages this process could not store in the cache (each logged with its id) since it started. */
  skippedMessages: number;
  /**
   * Rich notifications (RICH_NOTIFICATIONS): changes applied from the message a notification carried, and
   * those whose data was refused (by why: a validation token, its shape, an unknown or ended certificate,
   * the key, the signature, the cipher, the message inside), each read from Graph instead.
   */
  richNotifications: { setting: 'on' | 'off' } & RichCounts;
}

/**
 * Subscriptions that cannot be delivering: marked lost by the check against Graph (and not recreated yet),
 * or past their expiry (renewal failed). New mail would reach the cache only by the periodic resync.
 */
async function brokenSubscriptions(): Promise<number> {
  const [row] = await db.$queryRaw<{ broken: number }[]>`
    SELECT count(*)::int AS broken FROM "GraphSubscription"
    WHERE status = 'lost' OR "expiresAt" < (now() AT TIME ZONE 'UTC')`;
  return row?.broken ?? 0;
}

/** How long a database answer stands for the public status: monitors poll often, under load too. */
const STATUS_FRESH_MS = 1_000;
const status = processSingleton('healthStatus', () => ({
  checkedAt: -Infinity,
  value: 'ok' as HealthReport['status'],
  pending: null as Promise<HealthReport['status']> | null,
}));

/**
 * What anyone may learn: whether the app can serve (its database answers) and hears about new mail (no
 * subscription lost or expired). One cheap query at most once a second, shared by the requests that
 * arrive meanwhile, so polling the status adds no load and never waits behind the database's queue more
 * than once per second.
 */
export function checkStatus(): Promise<HealthReport['status']> {
  if (performance.now() - status.checkedAt < STATUS_FRESH_MS) return Promise.resolve(status.value);
  status.pending ??= brokenSubscriptions()
    .then(
      (broken) => (broken > 0 ? ('degraded' as const) : ('ok' as const)),
      () => 'degraded' as const,
    )
    .then((value) => {
      status.value = value;
      status.checkedAt = performance.now();
      status.pending = null;
      return value;
    });
  return status.pending;
}

/** What an operator needs to know (behind CRON_SECRET); never secrets, never anyone's mail. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  const webhooks = webhookStats();
  const skippedMessages = skippedMessageCount() + skippedMessagesInBackground();
  const richNotifications = {
    setting: env.RICH_NOTIFICATIONS,
    ...addRichCounts(richCounts(), richCountsInBackground()),
  };
  try {
    await db.$queryRaw`SELECT 1`;
    const latencyMs = Math.round(performance.now() - started);
    const [broken, subs, depth, failed, oldest] = await Promise.all([
      brokenSubscriptions(),
      db.graphSubscription.aggregate({
        _count: true,
        _min: { expiresAt: true },
        _max: { lastNotificationAt: true },
      }),
      db.notificationQueue.count({ where: { status: { in: ['pending', 'processing'] } } }),
      db.notificationQueue.count({ where: { status: 'failed' } }),
      db.notificationQueue.findFirst({
        where: { status: 'pending' },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      }),
    ]);
    return {
      // The same rule as the public status: a lost or expired subscription means mail is not heard of.
      status: broken > 0 ? 'degraded' : 'ok',
      database: { reachable: true, latencyMs },
      graphReachable: isGraphReachable(),
      subscriptions: {
        count: subs._count,
        earliestExpiry: subs._min.expiresAt?.toISOString() ?? null,
        lastNotificationAt: subs._max.lastNotificationAt?.toISOString() ?? null,
      },
      queue: {
        depth,
        failed,
        oldestPendingAgeSeconds: oldest ? Math.round((Date.now() - oldest.createdAt.getTime()) / 1000) : null,
      },
      webhooks,
      skippedMessages,
      richNotifications,
    };
  } catch {
    return {
      status: 'degraded',
      database: { reachable: false, latencyMs: null },
      graphReachable: isGraphReachable(),
      subscriptions: null,
      queue: null,
      webhooks,
      skippedMessages,
      richNotifications,
    };
  }
}
