import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/*
 * Our own middleware chain for the official Graph client. Its built-in AuthenticationHandler attaches
 * tokens only to https Graph hosts (not the local emulator), and its RetryHandler has no bound on total
 * time, so these small links replace them; the client still does request building, paging and errors.
 */

abstract class Link implements Middleware {
  protected nextLink?: Middleware;
  setNext(next: Middleware): void {
    this.nextLink = next;
  }
  abstract execute(context: Context): Promise<void>;
  protected forward(context: Context): Promise<void> {
    if (!this.nextLink) throw new Error('Graph middleware chain has no final link');
    return this.nextLink.execute(context);
  }
}

function headersOf(context: Context): Headers {
  const headers = new Headers(context.options?.headers as HeadersInit | undefined);
  context.options = { ...context.options, headers };
  return headers;
}

/** Sets the bearer token; on a 401 it asks for a fresh token once and tries again. */
export class BearerTokenLink extends Link {
  constructor(private readonly token: (options: { forceRefresh: boolean }) => Promise<string>) {
    super();
  }
  async execute(context: Context): Promise<void> {
    headersOf(context).set('Authorization', `Bearer ${await this.token({ forceRefresh: false })}`);
    await this.forward(context);
    if (context.response?.status === 401) {
      headersOf(context).set('Authorization', `Bearer ${await this.token({ forceRefresh: true })}`);
      await this.forward(context);
    }
  }
}

/** Asks for immutable ids on every call (ids then survive moves between folders), keeping other preferences. */
export class ImmutableIdLink extends Link {
  async execute(context: Context): Promise<void> {
    const headers = headersOf(context);
    const existing = headers.get('Prefer');
    if (!existing?.includes('IdType=')) {
      headers.set('Prefer', existing ? `${existing}, IdType="ImmutableId"` : 'IdType="ImmutableId"');
    }
    return this.forward(context);
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number;
  /** Used when the answer has no Retry-After header. */
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 503, 504]);

/** Retries throttled and unavailable answers, honouring Retry-After, within bounded attempts and time. */
export class RetryLink extends Link {
  constructor(private readonly policy: RetryPolicy) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const started = Date.now();
    const sleep = this.policy.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      await this.forward(context);
      const response = context.response;
      if (!response || !RETRYABLE.has(response.status) || attempt >= this.policy.maxAttempts) return;
      const delay =
        retryAfterMs(response.headers.get('Retry-After')) ?? this.policy.baseDelayMs * 2 ** (attempt - 1);
      if (Date.now() - started + delay > this.policy.maxTotalMs) return;
      await response.body?.cancel().catch(() => {});
      await sleep(delay);
    }
  }
}

/** Gives every attempt its own deadline, so a hung connection cannot hold a request forever. */
export class TimeoutLink extends Link {
  constructor(private readonly timeoutMs: number) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`Graph did not answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    const outer = context.options?.signal;
    outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    context.options = { ...context.options, signal: controller.signal };
    try {
      await this.forward(context);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
