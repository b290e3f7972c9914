import type { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { buildMessage, type NewMessage } from '../store/message-factory';
import type { StoredMessage } from '../store/types';
import type { MailUser } from '../users';
import { assertSendable, sendMessage } from './compose-delivery';
import { notFound, parseBody } from './errors';
import { deferredSendTime } from './extended-properties';

/*
 * Deferred send, as Exchange does it for a message sent with PidTagDeferredSendTime in the future: the
 * message is accepted (202) and waits in the sender's Outbox, still unsent (isDraft), until the time comes
 * on the emulator's clock (scaled, and movable with POST /_emulator/clock/advance); then it is delivered and
 * moves to Sent Items like any sent mail. Moving it out of the Outbox (back to Drafts) or deleting it before
 * then cancels it: it is never delivered. A time already past sends at once (MS-OXOMSG 2.2.3.4).
 */

/** How often waiting messages are looked at, in real milliseconds. */
const TICK_MS = 200;

interface Waiting {
  /** message id → its mailbox's user id */
  messages: Map<string, string>;
  timer: ReturnType<typeof setInterval> | null;
}

const waitingByContext = new WeakMap<EmulatorContext, Waiting>();

function waitingOf(ctx: EmulatorContext): Waiting {
  let waiting = waitingByContext.get(ctx);
  if (!waiting) {
    const created: Waiting = { messages: new Map(), timer: null };
    ctx.store.on('reset', () => created.messages.clear());
    waitingByContext.set(ctx, created);
    waiting = created;
  }
  return waiting;
}

const isDeferred = (ctx: EmulatorContext, message: Pick<StoredMessage, 'singleValueExtendedProperties'>) =>
  (deferredSendTime(message) ?? Number.NEGATIVE_INFINITY) > ctx.clock.now();

/** Sends what is due, forgets what was cancelled (moved out of the Outbox or deleted). */
export function sendDueMessages(ctx: EmulatorContext): void {
  const waiting = waitingOf(ctx);
  for (const [messageId, userId] of waiting.messages) {
    const message = ctx.store.getMessage(userId, messageId);
    const outbox = ctx.store.getFolder(userId, 'outbox');
    if (!message || !outbox || message.parentFolderId !== outbox.id || !message.isDraft) {
      waiting.messages.delete(messageId);
      continue;
    }
    if (isDeferred(ctx, message)) continue;
    waiting.messages.delete(messageId);
    const sender = ctx.store.users.get(userId);
    if (!sender) continue;
    try {
      sendMessage(ctx, sender, message, { draftId: message.id });
    } catch {
      // What was sendable when accepted stays so; a message changed in the Outbox since is left there.
    }
  }
  if (waiting.messages.size === 0 && waiting.timer) {
    clearInterval(waiting.timer);
    waiting.timer = null;
  }
}

function wait(ctx: EmulatorContext, message: StoredMessage): void {
  const waiting = waitingOf(ctx);
  waiting.messages.set(message.id, message.userId);
  if (!waiting.timer) {
    waiting.timer = setInterval(() => sendDueMessages(ctx), TICK_MS);
    waiting.timer.unref?.();
  }
}

/** POST /me/messages/{id}/send: sent now, or into the Outbox until its deferred send time. */
export function sendDraftOrDefer(ctx: EmulatorContext, sender: MailUser, draft: StoredMessage): void {
  if (!isDeferred(ctx, draft)) {
    sendMessage(ctx, sender, draft, { draftId: draft.id });
    return;
  }
  assertSendable(draft);
  const outbox = ctx.store.getFolder(sender.id, 'outbox');
  const moved = outbox && ctx.store.moveMessage(sender.id, draft.id, outbox.id);
  if (!moved) throw notFound('The mailbox has no Outbox folder.');
  wait(ctx, moved);
}

/** POST /me/sendMail: sent now, or kept in the Outbox until its deferred send time. */
export function sendMailOrDefer(
  ctx: EmulatorContext,
  sender: MailUser,
  mail: NewMessage,
  options: { saveToSentItems: boolean },
): void {
  if (!isDeferred(ctx, mail)) {
    sendMessage(ctx, sender, mail, options);
    return;
  }
  assertSendable(mail);
  const outbox = ctx.store.getFolder(sender.id, 'outbox');
  if (!outbox) throw notFound('The mailbox has no Outbox folder.');
  wait(ctx, ctx.store.insertMessage(buildMessage({ ...mail, parentFolderId: outbox.id, isDraft: true })));
}

const advanceSchema = z
  .object({
    minutes: z.number().min(0).max(525_600).optional(),
    seconds: z.number().min(0).max(31_536_000).optional(),
  })
  .refine((v) => v.minutes !== undefined || v.seconds !== undefined, 'give minutes or seconds');

/** GET /_emulator/clock and POST /_emulator/clock/advance { minutes?, seconds? }. */
export function registerClockControl(control: Router, ctx: EmulatorContext): void {
  const state = () => ({
    now: new Date(ctx.clock.now()).toISOString(),
    timeScale: ctx.clock.timeScale,
    deferredWaiting: waitingOf(ctx).messages.size,
  });
  control.get('/clock', (_req, res) => {
    res.json(state());
  });
  control.post('/clock/advance', (req, res) => {
    const { minutes = 0, seconds = 0 } = parseBody(advanceSchema, req.body);
    ctx.clock.advance((minutes * 60 + seconds) * 1000);
    sendDueMessages(ctx);
    res.json(state());
  });
}
