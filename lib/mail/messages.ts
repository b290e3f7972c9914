import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { env } from '../env';
import type { MailMessage } from '../generated/prisma/client';
import { publishMailChanges } from '../realtime/mail-events';
import {
  conversationMessages,
  decodeCursor,
  findFolder,
  findMessage,
  listFolders,
  listMessages,
  messageFields,
  recountFolders,
  searchCache,
  upsertMessages,
} from './cache';
import { displayText } from './display-text';
import { addressesOf, toFolderDto, toSummaryDto } from './dto';
import {
  attachmentSchema,
  fetchAttachmentBytes,
  fetchMessageWithBody,
  moveMessage,
  patchMessage,
  searchMessages,
} from './graph-mail';
import { signInlineLink } from './inline-links';
import { renderMessageBody } from './render-body';
import { storable } from './storable';
import type {
  AttachmentDto,
  ConversationDto,
  MessageDetailDto,
  MessagePageDto,
  MessagePatch,
  MessageSummaryDto,
  SearchResultDto,
} from './types';

/*
 * Reading and changing messages for one person. Reads come from the cache (bodies are fetched from Graph
 * on first open and kept); changes go to Graph first and then to the cache, so the cache never claims
 * something Graph refused.
 */

const storedAttachments = z.array(attachmentSchema);

const notFound = () =>
  new ApiError(404, 'not_found', 'That message is not in your mailbox. It may have been moved or deleted.');

async function requireMessage(userId: string, messageId: string): Promise<MailMessage> {
  const message = await findMessage(userId, messageId);
  if (!message) throw notFound();
  return message;
}

/** The body and attachment list, fetched from Graph the first time and cached after. */
async function withBody(userId: string, message: MailMessage): Promise<MailMessage> {
  if (message.bodyFetchedAt && message.bodyContent !== null) return message;
  const { message: graph, attachments } = await fetchMessageWithBody(userId, message.graphId);
  return db.mailMessage.update({
    where: { id: message.id },
    data: {
      ...messageFields(graph),
      bodyType: graph.body.contentType,
      bodyContent: storable(graph.body.content),
      attachments: storable(attachments),
      bodyFetchedAt: new Date(),
    },
  });
}

async function isTrusted(userId: string, address: string | null): Promise<boolean> {
  if (!address) return false;
  return (await db.trustedSender.count({ where: { userId, address: address.toLowerCase() } })) > 0;
}

/** Where the body as received can be downloaded (root-relative: it is also linked from the body's frame). */
export function originalUrl(messageId: string): string {
  return `/api/messages/${encodeURIComponent(messageId)}/original`;
}

async function toDetail(
  userId: string,
  message: MailMessage,
  showImages: boolean,
): Promise<MessageDetailDto> {
  const attachments = storedAttachments.safeParse(message.attachments ?? []);
  const list = attachments.success ? attachments.data : [];
  const baseUrl = env.NEXTAUTH_URL ?? 'http://localhost:3000';
  const inlineImages: Record<string, string> = {};
  for (const a of list) {
    if (a.contentId) {
      const token = signInlineLink({ userId, messageId: message.graphId, attachmentId: a.id });
      inlineImages[a.contentId.replace(/^<|>$/g, '')] = `${baseUrl}/api/inline/${token}`;
    }
  }
  const senderTrusted = await isTrusted(userId, message.fromAddress);
  const remoteContentAllowed = showImages || senderTrusted;
  const rendered = await renderMessageBody({
    body: { contentType: message.bodyType === 'text' ? 'text' : 'html', content: message.bodyContent ?? '' },
    inlineImages,
    allowRemoteContent: remoteContentAllowed,
    originalUrl: originalUrl(message.graphId),
  });
  return {
    ...toSummaryDto(message),
    to: addressesOf(message.toRecipients),
    cc: addressesOf(message.ccRecipients),
    bodyDocument: rendered.document,
    hasRemoteContent: rendered.hasRemoteContent,
    tooComplex: rendered.tooComplex,
    remoteContentAllowed,
    senderTrusted,
    attachments: list
      .filter((a) => !a.isInline)
      .map(
        (a): AttachmentDto => ({
          id: a.id,
          name: displayText(a.name ?? 'attachment'),
          contentType: a.contentType ?? 'application/octet-stream',
          size: a.size ?? 0,
          isInline: a.isInline ?? false,
          url: `/api/messages/${encodeURIComponent(message.graphId)}/attachments/${encodeURIComponent(a.id)}`,
        }),
      ),
  };
}

export async function getMessageDetail(
  userId: string,
  messageId: string,
  showImages = false,
): Promise<MessageDetailDto> {
  const message = await withBody(userId, await requireMessage(userId, messageId));
  return toDetail(userId, message, showImages);
}

