import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import {
  BearerTokenLink,
  ImmutableIdLink,
  isTransientNetworkError,
  RetryLink,
  retryAfterMs,
} from './middleware';

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

  describe('broken connections', () => {
    const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const refused = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

    /** Fails with the scripted errors first, then answers with the scripted status. */
    class Flaky implements Middleware {
      calls = 0;
      constructor(
        private readonly failures: (() => unknown)[],
        private readonly status = 200,
      ) {}
      async execute(ctx: Context): Promise<void> {
        const failure = this.failures[this.calls++];
        if (failure) throw failure();
        ctx.response = new Response(null, { status: this.status });
      }
    }
    const retry = (next: Middleware) => {
      const link = new RetryLink({
        maxAttempts: 4,
        maxTotalMs: 60_000,
        baseDelayMs: 1,
        sleep: async () => {},
      });
      link.setNext(next);
      return link;
    };
    const request = (
      method: string,
      url = 'https://graph.test/v1.0/me/messages',
      body?: unknown,
    ): Context => ({
      request: url,
      options: { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
    });

    it('recognises resets and hang-ups under fetch’s wrapper, and not Graph’s own answers', () => {
      expect(isTransientNetworkError(reset())).toBe(true);
      expect(
        isTransientNetworkError(
          Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }),
        ),
      ).toBe(true);
      expect(isTransientNetworkError(new Error('socket hang up'))).toBe(true);
      expect(isTransientNetworkError(new Error('Graph did not answer within 20000 ms'))).toBe(true);
      expect(isTransientNetworkError(new Error('Invalid request'))).toBe(false);
    });

    it('retries a read after resets, and succeeds', async () => {
      const flaky = new Flaky([reset, reset]);
      const ctx = request('GET');
      await retry(flaky).execute(ctx);
      expect(flaky.calls).toBe(3);
      expect(ctx.response?.status).toBe(200);
    });

    it('does not send twice: a send that lost its connection is not retried, one refused before connecting is', async () => {
      const sent = new Flaky([reset]);
      await expect(
        retry(sent).execute(request('POST', 'https://graph.test/v1.0/me/sendMail')),
      ).rejects.toThrow('fetch failed');
      expect(sent.calls).toBe(1);
      const refusedFirst = new Flaky([refused]);
      await retry(refusedFirst).execute(request('POST', 'https://graph.test/v1.0/me/sendMail'));
      expect(refusedFirst.calls).toBe(2);
    });

    it('retries a gateway timeout for a read, not for a send; 503 for both', async () => {
      const read = new Recorder([504, 200]);
      await retry(read).execute(request('GET'));
      expect(read.seen).toHaveLength(2);
      const send = new Recorder([504, 200]);
      await retry(send).execute(request('POST', 'https://graph.test/v1.0/me/sendMail'));
      expect(send.seen).toHaveLength(1);
      const unavailable = new Recorder([503, 200]);
      await retry(unavailable).execute(request('POST', 'https://graph.test/v1.0/me/sendMail'));
      expect(unavailable.seen).toHaveLength(2);
    });

    it('treats a $batch of reads as a read, and a $batch holding a write as a write', async () => {
      const reads = new Flaky([reset]);
      await retry(reads).execute(
        request('POST', 'https://graph.test/v1.0/$batch', {
          requests: [{ id: '1', method: 'GET', url: '/me' }],
        }),
      );
      expect(reads.calls).toBe(2);
      const writes = new Flaky([reset]);
      await expect(
        retry(writes).execute(
          request('POST', 'https://graph.test/v1.0/$batch', {
            requests: [{ id: '1', method: 'POST', url: '/me/sendMail' }],
          }),
        ),
      ).rejects.toThrow();
      expect(writes.calls).toBe(1);
    });
  });
});
