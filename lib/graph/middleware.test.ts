import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { BearerTokenLink, ImmutableIdLink, RetryLink, retryAfterMs } from './middleware';

/** The end of a chain: records each request's headers and answers from a script of statuses. */
class Recorder implements Middleware {
  readonly seen: Headers[] = [];
  constructor(
    private readonly statuses: number[] = [200],
    private readonly retryAfter?: string,
  ) {}
  async execute(context: Context): Promise<void> {
    this.seen.push(new Headers(context.options?.headers as HeadersInit));
    const status = this.statuses[Math.min(this.seen.length - 1, this.statuses.length - 1)] ?? 200;
    context.response = new Response(null, {
      status,
      headers: this.retryAfter ? { 'Retry-After': this.retryAfter } : {},
    });
  }
}

const context = (headers: Record<string, string> = {}): Context => ({
  request: 'https://graph.test/v1.0/me',
  options: { headers },
});

describe('Graph middleware', () => {
  it('asks for immutable ids without dropping other preferences', async () => {
    const recorder = new Recorder();
    const link = new ImmutableIdLink();
    link.setNext(recorder);
    await link.execute(context());
    await link.execute(context({ Prefer: 'outlook.body-content-type="text"' }));
    expect(recorder.seen.map((h) => h.get('Prefer'))).toEqual([
      'IdType="ImmutableId"',
      'outlook.body-content-type="text", IdType="ImmutableId"',
    ]);
  });

  it('sends the bearer token, and on a 401 asks for a fresh one once', async () => {
    const recorder = new Recorder([401, 200]);
    const asked: boolean[] = [];
    const link = new BearerTokenLink(async ({ forceRefresh }) => {
      asked.push(forceRefresh);
      return forceRefresh ? 'fresh' : 'stale';
    });
    link.setNext(recorder);
    const ctx = context();
    await link.execute(ctx);
    expect(asked).toEqual([false, true]);
    expect(recorder.seen.map((h) => h.get('Authorization'))).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(ctx.response?.status).toBe(200);
  });

  it('retries 503 with exponential backoff when no Retry-After is given, up to its attempt bound', async () => {
    const waits: number[] = [];
    const recorder = new Recorder([503, 503, 503, 503, 503]);
    const link = new RetryLink({
      maxAttempts: 4,
      maxTotalMs: 60_000,
      baseDelayMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    link.setNext(recorder);
    const ctx = context();
    await link.execute(ctx);
    expect(recorder.seen).toHaveLength(4);
    expect(waits).toEqual([100, 200, 400]);
    expect(ctx.response?.status).toBe(503);
  });

  it('does not retry other failures', async () => {
    const recorder = new Recorder([400]);
    const link = new RetryLink({ maxAttempts: 4, maxTotalMs: 60_000, baseDelayMs: 1, sleep: async () => {} });
    link.setNext(recorder);
    await link.execute(context());
    expect(recorder.seen).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(retryAfterMs(inTwoSeconds)).toBeGreaterThan(500);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
