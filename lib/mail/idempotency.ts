import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { logger } from '../logger';
import { IDEMPOTENCY_KEY_HEADER } from './types';

/*
 * Compose calls Graph cannot make idempotent (creating a draft, sending one), carried out once per key the
 * browser gives. Its offline outbox replays a queued call until it gets an answer, so the same call can
 * arrive again after it was done (the answer was lost) or while it is still running (a second replay).
 *
 * A row per (user, key, scope): 'started' while an attempt runs, 'done' with the answer once it has one.
 * The primary key decides which of two concurrent arrivals runs; the other waits briefly for its answer.
 * An attempt that ended without an outcome, or whose process died (its row older than a lease), is taken
 * over by the next arrival, which is told so (`resumed`): only the work knows whether the first attempt
 * may have had its effect already (see sendOnce in compose-once.ts).
 */

export type IdempotencyScope = 'draft-create' | 'draft-send';

const KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The request's idempotency key, undefined without one; a malformed one is refused (400). */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return undefined;
  if (!KEY.test(key)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      `The ${IDEMPOTENCY_KEY_HEADER} header must be 8 to 100 letters, digits, "-" or "_" (a UUID will do).`,
    );
  }
  return key;
}

/**
 * A running attempt older than this is taken for one whose process died. Longer than the slowest attempt
 * can be: each Graph call is retried for up to 30 s and times out after 20 s of silence.
 */
export const ATTEMPT_LEASE_MS = 5 * 60_000;
/** Rows are kept this long: an outbox replaying later than this is not expected. */
export const KEEP_REQUESTS_MS = 7 * 24 * 60 * 60_000;
/** How long (polls × interval) an arrival waits for a concurrent attempt with the same key. */
const WAIT_POLLS = 30;
const POLL_MS = 100;

export interface IdempotentRequest {
  userId: string;
  scope: IdempotencyScope;
  key: string;
  /** What was asked: a retry must ask the same, or its key was reused for something else. */
  request: unknown;
}

export interface Attempt {
  /** An earlier attempt with this key started and never recorded an outcome. */
  resumed: boolean;
}

export interface OnceOptions {
  /**
   * When the work fails, whether to keep the row 'started' (the effect may have happened; the next
   * arrival resumes it) instead of deleting it (nothing happened; the next arrival starts afresh).
   */
  keepStartedOnError?: (error: unknown) => boolean;
}

type Claim =
  | { kind: 'claimed'; resumed: boolean; attemptedAt: Date }
  | { kind: 'done'; result: unknown }
  | { kind: 'busy' }
  | { kind: 'gone' };

/**
 * Runs `work` once per (user, scope, key) and stores its result (plain JSON); a later arrival with the
 * same key gets the stored result (`replayed`) without running it.
 */
export async function once<T extends object>(
  request: IdempotentRequest,
  work: (attempt: Attempt) => Promise<T>,
  options: OnceOptions = {},
): Promise<{ result: T; replayed: boolean }> {
  const fingerprint = fingerprintOf(request.request);
  for (let poll = 0; ; poll += 1) {
    const claim = await claimRow(request, fingerprint);
    if (claim.kind === 'claimed')
      return { result: await run(request, claim, work, options), replayed: false };
    // The stored result is what this same scope stored for this same request (the fingerprint matched).
    if (claim.kind === 'done') return { result: claim.result as T, replayed: true };
    if (poll >= WAIT_POLLS) {
      throw new ApiError(
        409,
        'request_in_progress',
        'This request is already being carried out; try again in a moment.',
      );
    }
    // 'gone': the attempt we waited for failed and let go; try to claim at once.
    if (claim.kind === 'busy') await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const rowKey = ({ userId, key, scope }: IdempotentRequest) => ({ userId, key, scope });

async function claimRow(request: IdempotentRequest, fingerprint: string): Promise<Claim> {
  const now = new Date();
  // ON CONFLICT DO NOTHING: of two concurrent arrivals exactly one inserts.
  const inserted = await db.idempotentRequest.createMany({
    data: [{ ...rowKey(request), fingerprint, attemptedAt: now }],
    skipDuplicates: true,
  });
  if (inserted.count === 1) return { kind: 'claimed', resumed: false, attemptedAt: now };

  const row = await db.idempotentRequest.findUnique({ where: { userId_key_scope: rowKey(request) } });
  if (!row) return { kind: 'gone' };
  if (row.fingerprint !== fingerprint) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request. Use a new key for a new request.`,
    );
  }
  if (row.state === 'done') return { kind: 'done', result: row.result };
  const abandoned = row.attemptedAt === null || row.attemptedAt.getTime() < now.getTime() - ATTEMPT_LEASE_MS;
  if (!abandoned) return { kind: 'busy' };
  // Compare-and-set on the attempt we saw, so of two arrivals taking over only one does.
  const taken = await db.idempotentRequest.updateMany({
    where: { ...rowKey(request), state: 'started', attemptedAt: row.attemptedAt },
    data: { attemptedAt: now },
  });
  return taken.count === 1 ? { kind: 'claimed', resumed: true, attemptedAt: now } : { kind: 'busy' };
}

async function run<T extends object>(
  request: IdempotentRequest,
  claim: { resumed: boolean; attemptedAt: Date },
  work: (attempt: Attempt) => Promise<T>,
  options: OnceOptions,
): Promise<T> {
  // Only our own attempt's row: one that took over after the lease is not ours to change.
  const ours = { ...rowKey(request), state: 'started', attemptedAt: claim.attemptedAt };
  let result: T;
  try {
    result = await work({ resumed: claim.resumed });
  } catch (error) {
    const keep = options.keepStartedOnError?.(error) ?? false;
    await (keep
      ? db.idempotentRequest.updateMany({ where: ours, data: { attemptedAt: null } })
      : db.idempotentRequest.deleteMany({ where: ours })
    ).catch((cause: unknown) =>
      // The row then stays running until the lease ends: retries get 409 until then, never a second effect.
      logger.warn('could not record a failed idempotent request', { ...tag(request), error: String(cause) }),
    );
    throw error;
  }
  const finished = await db.idempotentRequest.updateMany({
    where: ours,
    // The work's result is plain JSON by this function's contract (DTOs of lib/mail/types.ts).
    data: { state: 'done', result: result as Prisma.InputJsonObject, attemptedAt: null },
  });
  if (finished.count === 0) {
    logger.warn('an idempotent request finished after another attempt took it over', tag(request));
  }
  return result;
}

const tag = ({ userId, scope, key }: IdempotentRequest) => ({ userId, scope, idempotencyKey: key });

/** SHA-256 of the request as JSON with sorted keys, so the same fields in another order match. */
function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, field]) => field !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, field]) => [k, canonical(field)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)) ?? '')
    .digest('base64url');
}

/** Deletes rows older than a week, done or not (maintenance). */
export async function pruneIdempotentRequests(now = Date.now()): Promise<number> {
  const { count } = await db.idempotentRequest.deleteMany({
    where: { createdAt: { lt: new Date(now - KEEP_REQUESTS_MS) } },
  });
  return count;
}
