import 'server-only';
import { GraphRequestError, ReauthRequiredError } from '../graph/errors';
import { logger } from '../logger';
import { forgetDraft, saveDraft, send, startDraft } from './compose';
import { getDraft } from './compose-graph';
import { once } from './idempotency';
import type { DraftDto, DraftInput } from './types';

/*
 * The two compose calls that are not safe to repeat, made so with the browser's idempotency key: its
 * offline outbox replays them until it gets an answer (lib/mail/idempotency.ts).
 */

/**
 * Starts a draft once per key. The key names one compose pane's draft (the browser's local id for it), not
 * one text: the pane and the outbox both save under it, each with the words it has, so a repeat with
 * other words saves them into the draft the first call made (`replayed`) rather than refusing.
 * Limit: if Graph made the draft but this server failed before recording it (a crash, a lost answer from
 * Graph), a retry makes another draft. Graph cannot be asked whether it made one; an extra draft is
 * visible and harmless, unlike an extra sent mail.
 */
export async function startDraftOnce(
  userId: string,
  input: DraftInput,
  key: string,
): Promise<{ result: DraftDto; replayed: boolean }> {
  const first = await once({ userId, scope: 'draft-create', key, request: {} }, () =>
    startDraft(userId, input),
  );
  if (!first.replayed) return first;
  return { result: await saveDraft(userId, first.result.id, input), replayed: true };
}

/** Graph answered and did not carry the call out: nothing was sent. */
const refusedByGraph = (error: unknown) =>
  error instanceof ReauthRequiredError ||
  // 'unavailable' is also a gateway timeout or a dropped connection, after which the mail may be sent;
  // only a 503 says the service did not handle the request.
  (error instanceof GraphRequestError && (error.kind !== 'unavailable' || error.status === 503));

/**
 * Sends a draft once per key. A send whose outcome is unknown (the answer from Graph lost, the process
 * gone) is resumed by the next retry, which first looks whether the mail left: sending takes a draft out
 * of Drafts, so Graph no longer finds it there (or, with the id kept, finds it sent).
 */
export async function sendOnce(userId: string, draftId: string, key: string): Promise<{ replayed: boolean }> {
  // Whether a failure now may hide a sent mail: the row then stays 'started' for the next retry to resume.
  let outcomeUnknown = false;
  const { replayed } = await once(
    { userId, scope: 'draft-send', key, request: { draftId } },
    async ({ resumed }) => {
      // A resumed attempt stays of unknown outcome whatever happens in it: the earlier attempt may have
      // sent the mail even when the draft still looked unsent a moment ago (Graph sends in the background).
      outcomeUnknown = resumed;
      if (resumed && (await sentBefore(userId, draftId))) return { sent: true };
      await send(userId, draftId, {
        onSending: () => {
          outcomeUnknown = true;
        },
      });
      return { sent: true };
    },
    { keepStartedOnError: (error) => outcomeUnknown && !refusedByGraph(error) },
  );
  return { replayed };
}

/** On a resumed send: whether the earlier attempt got the draft sent. */
async function sentBefore(userId: string, draftId: string): Promise<boolean> {
  const draft = await getDraft(userId, draftId).catch((error: unknown) => {
    if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
    throw error;
  });
  if (draft?.isDraft) return false;
  // A draft discarded elsewhere between the two attempts looks the same: it is reported sent, and logged.
  logger.warn('a resumed send found its draft gone from Drafts: taken as sent by the earlier attempt', {
    userId,
    draftId,
    found: draft ? 'sent' : 'not-found',
  });
  await forgetDraft(userId, draftId);
  return true;
}
