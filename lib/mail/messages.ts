import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { env } from '../env';
import type { MailMessage } from '../generated/prisma/client';
import { publishMailChanges } from '../realtime/mail-events';
import {
  conversationMessages,
  countMessages,
  decodeCursor,
  findFolder,
  findMessage,
  listFolders,
  listMessages,
  messageFields,
  recountFolders,
  upsertMessages,
} from './cache';
import { displayText } from './display-text';
import { addressesOf, toFolderDto, toSummaryDto } from './dto';
import { arrivingInboxPage, fillFirstPage, fillFolders } from './first-page';
import {
  attachmentSchema,
  fetchAttachmentBytes,
  fetchMessageWithBody,
  moveMessage,
  patchMessage,
} from './graph-mail';
import { type RenderedBody, renderMessageBody } from './render-body';
import {
  findRendering,
  findRenderings,
  type InlineTarget,
  inlinePlaceholders,
  renderKey,
  type StoredRendering,
  saveRendering,
  withFreshLinks,
} from './rendered-store';
import { storable } from './storable';
import type {
  AttachmentDto,
  ConversationDto,
  MessageDetailDto,
  MessageListFilter,
  MessagePageDto,
  MessagePatch,
  MessageSummaryDto,
} from './types';

/*
 * Reading and changing messages for one person. Reads come from the cache (bodies are fetched from Graph
 * on first open and kept, and so is their sanitized rendering: rendered-store.ts); changes go to Graph
 * first and then to the cache, so the cache never claims something Graph refused.
 */

const storedAttachments = z.array(attachmentSchema);

const notFound = () =>
  new ApiError(404, 'not_found', 'That message is not in your mailbox. It may have been moved or deleted.');

/** A cached message as reads load it: everything but the raw body, which is read only to render it. */
type MessageRow = Omit<MailMessage, 'bodyContent'>;
interface Body {
  bodyType: string | null;
  bodyContent: string | null;
}

async function requireMessage(userId: string, messageId: string): Promise<MessageRow> {
  const message = await findMessage(userId, messageId);
  if (!message) throw notFound();
  return message;
}

/** Fetches the body and attachment list from Graph into the cache. */
async function fetchBody(userId: string, message: MessageRow): Promise<{ message: MessageRow; body: Body }> {
  const { message: graph, attachments } = await fetchMessageWithBody(userId, message.graphId);
  const body = { bodyType: graph.body.contentType, bodyContent: storable(graph.body.content) };
  const updated = await db.mailMessage.update({
    where: { id: message.id },
    data: {
      ...messageFields(graph),
      ...body,
      attachments: storable(attachments),
      bodyFetchedAt: new Date(),
    },
    omit: { bodyContent: true },
  });
  return { message: updated, body };
}

/**
 * The message with its body and attachment list in the cache (fetched from Graph the first time), and
 * the body itself when it was just fetched.
 */
async function withBody(userId: string, message: MessageRow): Promise<{ message: MessageRow; body?: Body }> {
  return message.bodyFetchedAt ? { message } : fetchBody(userId, message);
}

/** The cached body (read only when it must be rendered or downloaded). */
async function readBody(userId: string, message: MessageRow): Promise<{ message: MessageRow; body: Body }> {
  const body = await db.mailMessage.findUnique({
    where: { userId_graphId: { userId, graphId: message.graphId } },
    select: { bodyType: true, bodyContent: true, bodyFetchedAt: true },
  });
  if (!body?.bodyFetchedAt || body.bodyContent === null) return fetchBody(userId, message);
  return { message: { ...message, bodyFetchedAt: body.bodyFetchedAt }, body };
}

/** Which of these senders the person always shows remote images for (lower-cased addresses). */
async function trustedAmong(userId: string, addresses: (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(addresses.flatMap((a) => (a ? [a.toLowerCase()] : [])))];
  if (!wanted.length) return new Set();
  const rows = await db.trustedSender.findMany({
    where: { userId, address: { in: wanted } },
    select: { address: true },
  });
  return new Set(rows.map((r) => r.address));
}

/** Where the body as received can be downloaded (root-relative: it is also linked from the body's frame). */
export function originalUrl(messageId: string): string {
  return `/api/messages/${encodeURIComponent(messageId)}/original`;
}

