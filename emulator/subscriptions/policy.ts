import type { SubscriptionTiming } from './types';

/*
 * The numbers behind Graph's documented delivery behaviour ("Receive change notifications through
 * webhooks"). Durations marked "scaled" run on ctx.clock, so timeScale compresses them in tests.
 */

/** Outlook message subscriptions: 7 days without resource data, 1 day with it. */
export const MAX_EXPIRY_MINUTES = 10_080;
export const MAX_EXPIRY_MINUTES_WITH_RESOURCE_DATA = 1_440;
export const MAX_CLIENT_STATE_LENGTH = 128;

/** Scaled. First retry one minute after a failed attempt, doubling, at most an hour apart. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_GAP_MS = 60 * 60_000;
/** Scaled. Graph gives up on a notification four hours after the first attempt. */
export const RETRY_WINDOW_MS = 4 * 60 * 60_000;

/** Scaled. Endpoint health is judged over the responses of the last ten minutes. */
export const HEALTH_WINDOW_MS = 10 * 60_000;
/**
 * Fewer responses than this in the window say nothing about an endpoint: one slow answer out of one would
 * otherwise put a fresh endpoint straight into "drop".
 */
export const HEALTH_MIN_SAMPLES = 5;
export const SLOW_RATIO = 0.1;
export const DROP_RATIO = 0.15;
/** Scaled. New notifications to a "slow" endpoint wait this long before they are sent. */
export const SLOW_DELAY_MS = 10_000;

/**
 * Wall clock, like the token's own expiry. reauthorizationRequired goes out when the token has
 * min(5 minutes, 10% of its lifetime) left: a one-hour token is challenged 5 minutes early, a 2-second
 * test token 0.2 s early.
 */
export const REAUTHORIZE_LEAD_MS = 5 * 60_000;
export const REAUTHORIZE_LEAD_RATIO = 0.1;

/** Keep the delivery log bounded in long dev sessions. */
export const DELIVERY_LOG_LIMIT = 5_000;

const timing: SubscriptionTiming = { validationTimeoutMs: 10_000, responseBudgetMs: 3_000 };

export function subscriptionTiming(): Readonly<SubscriptionTiming> {
  return timing;
}

/**
 * Test seam: real-time limits cannot be compressed by timeScale, and a test should not wait 10 s for a
 * handshake timeout. Returns a function that restores the documented values.
 */
export function setSubscriptionTimingForTests(overrides: Partial<SubscriptionTiming>): () => void {
  const previous = { ...timing };
  Object.assign(timing, overrides);
  return () => {
    Object.assign(timing, previous);
  };
}
