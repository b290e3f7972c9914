import { processSingleton } from '../process-singleton';

/*
 * Per-process webhook statistics for /api/health: how fast we answer Graph (over 3 s and Graph starts
 * delaying, then dropping, our notifications), and how many notifications we turned away. A multi-instance
 * deployment reports each instance's own share.
 *
 * Answers are kept as one-second buckets holding a latency histogram (bins 12% apart), so 500 answers a
 * second cost the same memory as one, and percentiles are reported as the upper edge of their bin.
 */
const WINDOW_MS = 10 * 60 * 1000;
const SLOW_MS = 2900;
const BIN_GROWTH = 1.12;
const BINS = 128; // 1.12^127 ms is far past any timeout

interface Bucket {
  second: number;
  count: number;
  slow: number;
  max: number;
  bins: Uint32Array;
}

const state = processSingleton('webhookStats', () => ({
  buckets: [] as Bucket[],
  clientStateMismatches: 0,
  unknownSubscriptions: 0,
}));

const binOf = (ms: number) =>
  Math.min(BINS - 1, Math.max(0, Math.ceil(Math.log(Math.max(ms, 1)) / Math.log(BIN_GROWTH))));
const upperEdge = (bin: number) => BIN_GROWTH ** bin;

/** Records one answer that took `ms` from the request's arrival to its response. */
export function recordWebhookAnswer(ms: number, now = Date.now()): void {
  const second = Math.floor(now / 1000);
  let bucket = state.buckets.at(-1);
  if (!bucket || bucket.second !== second) {
    bucket = { second, count: 0, slow: 0, max: 0, bins: new Uint32Array(BINS) };
    state.buckets.push(bucket);
    const cutoff = Math.floor((now - WINDOW_MS) / 1000);
    while ((state.buckets[0]?.second ?? second) < cutoff) state.buckets.shift();
  }
  bucket.count += 1;
  if (ms > SLOW_MS) bucket.slow += 1;
  bucket.max = Math.max(bucket.max, ms);
  bucket.bins[binOf(ms)] = (bucket.bins[binOf(ms)] ?? 0) + 1;
}

export function countRejected(kind: 'clientState' | 'unknownSubscription', count = 1): void {
  if (kind === 'clientState') state.clientStateMismatches += count;
  else state.unknownSubscriptions += count;
}

export function webhookStats(now = Date.now()) {
  const cutoff = Math.floor((now - WINDOW_MS) / 1000);
  const recent = state.buckets.filter((b) => b.second >= cutoff);
  const bins = new Uint32Array(BINS);
  let count = 0;
  let slow = 0;
  let max = 0;
  for (const b of recent) {
    count += b.count;
    slow += b.slow;
    max = Math.max(max, b.max);
    for (let i = 0; i < BINS; i++) bins[i] = (bins[i] ?? 0) + (b.bins[i] ?? 0);
  }
  const percentile = (p: number) => {
    if (!count) return 0;
    const rank = Math.ceil(p * count);
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += bins[i] ?? 0;
      if (seen >= rank) return Math.min(max, Math.round(upperEdge(i)));
    }
    return max;
  };
  return {
    answersLast10Minutes: count,
    slowShareLast10Minutes: count ? slow / count : 0,
    /** Answer times (ms) from arrival at the server to the response, over the last 10 minutes. */
    p50MsLast10Minutes: percentile(0.5),
    p99MsLast10Minutes: percentile(0.99),
    maxMsLast10Minutes: Math.round(max),
    clientStateMismatches: state.clientStateMismatches,
    unknownSubscriptions: state.unknownSubscriptions,
  };
}

/** Forgets every recorded answer (tests). */
export function resetWebhookStats(): void {
  state.buckets = [];
}
