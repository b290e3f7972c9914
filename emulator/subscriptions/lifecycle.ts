import { REAUTHORIZE_LEAD_MS, REAUTHORIZE_LEAD_RATIO } from './policy';
import type { LifecycleEvent, LifecycleNotificationItem, Subscription } from './types';

export function lifecycleItem(
  subscription: Subscription,
  event: LifecycleEvent,
  tenantId: string,
): LifecycleNotificationItem {
  return {
    subscriptionId: subscription.id,
    subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
    tenantId,
    clientState: subscription.clientState,
    lifecycleEvent: event,
    resource: subscription.resource,
    organizationId: tenantId,
  };
}

/** Wall-clock ms at which the token behind a subscription is challenged with reauthorizationRequired. */
export function reauthorizationDueAt(subscription: Subscription): number {
  const lifetime = Math.max(0, subscription.tokenExpiresAt - subscription.tokenIssuedAt);
  const lead = Math.min(REAUTHORIZE_LEAD_MS, lifetime * REAUTHORIZE_LEAD_RATIO);
  return subscription.tokenExpiresAt - lead;
}

/**
 * One wall-clock timer per subscription (token expiry, like subscription expiry, is an absolute time the
 * client reads from its own clock). Re-armed whenever the subscription is renewed or reauthorized.
 */
export class WallTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  set(key: string, at: number, fn: () => void): void {
    this.cancel(key);
    // setTimeout holds at most ~24.8 days; subscriptions last at most 7.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  cancelMatching(prefix: string): void {
    for (const key of [...this.timers.keys()]) if (key.startsWith(prefix)) this.cancel(key);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
