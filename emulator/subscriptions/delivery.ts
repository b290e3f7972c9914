import type { Clock } from '../clock';
import type { DeliveryLog } from './delivery-log';
import type { HealthTracker } from './health';
import {
  RETRY_BASE_MS,
  RETRY_MAX_GAP_MS,
  RETRY_WINDOW_MS,
  SLOW_DELAY_MS,
  subscriptionTiming,
} from './policy';
import type { ChangeNotificationItem, LifecycleNotificationItem } from './types';
import { describe } from './validation';

type Batch =
  | {
      kind: 'notification';
      url: string;
      items: ChangeNotificationItem[];
      attempt: number;
      firstAt: number | null;
    }
  | {
      kind: 'lifecycle';
      url: string;
      items: LifecycleNotificationItem[];
      attempt: number;
      firstAt: number | null;
    };

export interface DeliveryHooks {
  /** False once a subscription expired or was deleted: its queued notifications are not sent. */
  isLive(subscriptionId: string): boolean;
  /** Change notifications of these subscriptions were dropped; the owner sends `missed`. */
  onDropped(subscriptionIds: string[]): void;
  /** Validation tokens for a delivery that carries resource data (one per app and tenant). */
  validationTokens?(subscriptionIds: string[]): Promise<string[]>;
}

/** The most change notifications one delivery carries (about 0.5 MB of JSON with resource data). */
export const MAX_BATCH_ITEMS = 1_000;

interface PostResult {
  status: number | null;
  error: string | null;
  latencyMs: number;
  /** The endpoint answered (or ran out of time) — a response that counts toward endpoint health. */
  responded: boolean;
  slow: boolean;
}

/**
 * Webhook delivery: gathers change notifications per notificationUrl for the batch window, POSTs them,
 * and retries failures with exponential backoff on the scaled clock until four hours after the first
 * attempt. Lifecycle notifications go out at once, with the same retries, and bypass endpoint throttling so
 * that a `missed` about throttling still reaches the app.
 */
