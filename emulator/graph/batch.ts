import { randomUUID } from 'node:crypto';
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { callerOf } from './auth';
import { badRequest, graphErrorBody } from './errors';

/** Graph's limit on requests in one JSON batch. */
const MAX_REQUESTS = 20;
/** Graph runs at most this many requests of one batch against one mailbox at a time. */
const PARALLEL_PER_MAILBOX = 4;

const requestSchema = z.object({
  id: z.string().min(1),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
type BatchRequest = z.infer<typeof requestSchema>;

const batchSchema = z.object({ requests: z.array(requestSchema).min(1) });

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Response headers worth passing back to the client inside the batch. */
const FORWARDED_HEADERS = ['Content-Type', 'Retry-After', 'Preference-Applied', 'Location', 'ETag'];

/** A counting semaphore: at most `limit` holders at once, waiters served in order. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.limit) {
      this.used += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used -= 1;
  }
}

function validate(requests: BatchRequest[]): void {
  if (requests.length > MAX_REQUESTS) {
    throw badRequest(`The batch holds ${requests.length} requests; the limit is ${MAX_REQUESTS}.`);
  }
  const byId = new Map<string, BatchRequest>();
  for (const request of requests) {
    if (byId.has(request.id)) throw badRequest(`requests: the id '${request.id}' is used more than once.`);
    byId.set(request.id, request);
    if (/^[a-z]+:/i.test(request.url)) {
      throw badRequest(`requests[${request.id}].url: must be relative to the version, like "/me/messages".`);
    }
    if (request.body !== undefined && !headerOf(request, 'content-type')) {
      throw badRequest(`requests[${request.id}].headers: a Content-Type header is required with a body.`);
    }
  }
  for (const request of requests) {
    for (const dependency of request.dependsOn ?? []) {
      if (!byId.has(dependency)) {
        throw badRequest(`requests[${request.id}].dependsOn: no request with id '${dependency}'.`);
      }
    }
  }
  // A dependency cycle would wait forever.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw badRequest(`requests[${id}].dependsOn: dependencies form a cycle.`);
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency);
    state.set(id, 'done');
  };
  for (const request of requests) visit(request.id);
}

function headerOf(request: BatchRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function encodeBody(request: BatchRequest): string | Uint8Array<ArrayBuffer> | undefined {
  if (request.body === undefined) return undefined;
  const type = headerOf(request, 'content-type') ?? '';
  if (/json/i.test(type))
    return typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  if (typeof request.body !== 'string') return JSON.stringify(request.body);
  // Graph carries non-JSON, non-text bodies in a batch as base64.
  return /^text\//i.test(type) ? request.body : new Uint8Array(Buffer.from(request.body, 'base64'));
}

/**
 * POST /$batch: JSON batching. Each sub-request runs through this emulator's own HTTP routes (so auth,
 * throttling, faults and the request log apply to it as to any request), at most four at a time per
 * mailbox, after the requests it depends on.
 */
export function registerBatchRoutes(graph: Router, ctx: EmulatorContext): void {
  const slotsByMailbox = new Map<string, Slots>();

  graph.post('/$batch', async (req, res) => {
    const parsed = batchSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw badRequest(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        'BadRequest',
      );
    }
    const { requests } = parsed.data;
    validate(requests);

    const caller = callerOf(res);
    const key = `${caller.appId}|${caller.userId}`;
    let slots = slotsByMailbox.get(key);
    if (!slots) {
      slots = new Slots(PARALLEL_PER_MAILBOX);
      slotsByMailbox.set(key, slots);
    }
    const mailboxSlots = slots;
    const batchId = randomUUID();
    const results = new Map<string, Promise<BatchResponse>>();

    const run = async (request: BatchRequest): Promise<BatchResponse> => {
      const dependencies = await Promise.all(
        (request.dependsOn ?? []).map((id) => results.get(id) ?? Promise.reject(new Error(id))),
      );
      if (dependencies.some((d) => d.status >= 400)) {
        return {
          id: request.id,
          status: 424,
          headers: { 'Content-Type': 'application/json' },
          body: graphErrorBody(req, 'FailedDependency', 'A request this request depends on failed.'),
        };
      }
      await mailboxSlots.acquire();
      try {
        return await forward(ctx, req, request, batchId);
      } finally {
        mailboxSlots.release();
      }
    };
    // Started on the next tick, so every request's promise is in the map before any looks up its dependencies.
    for (const request of requests) {
      results.set(
        request.id,
        Promise.resolve().then(() => run(request)),
      );
    }
    const responses = await Promise.all(requests.map((r) => results.get(r.id)));
    res.status(200).json({ responses });
  });
}

async function forward(
  ctx: EmulatorContext,
  outer: Request,
  request: BatchRequest,
  batchId: string,
): Promise<BatchResponse> {
  const headers = new Headers(request.headers);
  headers.set('authorization', outer.header('authorization') ?? '');
  headers.set('x-emulator-batch-id', batchId);
  const url = `${ctx.baseUrl()}/v1.0/${request.url.replace(/^\/+/, '')}`;
  let response: globalThis.Response;
  try {
    response = await fetch(url, { method: request.method, headers, body: encodeBody(request) });
  } catch {
    return {
      id: request.id,
      status: 504,
      headers: { 'Content-Type': 'application/json' },
      body: graphErrorBody(outer, 'GatewayTimeout', 'The request did not complete.'),
    };
  }
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) forwarded[name] = value;
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  let body: unknown;
  if (bytes.length > 0) {
    try {
      body = /json/i.test(type) ? JSON.parse(bytes.toString('utf8')) : bytes.toString('base64');
    } catch {
      body = bytes.toString('base64');
    }
  }
  return {
    id: request.id,
    status: response.status,
    headers: forwarded,
    ...(body === undefined ? {} : { body }),
  };
}