const appUrl = () => env.NEXTAUTH_URL ?? 'http://localhost:3000';

function inlineTargets(attachments: z.infer<typeof storedAttachments>): InlineTarget[] {
  return attachments.flatMap((a) =>
    a.contentId ? [{ contentId: a.contentId.replace(/^<|>$/g, ''), attachmentId: a.id }] : [],
  );
}

/**
 * The sanitized body: the stored rendering when there is a valid one (the raw body is not even read),
 * otherwise rendered now and stored. Either way with fresh inline-image links.
 */
async function renderedBody(
  userId: string,
  loaded: { message: MessageRow; body?: Body },
  remoteAllowed: boolean,
  /** Looked up already (a conversation's in one query); undefined: look it up here. */
  prefetched?: StoredRendering | null,
): Promise<{
  message: MessageRow;
  rendered: Pick<RenderedBody, 'document' | 'hasRemoteContent' | 'tooComplex'>;
}> {
  const baseUrl = appUrl();
  const key = renderKey(baseUrl);
  const owner = { userId, messageId: loaded.message.graphId };
  const keyOf = (message: MessageRow, bodyFetchedAt: Date) => ({
    userId,
    messageGraphId: message.graphId,
    remoteAllowed,
    bodyFetchedAt,
    renderKey: key,
  });
  const { bodyFetchedAt } = loaded.message;
  if (bodyFetchedAt && !loaded.body) {
    const stored =
      prefetched === undefined ? await findRendering(keyOf(loaded.message, bodyFetchedAt)) : prefetched;
    if (stored) {
      const targets = inlineTargets(attachmentsOf(loaded.message));
      const document = withFreshLinks(stored.document, stored.placeholderNonce, targets, owner);
      return { message: loaded.message, rendered: { ...stored, document } };
    }
  }
  const { message, body } = loaded.body
    ? { message: loaded.message, body: loaded.body }
    : await readBody(userId, loaded.message);
  const targets = inlineTargets(attachmentsOf(message));
  const placeholders = inlinePlaceholders(baseUrl, targets);
  const rendered = await renderMessageBody({
    body: { contentType: body.bodyType === 'text' ? 'text' : 'html', content: body.bodyContent ?? '' },
    inlineImages: placeholders.inlineImages,
    allowRemoteContent: remoteAllowed,
    originalUrl: originalUrl(message.graphId),
    foldQuotes: true,
  });
  if (message.bodyFetchedAt)
    await saveRendering(keyOf(message, message.bodyFetchedAt), rendered, placeholders.nonce);
  const document = withFreshLinks(rendered.document, placeholders.nonce, targets, owner);
  return { message, rendered: { ...rendered, document } };
}

function attachmentsOf(message: MessageRow) {
  const parsed = storedAttachments.safeParse(message.attachments ?? []);
  return parsed.success ? parsed.data : [];
}

interface DetailOptions {
  showImages: boolean;
  trusted: Set<string>;
  stored?: StoredRendering | null;
}

const remoteAllowedFor = (message: MessageRow, { showImages, trusted }: DetailOptions) =>
  showImages || trusted.has(message.fromAddress?.toLowerCase() ?? '');

