import 'server-only';
import { randomUUID } from 'node:crypto';
import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import type { GraphFolder, GraphMessage } from './graph-mail';
import { storable } from './storable';
import type { MessageListFilter } from './types';

/*
 * Owner-scoped reads and writes of the mail cache. Every query names the user in its where clause, so
 * one person's id can never reach another person's row (a foreign id is simply not found).
 */

function recipients(list: GraphMessage['toRecipients']): Prisma.InputJsonValue {
  return (list ?? []).map((r) => ({
    name: r.emailAddress.name ?? '',
    address: r.emailAddress.address ?? '',
  }));
}

/** Cache fields from a Graph message (everything but the body). */
export function messageFields(graph: GraphMessage) {
  const message = storable(graph);
  return {
    folderGraphId: message.parentFolderId,
    conversationId: message.conversationId ?? message.id,
    subject: message.subject ?? '',
    preview: message.bodyPreview ?? '',
    fromName: message.from?.emailAddress.name ?? null,
    fromAddress: message.from?.emailAddress.address ?? null,
    toRecipients: recipients(message.toRecipients),
    ccRecipients: recipients(message.ccRecipients),
    receivedAt: new Date(message.receivedDateTime),
    isRead: message.isRead ?? false,
    isDraft: message.isDraft ?? false,
    flagStatus: message.flag?.flagStatus ?? 'notFlagged',
    hasAttachments: message.hasAttachments ?? false,
    importance: message.importance ?? 'normal',
    categories: message.categories ?? [],
    inferenceClassification: message.inferenceClassification ?? 'focused',
    changeKey: message.changeKey ?? null,
    graphModifiedAt: message.lastModifiedDateTime ? new Date(message.lastModifiedDateTime) : null,
  };
}

/** The columns upsertMessages writes, with the type each parameter is cast to. */
const UPSERT_COLUMNS = [
  ['id', 'text'],
  ['userId', 'text'],
  ['graphId', 'text'],
  ['folderGraphId', 'text'],
  ['conversationId', 'text'],
  ['subject', 'text'],
  ['preview', 'text'],
  ['fromName', 'text'],
  ['fromAddress', 'text'],
  ['toRecipients', 'jsonb'],
  ['ccRecipients', 'jsonb'],
  ['receivedAt', 'timestamp(3)'],
  ['isRead', 'boolean'],
  ['isDraft', 'boolean'],
  ['flagStatus', 'text'],
  ['hasAttachments', 'boolean'],
  ['importance', 'text'],
  ['categories', 'text[]'],
  ['inferenceClassification', 'text'],
  ['changeKey', 'text'],
  ['graphModifiedAt', 'timestamp(3)'],
  ['updatedAt', 'timestamp(3)'],
] as const;
/** The statement around the rows: the same for every chunk, so built once. */
const UPSERT_HEAD = `INSERT INTO "MailMessage" (${UPSERT_COLUMNS.map(([name]) => `"${name}"`).join(', ')})`;
const UPSERT_TAIL =
  `ON CONFLICT ("userId", "graphId") DO UPDATE SET ` +
  UPSERT_COLUMNS.filter(([name]) => !['id', 'userId', 'graphId'].includes(name))
    .map(([name]) => `"${name}" = EXCLUDED."${name}"`)
    .join(', ') +
  `, "bodyFetchedAt" = CASE WHEN EXCLUDED."isDraft" THEN NULL ELSE "MailMessage"."bodyFetchedAt" END ` +
  // Never backwards: a fetch that raced a newer change (and lost) leaves the newer version in place.
  `WHERE "MailMessage"."graphModifiedAt" IS NULL OR EXCLUDED."graphModifiedAt" IS NULL ` +
  `OR EXCLUDED."graphModifiedAt" >= "MailMessage"."graphModifiedAt"`;
/** Rows per statement: a delta page of 1,000 is five statements, each short enough that on the embedded
 * database a webhook's insert waiting behind one is not kept long. */
const UPSERT_CHUNK = 200;

