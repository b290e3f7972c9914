'use client';

import { apiRequest } from '@/lib/hooks/api-client';
import { conversationKey, FOLDERS_KEY, messagesPageKey, PAGE_SIZE } from '@/lib/hooks/keys';
import type { FolderDto, MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';
import { reportServerAnswer } from './connectivity';
import type { MirrorDb, MirroredResponse } from './mirror-db';
import { mirroredRow } from './mirrored-cache';

/*
 * Filling the mirror while online, so that offline there is more to read than what was opened: the newest
 * messages of every folder and the bodies of the newest unread mail (then the newest), within a space
 * budget that evicts the bodies saved longest ago. Runs quietly after the app opens, on reconnect, and
 * every few minutes; one request at a time.
 */

export interface OfflineLimits {
  inboxMessages: number;
  folderMessages: number;
  bodies: number;
  bodySpaceBytes: number;
}

const BODY_KINDS = ['conversation', 'message'] as const;
/** The newest messages of the Inbox whose bodies are kept whether read or not (then every unread one). */
const NEWEST_BODIES = 20;

async function get<T>(db: MirrorDb, url: string, kind: MirroredResponse['kind']): Promise<T> {
  const data = await apiRequest<T>(url);
  reportServerAnswer();
  await db.responses.put(mirroredRow(url, kind, data));
  return data;
}

/** The newest `limit` messages of a folder, page by page, as the message list asks for them. */
async function fillFolder(db: MirrorDb, folder: string, limit: number): Promise<MessageSummaryDto[]> {
  const messages: MessageSummaryDto[] = [];
  let cursor: string | null = null;
  while (messages.length < limit) {
    const page: MessagePageDto = await get<MessagePageDto>(db, messagesPageKey(folder, cursor), 'list');
    messages.push(...page.messages);
    if (!page.nextCursor || page.messages.length < PAGE_SIZE) break;
    cursor = page.nextCursor;
  }
  return messages;
}

/** Brings the mirror up to the limits; stops at the first failure (offline again: the next run goes on). */
export async function fillMirror(db: MirrorDb, limits: OfflineLimits): Promise<void> {
  const { folders } = await get<{ folders: FolderDto[] }>(db, FOLDERS_KEY, 'folders');
  const inbox = folders.find((f) => f.wellKnownName === 'inbox');
  let inboxMessages: MessageSummaryDto[] = [];
  for (const folder of folders) {
    const key = folder.wellKnownName ?? folder.id;
    const limit = folder === inbox ? limits.inboxMessages : limits.folderMessages;
    if (limit === 0 || folder.totalCount === 0) continue;
    const messages = await fillFolder(db, key, limit);
    if (folder === inbox) {
      inboxMessages = messages;
      // The Inbox is shown as its Focused and Other tabs: their first pages, so both open offline.
      for (const view of ['focused', 'other'] as const)
        await get<MessagePageDto>(db, messagesPageKey(key, null, { view }), 'list');
    }
  }
  // Bodies: the Inbox's newest and its unread, newest first; a conversation already saved is kept.
  const wanted = inboxMessages.filter((m, index) => index < NEWEST_BODIES || !m.isRead);
  const conversations = [...new Set(wanted.map((m) => m.conversationId))].slice(0, limits.bodies);
  for (const conversationId of conversations) {
    const url = conversationKey(conversationId);
    if (await db.responses.get(url)) continue;
    await get(db, url, 'conversation');
  }
  await trimBodies(db, limits.bodySpaceBytes);
  await db.meta.put({ key: FILLED_AT, value: Date.now() });
}

/** When the mirror was last brought up to its limits (meta row). */
export const FILLED_AT = 'filledAt';

/** Evicts the bodies saved longest ago until they fit in `budget` bytes. */
export async function trimBodies(db: MirrorDb, budget: number): Promise<void> {
  const bodies = await db.responses
    .where('kind')
    .anyOf([...BODY_KINDS])
    .sortBy('savedAt');
  let total = bodies.reduce((sum, b) => sum + b.bytes, 0);
  const evict: string[] = [];
  for (const body of bodies) {
    if (total <= budget) break;
    evict.push(body.url);
    total -= body.bytes;
  }
  if (evict.length) await db.responses.bulkDelete(evict);
}

export interface MirrorUsage {
  bytes: number;
  messages: number;
  bodies: number;
}

/** How much the mirror holds, for the person (and the README's figure). */
export async function mirrorUsage(db: MirrorDb): Promise<MirrorUsage> {
  let bytes = 0;
  let bodies = 0;
  const messages = new Set<string>();
  await db.responses.each((entry) => {
    bytes += entry.bytes;
    if (entry.kind === 'conversation' || entry.kind === 'message') bodies += 1;
    if (entry.kind === 'list') {
      const pages = Array.isArray(entry.data)
        ? (entry.data as MessagePageDto[])
        : [entry.data as MessagePageDto];
      for (const page of pages) for (const m of page?.messages ?? []) messages.add(m.id);
    }
  });
  return { bytes, messages: messages.size, bodies };
}