async function toDetail(
  userId: string,
  loaded: { message: MessageRow; body?: Body },
  options: DetailOptions,
): Promise<MessageDetailDto> {
  const senderTrusted = options.trusted.has(loaded.message.fromAddress?.toLowerCase() ?? '');
  const remoteContentAllowed = remoteAllowedFor(loaded.message, options);
  const { message, rendered } = await renderedBody(userId, loaded, remoteContentAllowed, options.stored);
  return {
    ...toSummaryDto(message),
    to: addressesOf(message.toRecipients),
    cc: addressesOf(message.ccRecipients),
    bodyDocument: rendered.document,
    hasRemoteContent: rendered.hasRemoteContent,
    tooComplex: rendered.tooComplex,
    remoteContentAllowed,
    senderTrusted,
    attachments: attachmentsOf(message)
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
  const loaded = await withBody(userId, await requireMessage(userId, messageId));
  const trusted = await trustedAmong(userId, [loaded.message.fromAddress]);
  return toDetail(userId, loaded, { showImages, trusted });
}

export async function getConversation(userId: string, conversationId: string): Promise<ConversationDto> {
  const messages = await conversationMessages(userId, conversationId);
  if (!messages.length) throw new ApiError(404, 'not_found', 'That conversation is not in your mailbox.');
  const loaded = await Promise.all(messages.map((m) => withBody(userId, m)));
  const trusted = await trustedAmong(
    userId,
    loaded.map((l) => l.message.fromAddress),
  );
  // The stored renderings of the whole conversation in one query rather than one per message.
  const key = renderKey(appUrl());
  const stored = await findRenderings(
    loaded.flatMap(({ message, body }) =>
      message.bodyFetchedAt && !body
        ? [
            {
              userId,
              messageGraphId: message.graphId,
              remoteAllowed: remoteAllowedFor(message, { showImages: false, trusted }),
              bodyFetchedAt: message.bodyFetchedAt,
              renderKey: key,
            },
          ]
        : [],
    ),
  );
  return {
    conversationId,
    messages: await Promise.all(
      loaded.map((l) =>
        toDetail(userId, l, {
          showImages: false,
          trusted,
          stored: stored.get(l.message.graphId) ?? null,
        }),
      ),
    ),
  };
}

/** Category names trimmed, each once (the first spelling kept: Outlook's names ignore case). */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names
    .map((name) => name.trim())
    .filter((name) => {
      const key = name.toLowerCase();
      if (!name || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
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
    ...(patch.categories === undefined ? {} : { categories: uniqueNames(patch.categories) }),
    ...(patch.inferenceClassification === undefined
      ? {}
      : { inferenceClassification: patch.inferenceClassification }),
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
  const { message } = await withBody(userId, await requireMessage(userId, messageId));
  const attachment = attachmentsOf(message).find((a) => a.id === attachmentId);
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
  const { body } = await readBody(userId, await requireMessage(userId, messageId));
  const extension = body.bodyType === 'text' ? 'txt' : 'html';
  return { content: body.bodyContent ?? '', fileName: `message.${extension}` };
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
  let folders = await listFolders(userId);
  // Before the first sync has stored the list, it is read from Graph (first-page.ts).
  if (folders.length === 0) {
    await fillFolders(userId);
    folders = await listFolders(userId);
  }
  return folders.map(toFolderDto);
}

/** A page of a folder (id or well-known name), newest first; Focused/Other and one category narrow it. */
export async function getMessagePage(
  userId: string,
  folder: string,
  cursor: string | null,
  limit: number,
  filter: MessageListFilter = {},
): Promise<MessagePageDto> {
  // Right after a first sign-in, the Inbox shows the page Graph just gave it (first-page.ts).
  if (!cursor && folder === 'inbox') {
    const arriving = await arrivingInboxPage(userId, limit, filter);
    if (arriving) return arriving;
  }
  let found = await findFolder(userId, folder);
  if (!found && (await listFolders(userId)).length === 0) {
    // Before the first sync has saved folders, the list is read from Graph (first-page.ts).
    await fillFolders(userId);
    found = await findFolder(userId, folder);
  }
  if (!found) {
    // Graph could not tell us the folders yet: there is simply nothing yet, not an error.
    if ((await listFolders(userId)).length === 0) return { messages: [], nextCursor: null };
    throw new ApiError(404, 'not_found', `There is no folder "${folder}" in your mailbox.`);
  }
  const decoded = cursor ? decodeCursor(cursor) : null;
  if (cursor && !decoded)
    throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this API handed out');
  // A folder the first sync has not reached yet shows its newest mail straight from Graph (first-page.ts).
  if (!cursor) await fillFirstPage(userId, found, limit);
  const { rows, nextCursor } = await listMessages(userId, found.graphId, limit, decoded, filter);
  // A narrowed list's size is not the folder's count: "select all" needs it, so the first page says it.
  const narrowed = filter.view !== undefined || filter.category !== undefined;
  const total = !cursor && narrowed ? await countMessages(userId, found.graphId, filter) : undefined;
  return { messages: rows.map(toSummaryDto), nextCursor, ...(total === undefined ? {} : { total }) };
}