export class DeliveryEngine {
  private readonly open = new Map<string, { items: ChangeNotificationItem[]; cancel: () => void }>();
  private readonly timers = new Set<() => void>();
  private abort = new AbortController();
  /** Bumped by reset(): answers to POSTs made before it are ignored. */
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly batchWindowMs: number,
    private readonly log: DeliveryLog,
    private readonly health: HealthTracker,
    private readonly hooks: DeliveryHooks,
  ) {}

  enqueue(url: string, item: ChangeNotificationItem): void {
    const state = this.health.of(url).state;
    if (state === 'drop') {
      this.log.add({
        url,
        kind: 'notification',
        subscriptionIds: [item.subscriptionId],
        attempt: 0,
        itemCount: 1,
        status: null,
        error: 'Endpoint is in the "drop" state: more than 15% of its recent responses took over 3 seconds.',
        latencyMs: 0,
        outcome: 'dropped',
      });
      this.hooks.onDropped([item.subscriptionId]);
      return;
    }
    const existing = this.open.get(url);
    if (existing) {
      existing.items.push(item);
      return;
    }
    const timer = setTimeout(() => this.flush(url), this.batchWindowMs);
    timer.unref();
    const cancel = () => clearTimeout(timer);
    this.open.set(url, { items: [item], cancel });
  }

  sendLifecycle(url: string, items: LifecycleNotificationItem[]): void {
    if (items.length === 0) return;
    void this.attempt({ kind: 'lifecycle', url, items, attempt: 0, firstAt: null });
  }

  reset(): void {
    this.generation += 1;
    this.cancelAll();
  }

  close(): void {
    this.generation += 1;
    this.cancelAll();
  }

  private cancelAll(): void {
    for (const { cancel } of this.open.values()) cancel();
    this.open.clear();
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.abort.abort();
    this.abort = new AbortController();
  }

  private flush(url: string): void {
    const batch = this.open.get(url);
    if (!batch) return;
    this.open.delete(url);
    // A window's changes go out as several POSTs of at most MAX_BATCH_ITEMS: Graph batches notifications,
    // but not without bound, and a burst of 10,000 changes in one body would be megabytes.
    for (let start = 0; start < batch.items.length; start += MAX_BATCH_ITEMS) {
      const items = batch.items.slice(start, start + MAX_BATCH_ITEMS);
      const pending: Batch = { kind: 'notification', url, items, attempt: 0, firstAt: null };
      if (this.health.of(url).state === 'slow') this.later(SLOW_DELAY_MS, () => this.attempt(pending));
      else void this.attempt(pending);
    }
  }

  private later(scaledMs: number, fn: () => Promise<void>): void {
    const cancel = this.clock.after(scaledMs, () => {
      this.timers.delete(cancel);
      void fn();
    });
    this.timers.add(cancel);
  }

  private async attempt(batch: Batch): Promise<void> {
    const generation = this.generation;
    if (batch.kind === 'notification') {
      batch.items = batch.items.filter((item) => this.hooks.isLive(item.subscriptionId));
    }
    if (batch.items.length === 0) return;
    batch.attempt += 1;
    batch.firstAt ??= this.clock.now();
    const rich = batch.kind === 'notification' && batch.items.some((item) => item.encryptedContent);
    const validationTokens =
      rich && this.hooks.validationTokens
        ? await this.hooks.validationTokens([...new Set(batch.items.map((item) => item.subscriptionId))])
        : undefined;
    const result = await this.post(batch.url, {
      value: batch.items,
      ...(validationTokens ? { validationTokens } : {}),
    });
    if (generation !== this.generation) return;
    if (batch.kind === 'notification' && result.responded) this.health.record(batch.url, result.slow);

    const subscriptionIds = [...new Set(batch.items.map((item) => item.subscriptionId))];
    const entry = {
      url: batch.url,
      kind: batch.kind,
      subscriptionIds,
      ...(batch.kind === 'lifecycle' ? { lifecycleEvents: batch.items.map((i) => i.lifecycleEvent) } : {}),
      attempt: batch.attempt,
      itemCount: batch.items.length,
      status: result.status,
      error: result.error,
      latencyMs: result.latencyMs,
    };
    const delivered = result.error === null;
    if (delivered) {
      this.log.add({ ...entry, outcome: 'delivered' });
      return;
    }
    const gap = Math.min(RETRY_BASE_MS * 2 ** (batch.attempt - 1), RETRY_MAX_GAP_MS);
    const elapsed = this.clock.now() - batch.firstAt;
    if (elapsed + gap > RETRY_WINDOW_MS) {
      this.log.add({ ...entry, outcome: 'dropped' });
      if (batch.kind === 'notification') this.hooks.onDropped(subscriptionIds);
      return;
    }
    this.log.add({ ...entry, outcome: 'retrying' });
    this.later(gap, () => this.attempt(batch));
  }

  private async post(url: string, payload: unknown): Promise<PostResult> {
    const budgetMs = subscriptionTiming().responseBudgetMs;
    const timeout = AbortSignal.timeout(budgetMs);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([this.abort.signal, timeout]),
      });
      await response.arrayBuffer();
      const latencyMs = elapsed();
      const slow = latencyMs > budgetMs;
      const ok = response.status >= 200 && response.status < 300;
      return {
        status: response.status,
        error: ok
          ? slow
            ? `Answered after ${latencyMs} ms, over the ${budgetMs} ms budget.`
            : null
          : `HTTP ${response.status}`,
        latencyMs,
        responded: true,
        slow,
      };
    } catch (caught) {
      const latencyMs = elapsed();
      if (timeout.aborted) {
        return {
          status: null,
          error: `No answer within the ${budgetMs} ms budget.`,
          latencyMs,
          responded: true,
          slow: true,
        };
      }
      return { status: null, error: describe(caught), latencyMs, responded: false, slow: false };
    }
  }
}
