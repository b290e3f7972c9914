'use client';

import { ApiFetchError, apiRequest, isNetworkError } from '@/lib/hooks/api-client';
import type { DraftDto } from '@/lib/mail/types';
import type { MirrorDb, OutboxAction, OutboxItem } from './mirror-db';

/*
 * What was done offline, replayed in order when the network returns: read/unread, flag, move, archive,
 * delete, and sends. One tab replays at a time (a Web Lock). An item leaves the outbox when the server has
 * done it, or when the server says it can never be done (the message was deleted meanwhile): that one is
 * reported to the person, never dropped silently. A network failure or a server error stops the replay
 * with the item still first in line; the next reconnect goes on from it.
 *
 * Sends carry an idempotency key, generated when the mail was queued and kept with it, on both calls that
 * are not idempotent by themselves (creating the draft, sending it): a replay after an answer that never
 * arrived gets the first call's result instead of a second draft or a second mail.
 */

export interface ReplayFailure {
  label: string;
  message: string;
}

export interface ReplayResult {
  done: number;
  failed: ReplayFailure[];
  /** The replay stopped on a network or server failure; what is left waits for the next try. */
  stopped: boolean;
  /** It stopped because the session ended: nothing more happens until the person signs in again. */
  signedOut?: boolean;
}

/** One replay per person across tabs. */
const lockName = (db: MirrorDb) => `${db.name}-outbox`;

export async function enqueue(
  db: MirrorDb,
  action: OutboxAction,
  label: string,
  idempotencyKey: string = crypto.randomUUID(),
): Promise<void> {
  await db.outbox.add({
    action,
    label,
    idempotencyKey,
    createdAt: Date.now(),
    attempts: 0,
  });
}

export const outboxSize = (db: MirrorDb) => db.outbox.count();

const enc = encodeURIComponent;

/** Carries out one item; throws ApiFetchError as the API answered (or status 0 for the network). */
async function perform(db: MirrorDb, item: OutboxItem): Promise<void> {
  const { action } = item;
  const json = (method: string, body?: unknown, headers?: Record<string, string>) => ({
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers,
  });
  switch (action.kind) {
    case 'patch':
      await apiRequest(`/api/messages/${enc(action.messageId)}`, json('PATCH', action.body));
      return;
    case 'move':
      await apiRequest(`/api/messages/${enc(action.messageId)}/move`, json('POST', action.body));
      return;
    case 'delete':
      await apiRequest(`/api/messages/${enc(action.messageId)}`, json('DELETE'));
      return;
    case 'send': {
      let draftId = action.draftId;
      if (draftId) {
        // Its text goes into the draft once; a replay after the send was tried must not touch a sent mail.
        if (action.fields && !action.saved) {
          await apiRequest(`/api/drafts/${enc(draftId)}`, json('PATCH', action.fields));
          await db.outbox.update(item.seq as number, { action: { ...action, saved: true } });
        }
      } else {
        if (!action.localId || !action.fields)
          throw new ApiFetchError(400, 'invalid_outbox', 'nothing to send');
        // Keyed by the compose pane's local id, as its own saves are: one draft, whoever creates it.
        const draft = await apiRequest<DraftDto>(
          '/api/drafts',
          json('POST', action.fields, { 'Idempotency-Key': action.localId }),
        );
        draftId = draft.id;
        // Remembered at once: a replay cut off after this point sends this draft, not a new one.
        await db.outbox.update(item.seq as number, { action: { ...action, draftId, saved: true } });
      }
      await apiRequest(
        `/api/drafts/${enc(draftId)}/send`,
        json('POST', undefined, { 'Idempotency-Key': item.idempotencyKey }),
      );
      // The words kept on this device for it are no longer needed.
      await db.drafts.filter((d) => d.localId === action.localId || d.draftId === draftId).delete();
      return;
    }
  }
}

/**
 * Worth trying again later: the network, the server or Microsoft 365 failing for now, the same send still
 * being carried out by an earlier try (409 request_in_progress), or the session having ended (401: the
 * person signs in again and nothing is lost meanwhile).
 */
const isTransient = (error: unknown) =>
  !(error instanceof ApiFetchError) ||
  isNetworkError(error) ||
  error.status >= 500 ||
  error.status === 429 ||
  error.status === 401 ||
  (error.status === 409 && error.code === 'request_in_progress');

/** Tries of one item that failed for now before it is reported as failed and the rest go on. */
export const MAX_ATTEMPTS = 8;

function failureMessage(error: unknown): string {
  if (error instanceof ApiFetchError && error.status === 404)
    return 'the message is no longer there (deleted or moved elsewhere in the meantime)';
  return error instanceof Error ? error.message : 'it was refused';
}

async function replayLocked(db: MirrorDb): Promise<ReplayResult> {
  const result: ReplayResult = { done: 0, failed: [], stopped: false };
  for (;;) {
    const item = await db.outbox.orderBy('seq').first();
    if (!item) return result;
    try {
      await perform(db, item);
      result.done += 1;
    } catch (error) {
      const attempts = item.attempts + 1;
      const signedOut = error instanceof ApiFetchError && error.status === 401;
      // One item failing again and again must not hold everything after it for ever (a sign-in that
      // ended is not its fault: that waits, however long, for the person to sign in again).
      if (isTransient(error) && (attempts < MAX_ATTEMPTS || signedOut)) {
        await db.outbox.update(item.seq as number, { attempts });
        result.stopped = true;
        if (signedOut) result.signedOut = true;
        return result;
      }
      result.failed.push({
        label: item.label,
        message: isTransient(error)
          ? `it still failed after ${attempts} tries: ${failureMessage(error)}`
          : failureMessage(error),
      });
    }
    await db.outbox.delete(item.seq as number);
  }
}

/** Replays the outbox in order, in one tab at a time. */
export async function replayOutbox(db: MirrorDb): Promise<ReplayResult> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(lockName(db), () => replayLocked(db));
  }
  return replayLocked(db);
}