export async function getConversation(userId: string, conversationId: string): Promise<ConversationDto> {
  const messages = await conversationMessages(userId, conversationId);
  if (!messages.length) throw new ApiError(404, 'not_found', 'That conversation is not in your mailbox.');
  const withBodies = await Promise.all(messages.map((m) => withBody(userId, m)));
  return { conversationId, messages: await Promise.all(withBodies.map((m) => toDetail(userId, m, false))) };
}

export async function updateMessage(
  userId: string,
  messageId: string,
  patch: MessagePatch,
): Promise<MessageSummaryDto> {
  const message = await requireMessage(userId, messageId);
  const updated = await patchMessage(userId, message.graphId, {
    ...(patch.isRead === undefined ? {} : { isRead: patch.isRead }),
    ...(patch.flagStatus === undefined ? {} : { flag: { flagStatus: patch.flagStatus } }),
  });
  await upsertMessages(userId, [updated]);
  await recountFolders(userId, [message.folderGraphId]);
  // Other tabs and devices follow changes made here too.
  await publishMailChanges(userId, { updated: [message.graphId], folders: [message.folderGraphId] });
  return toSummaryDto(await requireMessage(userId, messageId));
}

/** Moves a message to a folder (id or well-known name such as archive or deleteditems). */
export async function moveToFolder(
  userId: string,
  messageId: string,
  destination: string,
): Promise<MessageSummaryDto> {
  const message = await requireMessage(userId, messageId);
  const folder = await findFolder(userId, destination);
  if (!folder)
    throw new ApiError(400, 'invalid_request', `There is no folder "${destination}" in your mailbox.`);
  const moved = await moveMessage(userId, message.graphId, folder.graphId);
  // With immutable ids the id stays the same; should Graph hand back a new one, the old row goes.
  if (moved.id !== message.graphId)
    await db.mailMessage.deleteMany({ where: { userId, graphId: message.graphId } });
  await upsertMessages(userId, [moved]);
  await recountFolders(userId, [message.folderGraphId, folder.graphId]);
  await publishMailChanges(userId, { updated: [moved.id], folders: [message.folderGraphId, folder.graphId] });
  return toSummaryDto(await requireMessage(userId, moved.id));
}

export async function getAttachment(userId: string, messageId: string, attachmentId: string) {
  const message = await withBody(userId, await requireMessage(userId, messageId));
  const parsed = storedAttachments.safeParse(message.attachments ?? []);
  const attachment = parsed.success ? parsed.data.find((a) => a.id === attachmentId) : undefined;
  if (!attachment) throw new ApiError(404, 'not_found', 'That attachment is not on this message.');
  const bytes = await fetchAttachmentBytes(userId, message.graphId, attachment.id);
  return {
    bytes,
    name: displayText(attachment.name ?? 'attachment'),
    contentType: attachment.contentType ?? 'application/octet-stream',
  };
}

/**
 * The body exactly as Graph gave it, for the download offered when it is too complex to show. HTML stays
 * HTML: it is served as an attachment that the browser never renders (see the route's headers).
 */
export async function getOriginalBody(
  userId: string,
  messageId: string,
): Promise<{ content: string; fileName: string }> {
  const message = await withBody(userId, await requireMessage(userId, messageId));
  const extension = message.bodyType === 'text' ? 'txt' : 'html';
  return { content: message.bodyContent ?? '', fileName: `message.${extension}` };
}

export async function search(
  userId: string,
  query: string,
  source: 'cache' | 'graph',
): Promise<SearchResultDto> {
  if (source === 'cache') return { source, messages: (await searchCache(userId, query)).map(toSummaryDto) };
  const found = await searchMessages(userId, query);
  await upsertMessages(userId, found);
  const rows = await db.mailMessage.findMany({
    where: { userId, graphId: { in: found.map((m) => m.id) } },
    orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
    omit: { bodyContent: true, attachments: true },
  });
  return { source, messages: rows.map(toSummaryDto) };
}

export async function trustSender(userId: string, address: string): Promise<void> {
  const normalized = address.trim().toLowerCase();
  await db.trustedSender.upsert({
    where: { userId_address: { userId, address: normalized } },
    create: { userId, address: normalized },
    update: {},
  });
}

export async function getFolders(userId: string) {
  return (await listFolders(userId)).map(toFolderDto);
}

/** A page of a folder (id or well-known name), newest first. */
export async function getMessagePage(
  userId: string,
  folder: string,
  cursor: string | null,
  limit: number,
): Promise<MessagePageDto> {
  const found = await findFolder(userId, folder);
  if (!found) {
    // Before the first sync has saved folders there is simply nothing yet, not an error.
    if ((await listFolders(userId)).length === 0) return { messages: [], nextCursor: null };
    throw new ApiError(404, 'not_found', `There is no folder "${folder}" in your mailbox.`);
  }
  const decoded = cursor ? decodeCursor(cursor) : null;
  if (cursor && !decoded)
    throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this API handed out');
  const { rows, nextCursor } = await listMessages(userId, found.graphId, limit, decoded);
  return { messages: rows.map(toSummaryDto), nextCursor };
}
