import 'server-only';
import { env } from '../env';

/*
 * The bound on a change Graph never announced (a silently dropped notification, a subscription Graph lost
 * without a lifecycle event): SAFETY_NET_MINUTES, 15 by default. Maintenance runs every third of it; a
 * mailbox not brought up to date for the rest of it gets a delta round, and a subscription not checked
 * against Graph for as long is checked. So whatever went unannounced at any moment is in the cache at most
 * one bound later: it becomes due within (bound − interval), and the next maintenance, at most one interval
 * away, acts on it.
 */
export function safetyNet(minutes = env.SAFETY_NET_MINUTES) {
  const boundMs = minutes * 60_000;
  const everyMs = Math.round(boundMs / 3);
  return { boundMs, everyMs, dueAfterMs: boundMs - everyMs };
}
