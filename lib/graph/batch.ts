import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { processSingleton } from '../process-singleton';
import { retryAfterMs } from './middleware';

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  id: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const MAX_REQUESTS_PER_BATCH = 20;
/** Outlook runs at most 4 requests at once per mailbox; more only earns 429s. */
export const MAX_BATCHES_IN_FLIGHT = 4;

export interface BatchOptions {
  /** Attempts for an item Graph throttled inside a batch (429), honouring its Retry-After. */
  maxItemAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Observes how many batches are in flight (tests and metrics). */
  onInFlight?: (count: number) => void;
}

const slotsByMailbox = processSingleton('batchSlots', () => new Map<string, Semaphore>());

/**
 * Runs any number of requests through Graph's JSON batching: 20 per $batch, at most 4 batches in flight
 * per mailbox across the whole process, and items throttled inside a batch retried after their
 * Retry-After. Returns one response per request id.
 */
export async function runBatched(
  client: Client,
  mailboxId: string,
  requests: BatchRequest[],
  options: BatchOptions = {},
): Promise<Map<string, BatchResponse>> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxItemAttempts ?? 3;
  let slots = slotsByMailbox.get(mailboxId);
  if (!slots) {
    slots = new Semaphore(MAX_BATCHES_IN_FLIGHT);
    slotsByMailbox.set(mailboxId, slots);
  }
  const results = new Map<string, BatchResponse>();
  let pending = requests;

  for (let attempt = 1; pending.length > 0; attempt++) {
    const chunks: BatchRequest[][] = [];
    for (let i = 0; i < pending.length; i += MAX_REQUESTS_PER_BATCH)
      chunks.push(pending.slice(i, i + MAX_REQUESTS_PER_BATCH));
    const responses = (
      await Promise.all(
        chunks.map((chunk) =>
          (slots as Semaphore).run(async (inFlight) => {
            options.onInFlight?.(inFlight);
            return postBatch(client, chunk);
          }),
        ),
      )
    ).flat();

    const throttled: BatchRequest[] = [];
    let waitMs = 0;
    for (const response of responses) {
      const request = pending.find((r) => r.id === response.id);
      if (response.status === 429 && request && attempt < maxAttempts) {
        throttled.push(request);
        waitMs = Math.max(
          waitMs,
          retryAfterMs(response.headers?.['Retry-After'] ?? response.headers?.['retry-after'] ?? null) ??
            1000,
        );
      } else {
        results.set(response.id, response);
      }
    }
    pending = throttled;
    if (pending.length) await sleep(waitMs);
  }
  return results;
}

async function postBatch(client: Client, requests: BatchRequest[]): Promise<BatchResponse[]> {
  const body = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body === undefined
        ? {}
        : { body: r.body, headers: { 'Content-Type': 'application/json', ...r.headers } }),
      ...(r.body === undefined && r.headers ? { headers: r.headers } : {}),
    })),
  };
  const result = (await client.api('/$batch').post(body)) as { responses: BatchResponse[] };
  return result.responses;
}

/** A counting semaphore: at most `size` tasks run at once, the rest wait in order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(task: (inFlight: number) => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task(this.active);
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
