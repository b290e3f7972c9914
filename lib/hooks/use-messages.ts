'use client';

import useSWRInfinite from 'swr/infinite';
import type { MessageListFilter, MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';
import { messagesPageKey } from './keys';

/**
 * A folder's messages, newest first, one page per cursor; `loadMore` fetches the next page. `filter`
 * narrows the list to the Inbox's Focused or Other tab, or to one category.
 */
export function useMessages(
  folder: string | null,
  { syncing, filter = {} }: { syncing: boolean; filter?: MessageListFilter },
) {
  const infinite = useSWRInfinite<MessagePageDto>(
    (index, previous: MessagePageDto | null) => {
      if (!folder) return null;
      if (index === 0) return messagesPageKey(folder, null, filter);
      return previous?.nextCursor ? messagesPageKey(folder, previous.nextCursor, filter) : null;
    },
    {
      // While the first sync fills the cache, the newest page keeps changing under us.
      refreshInterval: syncing ? 2000 : 0,
      revalidateFirstPage: true,
    },
  );
  const pages = infinite.data ?? [];
  const messages: MessageSummaryDto[] = pages.flatMap((page) => page.messages);
  const last = pages[pages.length - 1];
  const hasMore = last ? last.nextCursor !== null : false;
  const loadingMore = infinite.isValidating && infinite.size > pages.length;
  return {
    messages,
    /** How many the narrowed list holds (Focused/Other, a category); undefined for a whole folder. */
    total: pages[0]?.total,
    hasMore,
    loadingMore,
    isLoading: infinite.isLoading,
    /** The network has answered (or failed) at least once since the list mounted; the cache alone doesn't count. */
    answered: !infinite.isValidating && (infinite.data !== undefined || infinite.error !== undefined),
    error: infinite.error as unknown,
    mutate: infinite.mutate,
    loadMore: () => {
      if (hasMore && !loadingMore) void infinite.setSize(pages.length + 1);
    },
  };
}
