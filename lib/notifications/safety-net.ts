import 'server-only';
import { env } from '../env';

/*
 * The bound on a change Graph never announced (a silently dropped notification, a subscription Graph lost
 * without a lifecycle event): SAFETY_NET_MINUTES, 15 by default. Maintenance runs every third of it
 * (`everyMs`); a mailbox not brought up to date, or a subscription not checked against Graph, for the rest of
 * it (`dueAfterMs`) is brought up to date or checked. So whatever went unannounced is in the cache at most
 * one bound later: it is due within `dueAfterMs`, and the next maintenance, at most `everyMs` away, acts on
 * it. A twentieth of the bound is kept back from `dueAfterMs` so that a timer firing a little early or a
 * round stamping its time a little late does not push a mailbox to the maintenance after.
 */
export function safetyNet(minutes = env.SAFETY_NET_MINUTES) {
  const boundMs = minutes * 60_000;
  const everyMs = Math.round(boundMs / 3);
  return { boundMs, everyMs, dueAfterMs: boundMs - everyMs - Math.round(boundMs / 20) };
}
