import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import type { BatchRequest } from './batch';

let emulator: RunningEmulator;
let userId: string;
let runBatched: typeof import('./batch').runBatched;
let graphClientFor: typeof import('./client').graphClientFor;
let messageIds: string[];

beforeAll(async () => {
  emulator = await startAppEmulator();
  ({ runBatched } = await import('./batch'));
  ({ graphClientFor } = await import('./client'));
  ({ userId } = await signInUser(emulator, 'adele'));
  messageIds = emulator.ctx.store.messagesOf(emulator.ctx.store.findUser('adele')?.id ?? '').map((m) => m.id);
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await control('/faults');
  await control('/requests');
});

const control = (path: string, body?: unknown) => emulatorControl(emulator, path, body);

const getMessages = (count: number): BatchRequest[] =>
  messageIds
    .slice(0, count)
    .map((id, i) => ({ id: String(i), method: 'GET', url: `/me/messages/${id}?$select=id,subject` }));

async function batchPosts() {
  const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as {
    requests: { method: string; path: string; at: string; durationMs: number; batchId?: string }[];
  };
  return requests.filter((r) => r.method === 'POST' && r.path.startsWith('/$batch'));
}

/** The most $batch requests the emulator was serving at one moment, from its request log. */
function peakConcurrency(posts: { at: string; durationMs: number }[]): number {
  const edges = posts.flatMap((p) => {
    const end = Date.parse(p.at);
    return [
      { t: end - p.durationMs, d: 1 },
      { t: end, d: -1 },
    ];
  });
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const edge of edges) {
    now += edge.d;
    peak = Math.max(peak, now);
  }
  return peak;
}

describe('$batch helper', () => {
  it('splits 45 requests into 3 batches and answers every one', async () => {
    const results = await runBatched(graphClientFor(userId), userId, getMessages(45));
    expect(results.size).toBe(45);
    expect([...results.values()].every((r) => r.status === 200)).toBe(true);
    expect(results.get('7')?.body).toMatchObject({ id: messageIds[7] });
    const posts = await batchPosts();
    expect(posts).toHaveLength(3);
  });

  it('never has more than 4 batches in flight for one mailbox', async () => {
    // Slow batches overlap, so the limit is what keeps the count down.
    await control('/faults', { kind: 'slow', delayMs: 150, count: 10, pathPattern: '$batch' });
    let peak = 0;
    const results = await runBatched(graphClientFor(userId), userId, getMessages(200), {
      onInFlight: (n) => {
        peak = Math.max(peak, n);
      },
    });
    expect(results.size).toBe(200);
    expect(peak).toBe(4);
    const posts = await batchPosts();
    expect(posts).toHaveLength(10);
    expect(peakConcurrency(posts)).toBeLessThanOrEqual(4);
  });

  it('retries the items Graph throttled inside a batch', async () => {
    await control('/faults', {
      kind: 'status',
      status: 429,
      count: 3,
      retryAfterSeconds: 1,
      pathPattern: '/me/messages/',
    });
    const results = await runBatched(graphClientFor(userId), userId, getMessages(10));
    expect([...results.values()].map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await batchPosts()).toHaveLength(2);
  });
});
