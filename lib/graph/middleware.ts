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

/** Graph did not handle the request (throttled, or the service said it is unavailable): safe for any method. */
const NOT_HANDLED = new Set([429, 503]);
/** A gateway failed or timed out: the request may or may not have been carried out. */
const GATEWAY = new Set([502, 504]);
/** Connection failures that a new connection usually gets past (a keep-alive socket the server closed, a reset). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && chain.length < 8; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The connection failed before or while Graph answered (not an answer Graph gave). */
export function isTransientNetworkError(error: unknown): boolean {
  return errorChain(error).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : '';
    return /socket hang up|other side closed|did not answer within/i.test(message);
  });
}

/** Nothing was connected, so nothing was sent: safe to try again for any method. */
function neverConnected(error: unknown): boolean {
  return errorChain(error).some((e) => (e as { code?: unknown }).code === 'ECONNREFUSED');
}

/**
 * Whether doing the request twice leaves Graph as doing it once. GET, HEAD, PUT, DELETE and PATCH (Graph's
 * PATCH sets properties to values) are; a POST is not (it sends or creates), except `$batch` when every
 * request inside it is a GET.
 */
export function isIdempotent(context: Context): boolean {
  const method = (context.options?.method ?? 'GET').toUpperCase();
  if (method !== 'POST') return true;
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  if (!/\/\$batch(\?|$)/.test(url)) return false;
  try {
    const body = JSON.parse(String(context.options?.body ?? '')) as { requests?: { method?: string }[] };
    return (body.requests ?? []).every((r) => (r.method ?? 'GET').toUpperCase() === 'GET');
  } catch {
    return false;
  }
}

/**
 * Retries, within bounded attempts and time, with Retry-After or exponential backoff:
 * - 429 and 503 for every request: Graph says it did not carry it out;
 * - 502, 504 and broken connections (resets, hang-ups, an attempt's own timeout) only for idempotent
 *   requests: a send or create may have happened before the answer was lost, and doing it again would
 *   send twice. A POST is retried after a network failure only when the connection was refused, that is
 *   when nothing reached Graph.
 */
export class RetryLink extends Link {
  constructor(private readonly policy: RetryPolicy) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const started = Date.now();
    const sleep = this.policy.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    const idempotent = isIdempotent(context);
    const backoff = (attempt: number) => this.policy.baseDelayMs * 2 ** (attempt - 1);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.forward(context);
      } catch (error) {
        const retryable = isTransientNetworkError(error) && (idempotent || neverConnected(error));
        if (!retryable || attempt >= this.policy.maxAttempts) throw error;
        if (Date.now() - started + backoff(attempt) > this.policy.maxTotalMs) throw error;
        await sleep(backoff(attempt));
        continue;
      }
      const response = context.response;
      if (!response || attempt >= this.policy.maxAttempts) return;
      const retryable = NOT_HANDLED.has(response.status) || (idempotent && GATEWAY.has(response.status));
      if (!retryable) return;
      const delay = retryAfterMs(response.headers.get('Retry-After')) ?? backoff(attempt);
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
      // A retry's attempt starts from the caller's own signal again, not from this attempt's.
      context.options = { ...context.options, signal: outer };
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
