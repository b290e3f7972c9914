import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { type BatchRequest, type BatchResponse, runBatched } from '../graph/batch';
import { withGraph } from '../graph/client';
import { publishMailboxChanged, publishMailChanges } from '../realtime/mail-events';
import { findFolder, listFolders, narrowedTo, recountFolders, upsertMessages } from './cache';
import { categoriesAfter } from './category-change';
import { toSummaryDto } from './dto';
import { type GraphMessage, graphMessageSchema } from './graph-mail';
import {
  BULK_LIMIT,
  type BulkChange,
  type BulkResultDto,
  type FlagStatus,
  type MessageIdsDto,
  type MessageListFilter,
  type MessageStateDto,
  SELECT_ALL_LIMIT,
} from './types';

/*
 * Changes to many messages at once (a selection's archive, move, read, flag, categorize, and their undo):
 * each message may get its own change, so an undo can put every message back in its own former folder and
 * state. Sent to Graph as JSON batches (lib/graph/batch.ts: 20 per call, at most 4 calls in flight per
 * mailbox); the answer says, message by message, what was done and what it was before, or why not.
 */

/** More than this many changes are announced to other tabs as one "revalidate", not message by message. */
const EVENTS_PER_MESSAGE_LIMIT = 25;

/** Inside a JSON batch each request carries its own headers: the client's Prefer does not reach them. */
const IMMUTABLE_IDS = { Prefer: 'IdType="ImmutableId"' };

const graphError = z.object({ error: z.object({ code: z.string().optional() }).optional() }).optional();

/** Why Graph refused one message's change, said for a person. */
export function refusalReason(response: BatchResponse | undefined): string {
  if (!response) return 'Microsoft 365 didn’t answer for this message; try again.';
  const code = graphError.safeParse(response.body).data?.error?.code;
  if (response.status === 404) return 'It’s no longer there (moved or deleted elsewhere).';
  if (response.status === 429) return 'Microsoft 365 is busy; try again in a minute.';
  if (response.status === 403) return 'Your mailbox doesn’t allow this change.';
  if (response.status >= 500) return 'Microsoft 365 couldn’t do it just now; try again.';
  return `Microsoft 365 refused it${code ? ` (${code})` : ''}.`;
}

const stateOf = (row: {
  folderGraphId: string;
  isRead: boolean;
  flagStatus: string;
  categories: string[];
}): MessageStateDto => ({
  folderId: row.folderGraphId,
  isRead: row.isRead,
  flagStatus: row.flagStatus as FlagStatus,
  categories: row.categories,
});

