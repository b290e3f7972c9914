/* Pure updates of cached API data, used for optimistic changes and for undoing them. */
import type { ConversationDto, FolderDto, MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';
import type { FoldersResponse } from './use-folders';

export type Pages = MessagePageDto[] | undefined;

export function pagesContain(pages: Pages, id: string): boolean {
  return Boolean(pages?.some((page) => page.messages.some((m) => m.id === id)));
}

export function patchInPages(pages: Pages, id: string, patch: Partial<MessageSummaryDto>): Pages {
  return pages?.map((page) =>
    page.messages.some((m) => m.id === id)
      ? { ...page, messages: page.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }
      : page,
  );
}

export function removeFromPages(pages: Pages, id: string): Pages {
  return pages?.map((page) =>
    page.messages.some((m) => m.id === id)
      ? { ...page, messages: page.messages.filter((m) => m.id !== id) }
      : page,
  );
}

/** Puts a message back where it sorts (newest first), for undoing a move out of the list. */
export function insertIntoPages(pages: Pages, message: MessageSummaryDto): Pages {
  if (!pages || pagesContain(pages, message.id)) return pages;
  let placed = false;
  const next = pages.map((page, pageIndex) => {
    if (placed) return page;
    const at = page.messages.findIndex((m) => m.receivedAt < message.receivedAt);
    const isLast = pageIndex === pages.length - 1;
    if (at === -1 && !isLast) return page;
    placed = true;
    const messages = [...page.messages];
    messages.splice(at === -1 ? messages.length : at, 0, message);
    return { ...page, messages };
  });
  return next;
}

export function patchInConversation(
  conversation: ConversationDto | undefined,
  id: string,
  patch: Partial<MessageSummaryDto>,
): ConversationDto | undefined {
  if (!conversation) return conversation;
  return {
    ...conversation,
    messages: conversation.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)),
  };
}

/** Adds to a folder's unread and total counts (negative to take away). */
export function adjustFolderCounts(
  data: FoldersResponse | undefined,
  folderId: string,
  unread: number,
  total: number,
): FoldersResponse | undefined {
  if (!data) return data;
  return {
    folders: data.folders.map((f: FolderDto) =>
      f.id === folderId
        ? {
            ...f,
            unreadCount: Math.max(0, f.unreadCount + unread),
            totalCount: Math.max(0, f.totalCount + total),
          }
        : f,
    ),
  };
}

/** A folder given by id or well-known name, as the API accepts either. */
export function findFolder(folders: FolderDto[] | undefined, idOrName: string): FolderDto | undefined {
  return folders?.find((f) => f.id === idOrName || f.wellKnownName === idOrName);
}

/**
 * A message the server says changed or arrived: replaced where it is, else placed where it sorts
 * (newest first). One older than everything loaded waits for its page unless the list is complete.
 */
export function upsertIntoPages(pages: Pages, message: MessageSummaryDto): Pages {
  if (!pages) return pages;
  if (pagesContain(pages, message.id)) return patchInPages(pages, message.id, message);
  const last = pages[pages.length - 1];
  const oldest = last?.messages[last.messages.length - 1];
  if (last?.nextCursor && oldest && oldest.receivedAt > message.receivedAt) return pages;
  if (pages.length === 0) return [{ messages: [message], nextCursor: null }];
  return insertIntoPages(pages, message);
}

/** Replaces folders' counts with the server's figures; folders it doesn't mention keep theirs. */
export function setFolderCounts(
  data: FoldersResponse | undefined,
  counts: { id: string; unreadCount: number; totalCount: number }[],
): FoldersResponse | undefined {
  if (!data) return data;
  const byId = new Map(counts.map((c) => [c.id, c]));
  return {
    folders: data.folders.map((f) => {
      const count = byId.get(f.id);
      return count ? { ...f, unreadCount: count.unreadCount, totalCount: count.totalCount } : f;
    }),
  };
}

/**
 * Whether a message belongs in a list narrowed (by its URL's view= and category=) to the Inbox's Focused
 * or Other tab or to one category: one that changed tab or category leaves the lists it no longer fits.
 */
export function listAccepts(params: URLSearchParams, message: MessageSummaryDto): boolean {
  const view = params.get('view');
  const category = params.get('category');
  if (view && message.inferenceClassification !== view) return false;
  if (category && !message.categories.includes(category)) return false;
  return true;
}
