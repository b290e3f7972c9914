import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { withGraph } from '../graph/client';
import { GraphRequestError } from '../graph/errors';
import { forgetDraft, requireDraft } from './compose';
import { sendDraft } from './compose-graph';
import { displayText } from './display-text';
import type { ScheduledMessageDto } from './types';

/*
 * Scheduled send through Graph's deferred send: the draft gets PidTagDeferredSendTime (the MAPI property
 * "SystemTime 0x3FEF", a UTC time) and is sent; Exchange accepts it and keeps it in the Outbox until then,
 * then delivers it and files it in Sent Items. Until it leaves it can be cancelled: moved back to Drafts,
 * with its deferred time set to now, so a later Send sends at once (Graph cannot remove the property, and a
 * time already past means "send immediately", MS-OXOMSG 2.2.3.4).
 */

export const DEFERRED_SEND_TIME = 'SystemTime 0x3FEF';
/** The earliest a schedule may be, so it is not in the past by the time Exchange has it. */
export const MIN_LEAD_MS = 60_000;
export const MAX_LEAD_MS = 366 * 24 * 3_600_000;

const deferredTime = (at: Date) => ({
  singleValueExtendedProperties: [{ id: DEFERRED_SEND_TIME, value: at.toISOString() }],
});

function setDeferredTime(userId: string, messageId: string, at: Date): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/me/messages/${messageId}`).patch(deferredTime(at));
  });
}

/** Sends the saved draft at `sendAt`. On failure the draft stays in Drafts, to be sent whenever asked. */
export async function scheduleSend(
  userId: string,
  draftId: string,
  sendAt: Date,
  now: number = Date.now(),
): Promise<{ sendAt: string }> {
  if (sendAt.getTime() < now + MIN_LEAD_MS) {
    throw new ApiError(422, 'too_soon', 'Pick a time at least a minute from now, or use Send.');
  }
  if (sendAt.getTime() > now + MAX_LEAD_MS) {
    throw new ApiError(422, 'too_late', 'Pick a time within the next year.');
  }
  const draft = await requireDraft(userId, draftId);
  const recipients = [
    ...(draft.toRecipients ?? []),
    ...(draft.ccRecipients ?? []),
    ...(draft.bccRecipients ?? []),
  ];
  if (!recipients.some((r) => r.emailAddress.address)) {
    throw new ApiError(400, 'no_recipients', 'Add at least one recipient before sending.');
  }
  // Exchange keeps the time to the second.
  const at = new Date(Math.floor(sendAt.getTime() / 1000) * 1000);
  await setDeferredTime(userId, draftId, at);
  try {
    await sendDraft(userId, draftId);
  } catch (error) {
    // Still a draft: take the schedule off again, so Send later means now (best effort; the error is the news).
    await setDeferredTime(userId, draftId, new Date(now)).catch(() => undefined);
    throw error;
  }
  await forgetDraft(userId, draftId);
  return { sendAt: at.toISOString() };
}

const scheduledSchema = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  parentFolderId: z.string().nullish(),
  toRecipients: z
    .array(
      z.object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }) }),
    )
    .nullish(),
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string() })).nullish(),
});
type GraphScheduled = z.infer<typeof scheduledSchema>;

const EXPAND = `singleValueExtendedProperties($filter=id eq '${DEFERRED_SEND_TIME}')`;

const sendAtOf = (message: GraphScheduled) => {
  const value = message.singleValueExtendedProperties?.[0]?.value;
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? null : new Date(at).toISOString();
};

/** Mail waiting in the Outbox for its time, soonest first. */
export async function listScheduled(userId: string): Promise<ScheduledMessageDto[]> {
  const page = await withGraph(userId, async (client) =>
    z
      .object({ value: z.array(scheduledSchema) })
      .parse(
        await client
          .api('/me/mailFolders/outbox/messages')
          .select('id,subject,toRecipients')
          .expand(EXPAND)
          .top(100)
          .get(),
      ),
  );
  return page.value
    .flatMap((message) => {
      const sendAt = sendAtOf(message);
      if (!sendAt) return [];
      return [
        {
          id: message.id,
          subject: displayText(message.subject ?? ''),
          to: (message.toRecipients ?? []).flatMap((r) =>
            r.emailAddress.address
              ? [
                  {
                    name: displayText(r.emailAddress.name || r.emailAddress.address),
                    address: displayText(r.emailAddress.address),
                  },
                ]
              : [],
          ),
          sendAt,
        },
      ];
    })
    .sort((a, b) => a.sendAt.localeCompare(b.sendAt));
}

const gone = () =>
  new ApiError(
    409,
    'already_sent',
    'That message has already been sent, or was cancelled on another device.',
  );

/** Cancels a scheduled message: it goes back to Drafts, unsent, and is sent at once if sent from there. */
export async function cancelScheduled(userId: string, messageId: string): Promise<{ draftId: string }> {
  const [message, outbox] = await withGraph(userId, async (client) =>
    Promise.all([
      client
        .api(`/me/messages/${messageId}`)
        .select('id,parentFolderId')
        .expand(EXPAND)
        .get()
        .then((m: unknown) => scheduledSchema.parse(m)),
      client
        .api('/me/mailFolders/outbox')
        .select('id')
        .get()
        .then((f: unknown) => z.object({ id: z.string() }).parse(f)),
    ]),
  ).catch((error: unknown) => {
    if (error instanceof GraphRequestError && error.kind === 'not-found') throw gone();
    throw error;
  });
  if (message.parentFolderId !== outbox.id || !sendAtOf(message)) throw gone();
  // Out of the Outbox first: changing the time while it waits there would send it now.
  const moved = await withGraph(userId, async (client) =>
    z
      .object({ id: z.string() })
      .parse(await client.api(`/me/messages/${messageId}/move`).post({ destinationId: 'drafts' })),
  );
  await setDeferredTime(userId, moved.id, new Date());
  return { draftId: moved.id };
}
