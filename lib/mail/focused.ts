import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { type BatchRequest, runBatched } from '../graph/batch';
import { graphPath, withGraph } from '../graph/client';
import { publishMailboxChanged, publishMailChanges } from '../realtime/mail-events';
import { findFolder, upsertMessages } from './cache';
import { toSummaryDto } from './dto';
import { type GraphMessage, graphMessageSchema, MESSAGE_FIELDS } from './graph-mail';
import { updateMessage } from './messages';
import type { FocusedOverrideDto, FocusedOverrideRequest, InboxView, MessageSummaryDto } from './types';

/*
 * The Inbox's Focused and Other tabs (Graph's inferenceClassification): one message moved between them,
 * or every message from a sender, now and from now on, through a Focused Inbox override.
 */

/** How many of a sender's Inbox messages are looked at when an override is made (newest first). */
const SENDER_SCAN_LIMIT = 1000;

const IMMUTABLE_IDS = { Prefer: 'IdType="ImmutableId"' };

/** More moved messages than this are announced to other tabs as one "revalidate". */
const EVENTS_PER_MESSAGE_LIMIT = 25;

const messagePage = z.object({
  value: z.array(graphMessageSchema),
  '@odata.nextLink': z.string().optional(),
});

/** Moves one message to the Focused or Other tab. */
export function classifyMessage(
  userId: string,
  messageId: string,
  classifyAs: InboxView,
): Promise<MessageSummaryDto> {
  return updateMessage(userId, messageId, { inferenceClassification: classifyAs });
}

/**
 * Always puts mail from a sender in Focused or Other: creates Graph's override (which classifies their
 * future mail), then makes sure the sender's mail already in the Inbox is in that tab too. Exchange may
 * move it by itself; what it has not moved is PATCHed here, in batches. The cache and other tabs follow.
 */
export async function alwaysClassifySender(
  userId: string,
  request: FocusedOverrideRequest,
): Promise<FocusedOverrideDto> {
  const address = request.address.trim();
  const { classifyAs } = request;
  const inbox = await findFolder(userId, 'inbox');
  const moved = await withGraph(userId, async (client) => {
    await client.api('/me/inferenceClassification/overrides').post({
      classifyAs,
      senderEmailAddress: { address, name: request.name?.trim() || address },
    });
    if (!inbox) return [];
    const filter = `from/emailAddress/address eq '${address.replace(/'/g, "''")}'`;
    const found: GraphMessage[] = [];
    let page = messagePage.parse(
      await client
        .api(`/me/mailFolders/${inbox.graphId}/messages`)
        .filter(filter)
        .select(MESSAGE_FIELDS)
        .top(250)
        .get(),
    );
    found.push(...page.value);
    while (page['@odata.nextLink'] && found.length < SENDER_SCAN_LIMIT) {
      const link = page['@odata.nextLink'];
      page = messagePage.parse(await client.api(graphPath(link)).get());
      found.push(...page.value);
    }
    const wrong = found.filter((m) => m.inferenceClassification !== classifyAs);
    const patches: BatchRequest[] = wrong.map((m) => ({
      id: m.id,
      method: 'PATCH',
      url: `/me/messages/${encodeURIComponent(m.id)}`,
      body: { inferenceClassification: classifyAs },
      headers: IMMUTABLE_IDS,
    }));
    const responses = patches.length ? await runBatched(client, userId, patches) : new Map();
    return found.map((message) => {
      const patched = graphMessageSchema.safeParse(responses.get(message.id)?.body);
      return patched.success ? patched.data : message;
    });
  });
  await upsertMessages(userId, moved);
  const ids = moved.map((m) => m.id);
  // A sender with a long history: other tabs re-read their lists rather than hear of each message.
  if (ids.length > EVENTS_PER_MESSAGE_LIMIT) await publishMailboxChanged(userId, 'focused override');
  else if (ids.length) await publishMailChanges(userId, { updated: ids });
  const rows = await db.mailMessage.findMany({
    where: { userId, graphId: { in: ids } },
    orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
    omit: { bodyContent: true, attachments: true },
  });
  return { classifyAs, moved: rows.map(toSummaryDto) };
}