export async function applyBulk(userId: string, changes: BulkChange[]): Promise<BulkResultDto[]> {
  if (changes.length > BULK_LIMIT)
    throw new ApiError(
      400,
      'invalid_request',
      `This change names too many messages: send at most ${BULK_LIMIT} at a time.`,
    );
  if (new Set(changes.map((c) => c.id)).size !== changes.length)
    throw new ApiError(400, 'invalid_request', 'A message is named twice in one change.');

  const folders = await listFolders(userId);
  const folderId = (idOrName: string) =>
    folders.find((f) => f.graphId === idOrName || f.wellKnownName === idOrName.toLowerCase())?.graphId;
  for (const change of changes) {
    if (change.folderId !== undefined && !folderId(change.folderId))
      throw new ApiError(400, 'invalid_request', `There is no folder "${change.folderId}" in your mailbox.`);
  }

  const rows = await db.mailMessage.findMany({
    where: { userId, graphId: { in: changes.map((c) => c.id) } },
    omit: { bodyContent: true, attachments: true },
  });
  const rowById = new Map(rows.map((row) => [row.graphId, row]));
  const failures = new Map<string, string>();
  const patches: BatchRequest[] = [];
  const moves: BatchRequest[] = [];
  for (const change of changes) {
    const row = rowById.get(change.id);
    if (!row) {
      failures.set(change.id, 'It’s no longer in your mailbox (moved or deleted elsewhere).');
      continue;
    }
    const categories = categoriesAfter(row.categories, change);
    const body = {
      ...(change.isRead === undefined ? {} : { isRead: change.isRead }),
      ...(change.flagStatus === undefined ? {} : { flag: { flagStatus: change.flagStatus } }),
      ...(categories === null ? {} : { categories }),
    };
    const url = `/me/messages/${encodeURIComponent(row.graphId)}`;
    if (Object.keys(body).length > 0)
      patches.push({ id: row.graphId, method: 'PATCH', url, body, headers: IMMUTABLE_IDS });
    const destination = change.folderId === undefined ? undefined : folderId(change.folderId);
    if (destination && destination !== row.folderGraphId)
      moves.push({
        id: row.graphId,
        method: 'POST',
        url: `${url}/move`,
        body: { destinationId: destination },
        headers: IMMUTABLE_IDS,
      });
  }

  const changed = new Map<string, GraphMessage>();
  const settle = (responses: Map<string, BatchResponse>, requests: BatchRequest[]) => {
    for (const request of requests) {
      const response = responses.get(request.id);
      const message = response && response.status < 300 ? graphMessageSchema.safeParse(response.body) : null;
      if (message?.success) changed.set(request.id, message.data);
      else failures.set(request.id, refusalReason(response));
    }
  };
  await withGraph(userId, async (client) => {
    if (patches.length) settle(await runBatched(client, userId, patches), patches);
    // A message is moved only once its other changes held, so a failure leaves it where the person saw it.
    const movable = moves.filter((m) => !failures.has(m.id));
    if (movable.length) settle(await runBatched(client, userId, movable), movable);
  });

  const saved = [...changed.values()];
  const renamed = [...changed].filter(([id, message]) => message.id !== id).map(([id]) => id);
  if (renamed.length) await db.mailMessage.deleteMany({ where: { userId, graphId: { in: renamed } } });
  await upsertMessages(userId, saved);
  const touched = [...new Set([...rows.map((r) => r.folderGraphId), ...saved.map((m) => m.parentFolderId)])];
  await recountFolders(userId, touched);
  const updated = saved.map((m) => m.id);
  await publishMailChanges(userId, {
    updated: updated.length <= EVENTS_PER_MESSAGE_LIMIT ? updated : [],
    folders: touched,
  });
  if (updated.length > EVENTS_PER_MESSAGE_LIMIT) await publishMailboxChanged(userId, 'bulk change');

  const fresh = new Map(
    (
      await db.mailMessage.findMany({
        where: { userId, graphId: { in: updated } },
        omit: { bodyContent: true, attachments: true },
      })
    ).map((row) => [row.graphId, row]),
  );
  return changes.map((change): BulkResultDto => {
    const failure = failures.get(change.id);
    const row = rowById.get(change.id);
    const now = fresh.get(changed.get(change.id)?.id ?? change.id);
    if (failure || !row) return { id: change.id, ok: false, error: failure ?? 'It’s no longer there.' };
    // Nothing to do (already in that state) counts as done.
    return { id: change.id, ok: true, before: stateOf(row), message: toSummaryDto(now ?? row) };
  });
}

/**
 * What "select all in this folder" covers: every message there received up to `upTo` (mail that arrived
 * after the person chose is not swept in), newest first, minus `except`; in the Focused or Other tab
 * and one category when the list shown is narrowed so.
 */
export async function messageIdsInFolder(
  userId: string,
  folder: string,
  upTo: Date,
  except: string[],
  filter: MessageListFilter = {},
): Promise<MessageIdsDto> {
  const target = await findFolder(userId, folder);
  if (!target) throw new ApiError(404, 'not_found', 'That folder is not in your mailbox.');
  const skip = new Set(except);
  const rows = await db.mailMessage.findMany({
    where: {
      userId,
      folderGraphId: target.graphId,
      receivedAt: { lte: upTo },
      ...narrowedTo(filter),
    },
    orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
    select: { graphId: true },
    take: SELECT_ALL_LIMIT + skip.size + 1,
  });
  const ids = rows.map((r) => r.graphId).filter((id) => !skip.has(id));
  return { ids: ids.slice(0, SELECT_ALL_LIMIT), truncated: ids.length > SELECT_ALL_LIMIT };
}