/** A text[] parameter as PostgreSQL's array literal: every element quoted, quotes and backslashes escaped. */
const postgresArray = (list: string[]) =>
  `{${list.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** Timestamps as PostgreSQL's `timestamp(3)` holds them for Prisma: UTC, without a zone. */
const utc = (date: Date) => date.toISOString().replace('Z', '');

/**
 * Inserts or updates messages in the cache, a few hundred per statement (`INSERT … ON CONFLICT DO
 * UPDATE`) rather than one Prisma upsert per message: a first sync or a burst writes thousands. A draft's
 * body changes as it is edited, so an updated draft's body is fetched again on its next open. A version
 * older (by Graph's lastModifiedDateTime) than the one cached is ignored.
 */
export async function upsertMessages(userId: string, messages: GraphMessage[]): Promise<void> {
  // The last of several versions of one message in a batch wins, as it did one upsert after another.
  const latest = [...new Map(messages.map((m) => [m.id, m])).values()];
  for (let start = 0; start < latest.length; start += UPSERT_CHUNK) {
    const chunk = latest.slice(start, start + UPSERT_CHUNK);
    try {
      await upsertChunk(userId, chunk);
    } catch (error) {
      if (chunk.length === 1) throw error;
      // One message the database refuses must not keep the others out: they go one by one, and the one
      // that still fails is logged and counted (health shows the count) instead of failing the mailbox.
      for (const message of chunk) {
        await upsertChunk(userId, [message]).catch((alone: unknown) => {
          skipped.count += 1;
          logger.error('message skipped: the database refused it', {
            userId,
            messageId: message.id,
            error: alone instanceof Error ? alone.message : String(alone),
          });
        });
      }
    }
  }
}

/** Messages the cache could not store since the process started (operator health). */
const skipped = processSingleton('skippedMessages', () => ({ count: 0 }));
export const skippedMessageCount = () => skipped.count;

async function upsertChunk(userId: string, chunk: GraphMessage[]): Promise<void> {
  const now = utc(new Date());
  const values: unknown[] = [];
  const tuples = chunk.map((message) => {
    const fields = messageFields(message);
    const row = [
      randomUUID(),
      userId,
      message.id,
      fields.folderGraphId,
      fields.conversationId,
      fields.subject,
      fields.preview,
      fields.fromName,
      fields.fromAddress,
      JSON.stringify(fields.toRecipients),
      JSON.stringify(fields.ccRecipients),
      utc(fields.receivedAt),
      fields.isRead,
      fields.isDraft,
      fields.flagStatus,
      fields.hasAttachments,
      fields.importance,
      postgresArray(fields.categories),
      fields.inferenceClassification,
      fields.changeKey,
      fields.graphModifiedAt ? utc(fields.graphModifiedAt) : null,
      now,
    ];
    const base = values.length;
    values.push(...row);
    return `(${UPSERT_COLUMNS.map(([, type], i) => `$${base + i + 1}::${type}`).join(', ')})`;
  });
  await db.$executeRawUnsafe(`${UPSERT_HEAD} VALUES ${tuples.join(', ')} ${UPSERT_TAIL}`, ...values);
}

/**
 * Removes messages from the cache. With `fromFolder` (a folder's delta said they left it), only rows still in
 * that folder go: a message moved from A to B is announced as removed by A's delta, and when B's delta was
 * read first the row already stands in B, where it must stay.
 */
export async function removeMessages(userId: string, graphIds: string[], fromFolder?: string): Promise<void> {
  if (!graphIds.length) return;
  await db.mailMessage.deleteMany({
    where: { userId, graphId: { in: graphIds }, ...(fromFolder ? { folderGraphId: fromFolder } : {}) },
  });
}

/** Replaces the cached folder list with Graph's, keeping each folder's delta link. */
export async function saveFolders(userId: string, folders: GraphFolder[]): Promise<void> {
  const ids = folders.map((f) => f.id);
  await db.$transaction([
    db.mailFolder.deleteMany({ where: { userId, graphId: { notIn: ids } } }),
    // A folder gone from the mailbox (deleted for good in Outlook) takes its cached mail with it.
    db.mailMessage.deleteMany({ where: { userId, folderGraphId: { notIn: ids } } }),
    ...folders.map((folder) => {
      const fields = {
        displayName: folder.displayName,
        parentGraphId:
          folder.parentFolderId && folders.some((f) => f.id === folder.parentFolderId)
            ? folder.parentFolderId
            : null,
        wellKnownName: folder.wellKnownName,
        unreadCount: folder.unreadItemCount,
        totalCount: folder.totalItemCount,
      };
      return db.mailFolder.upsert({
        where: { userId_graphId: { userId, graphId: folder.id } },
        create: { userId, graphId: folder.id, ...fields },
        update: fields,
      });
    }),
  ]);
}

export function listFolders(userId: string) {
  return db.mailFolder.findMany({ where: { userId }, orderBy: { displayName: 'asc' } });
}

/** A folder of the user's by Graph id or well-known name. */
export function findFolder(userId: string, idOrWellKnown: string) {
  return db.mailFolder.findFirst({
    where: { userId, OR: [{ graphId: idOrWellKnown }, { wellKnownName: idOrWellKnown.toLowerCase() }] },
  });
}

/** Recounts a folder's totals from the cache (after local changes, until Graph's counts arrive). */
export async function recountFolders(userId: string, folderGraphIds: string[]): Promise<void> {
  for (const folderGraphId of new Set(folderGraphIds)) {
    // One pass over the folder's (userId, folderGraphId, isRead) index gives both counts.
    const groups = await db.mailMessage.groupBy({
      by: ['isRead'],
      where: { userId, folderGraphId },
      _count: { _all: true },
    });
    const totalCount = groups.reduce((sum, group) => sum + group._count._all, 0);
    const unreadCount = groups.find((group) => !group.isRead)?._count._all ?? 0;
    await db.mailFolder.updateMany({
      where: { userId, graphId: folderGraphId },
      data: { totalCount, unreadCount },
    });
  }
}

/** A cached message without its raw body (which can be megabytes): messages.ts reads that only to render. */
export function findMessage(userId: string, graphId: string) {
  return db.mailMessage.findUnique({
    where: { userId_graphId: { userId, graphId } },
    omit: { bodyContent: true },
  });
}

interface Cursor {
  receivedAt: string;
  graphId: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.receivedAt, cursor.graphId])).toString('base64url');
}

/** The cursor of the page that follows `row` (newest first, by received time then id). */
export const cursorAfter = (row: { receivedAt: Date; graphId: string }) =>
  encodeCursor({ receivedAt: row.receivedAt.toISOString(), graphId: row.graphId });

export function decodeCursor(raw: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return { receivedAt: value[0], graphId: value[1] };
    }
  } catch {}
  return null;
}

/** The where clause of a list narrowed to the Inbox's Focused or Other tab and one category. */
export function narrowedTo({ view, category }: MessageListFilter): Prisma.MailMessageWhereInput {
  return {
    ...(view ? { inferenceClassification: view } : {}),
    ...(category ? { categories: { has: category } } : {}),
  };
}

/** How many messages a folder's narrowed list (Focused/Other, one category) holds. */
export function countMessages(userId: string, folderGraphId: string, filter: MessageListFilter) {
  return db.mailMessage.count({ where: { userId, folderGraphId, ...narrowedTo(filter) } });
}

/**
 * One page of a folder, newest first, by keyset so deep pages cost what the first one does; narrowed to
 * the Inbox's Focused or Other tab and to one category when the filter says so.
 */
export async function listMessages(
  userId: string,
  folderGraphId: string,
  limit: number,
  cursor: Cursor | null,
  filter: MessageListFilter = {},
) {
  const rows = await db.mailMessage.findMany({
    where: {
      userId,
      folderGraphId,
      ...narrowedTo(filter),
      // "After the cursor" in the index's order. The `lte` bound is what lets the scan start at the cursor
      // (an index condition); the OR alone would be a filter over every row above it.
      ...(cursor
        ? {
            receivedAt: { lte: new Date(cursor.receivedAt) },
            OR: [{ receivedAt: { lt: new Date(cursor.receivedAt) } }, { graphId: { lt: cursor.graphId } }],
          }
        : {}),
    },
    orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
    take: limit + 1,
    omit: { bodyContent: true, attachments: true },
  });
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    rows: pageRows,
    nextCursor: more && last ? cursorAfter(last) : null,
  };
}

export function conversationMessages(userId: string, conversationId: string) {
  return db.mailMessage.findMany({
    where: { userId, conversationId },
    orderBy: [{ receivedAt: 'asc' }, { graphId: 'asc' }],
    omit: { bodyContent: true },
  });
}
