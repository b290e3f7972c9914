import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext, GraphCaller } from '../context';
import { badRequest, GraphError } from './errors';

export interface Throttle {
  middleware: RequestHandler;
  registerControl(control: Router): void;
}

/** Outlook counts requests per app per mailbox in a sliding 10-minute window. */
const WINDOW_MS = 10 * 60 * 1000;

const faultSchema = z
  .object({
    kind: z.enum(['status', 'timeout', 'slow', 'reset']),
    status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal(504)]).optional(),
    count: z.number().int().min(1).max(10_000).default(1),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    /** How long a "timeout" fault holds the request before dropping the connection. */
    hangMs: z.number().int().min(1).max(300_000).default(65_000),
    user: z.string().min(1).optional(),
    pathPattern: z.string().min(1).optional(),
    /** The share of matching requests the fault hits (the others pass untouched), 1 by default. */
    share: z.number().gt(0).max(1).default(1),
    /**
     * An outage instead of a number of requests: for this many seconds every matching request is hit
     * (`count` is ignored), the outer POST /$batch included, as when Graph itself is down.
     */
    seconds: z.number().gt(0).max(3600).optional(),
  })
  .superRefine((fault, check) => {
    if (fault.kind === 'status' && fault.status === undefined) {
      check.addIssue({ code: 'custom', path: ['status'], message: 'required when kind is "status"' });
    }
    if (fault.seconds !== undefined && fault.kind !== 'status' && fault.kind !== 'reset') {
      check.addIssue({ code: 'custom', path: ['seconds'], message: 'an outage is "status" or "reset"' });
    }
    if (fault.kind === 'slow' && fault.delayMs === undefined) {
      check.addIssue({ code: 'custom', path: ['delayMs'], message: 'required when kind is "slow"' });
    }
  });

interface Fault {
  id: string;
  kind: 'status' | 'timeout' | 'slow' | 'reset';
  share: number;
  status?: number;
  remaining: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  hangMs: number;
  userId?: string;
  pathPattern?: string;
  /** An outage's end (epoch ms): until then the fault hits every matching request. */
  until?: number;
}

const FAULT_ERRORS: Record<number, { code: string; message: string }> = {
  429: {
    code: 'TooManyRequests',
    message: 'Too many requests. Retry after the time in the Retry-After header.',
  },
  500: { code: 'InternalServerError', message: 'An internal server error occurred.' },
  503: { code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable. Retry later.' },
  504: { code: 'GatewayTimeout', message: 'The gateway timed out waiting for the mailbox server.' },
};

/** A sliding window of request times; `head` skips expired entries without shifting the array. */
class Window {
  private times: number[] = [];
  private head = 0;

  size(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - WINDOW_MS) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** Seconds until the oldest request in the window expires. */
  secondsUntilFree(now: number): number {
    const oldest = this.times[this.head] ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }
}

/**
 * Outlook-like throttling (MailboxConcurrency: at most N requests in flight per app per mailbox; a request
 * budget per 10 minutes) and faults injected through the control API. The outer POST /$batch is exempt:
 * Graph counts its sub-requests, which come back through this middleware one by one.
 */
export function createThrottle(ctx: EmulatorContext): Throttle {
  const inFlight = new Map<string, number>();
  const windows = new Map<string, Window>();
  let faults: Fault[] = [];

  const live = (f: Fault, now: number) => (f.until === undefined ? f.remaining > 0 : now < f.until);

  const takeFault = (req: Request, caller: GraphCaller, outagesOnly: boolean): Fault | undefined => {
    const path = req.originalUrl.replace(/^\/v1\.0/, '');
    const now = Date.now();
    faults = faults.filter((f) => live(f, now));
    const fault = faults.find(
      (f) =>
        (!outagesOnly || f.until !== undefined) &&
        (f.userId === undefined || f.userId === caller.userId) &&
        (f.pathPattern === undefined || path.includes(f.pathPattern)),
    );
    if (!fault) return undefined;
    if (fault.share < 1 && Math.random() >= fault.share) return undefined;
    if (fault.until === undefined) fault.remaining -= 1;
    return fault;
  };

  const middleware: RequestHandler = (req: Request, res: Response, next) => {
    const caller = res.locals.caller as GraphCaller | undefined;
    if (!caller) return next();
    // The outer POST /$batch is not counted (its sub-requests are); only an outage refuses it whole.
    const batch = req.method === 'POST' && req.path.toLowerCase() === '/$batch';

    const fault = takeFault(req, caller, batch);
    if (batch && !fault) return next();
    if (fault?.kind === 'reset') {
      // The connection breaks before any answer, as when a load balancer or a keep-alive socket drops it:
      // the client sees ECONNRESET or "socket hang up" and cannot know whether the request was carried out.
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const status = fault.status ?? 503;
      const shape = FAULT_ERRORS[status] ?? { code: 'UnknownError', message: 'Injected failure.' };
      const retryAfter = fault.retryAfterSeconds ?? (status === 429 || status === 503 ? 1 : undefined);
      throw new GraphError(
        status,
        shape.code,
        shape.message,
        retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) },
      );
    }

    const key = `${caller.appId}|${caller.userId}`;
    const now = Date.now();
    const running = inFlight.get(key) ?? 0;
    if (running >= ctx.config.maxConcurrentPerMailbox) {
      throw new GraphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
        'Retry-After': '1',
      });
    }
    let window = windows.get(key);
    if (!window) {
      window = new Window();
      windows.set(key, window);
    }
    if (window.size(now) >= ctx.config.requestBudget) {
      throw new GraphError(429, 'ApplicationThrottled', 'Application is over its request limit.', {
        'Retry-After': String(window.secondsUntilFree(now)),
      });
    }
    window.add(now);
    inFlight.set(key, running + 1);

    let timer: NodeJS.Timeout | undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (timer) clearTimeout(timer);
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left <= 0) inFlight.delete(key);
      else inFlight.set(key, left);
    };
    res.once('finish', release);
    res.once('close', release);

    if (fault?.kind === 'timeout') {
      // Never answer: drop the connection after a long but bounded time, as a stuck gateway would.
      timer = setTimeout(() => req.socket.destroy(), fault.hangMs);
      timer.unref();
      return;
    }
    if (fault?.kind === 'slow') {
      timer = setTimeout(next, fault.delayMs ?? 0);
      timer.unref();
      return;
    }
    next();
  };

  const registerControl = (control: Router) => {
    control.post('/faults', (req, res) => {
      const result = faultSchema.safeParse(req.body ?? {});
      if (!result.success) {
        throw badRequest(
          result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        );
      }
      const input = result.data;
      let userId: string | undefined;
      if (input.user !== undefined) {
        userId = ctx.store.findUser(input.user)?.id;
        if (!userId) throw badRequest(`user: no user "${input.user}" in this tenant`);
      }
      const fault: Fault = {
        id: randomUUID(),
        kind: input.kind,
        share: input.share,
        status: input.status,
        remaining: input.count,
        retryAfterSeconds: input.retryAfterSeconds,
        delayMs: input.delayMs,
        hangMs: input.hangMs,
        userId,
        pathPattern: input.pathPattern,
        until: input.seconds === undefined ? undefined : Date.now() + input.seconds * 1000,
      };
      faults.push(fault);
      res.status(201).json(fault);
    });

    control.get('/faults', (_req, res) => {
      res.json({ faults });
    });

    control.delete('/faults', (_req, res) => {
      faults = [];
      res.status(204).end();
    });
  };

  return { middleware, registerControl };
}
