import type { MessageSummaryDto, SearchHitDto, SearchResultDto } from '@/lib/mail/types';
import { searchKey } from './keys';

/*
 * Search results as useSWRInfinite keeps them: one SearchResultDto per page, under "$inf$" + the first
 * page's key. Pure helpers, unit tested (search-pages.test.ts): the key of each page, the pages as one
 * list, and live changes applied to them.
 */

/** The key of one page of a search: the first page's key, or it with the cursor the previous page gave. */
export const searchPageKey = (query: string, source: 'cache' | 'graph', cursor: string | null) =>
  `${searchKey(query, source)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** The pages as one list, each message once (a page never repeats one, but an edit between pages may). */
export function searchHits(pages: SearchResultDto[] | undefined): SearchHitDto[] {
  const seen = new Set<string>();
  const hits: SearchHitDto[] = [];
  for (const page of pages ?? []) {
    for (const message of page.messages) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      hits.push(message);
    }
  }
  return hits;
}

/** A message's new list fields in every page holding it, where it was found kept. */
export const patchSearchPages = (pages: SearchResultDto[] | undefined, message: MessageSummaryDto) =>
  pages?.map((page) => ({
    ...page,
    messages: page.messages.map((m) => (m.id === message.id ? { ...message, source: m.source } : m)),
  }));

export const removeFromSearchPages = (pages: SearchResultDto[] | undefined, id: string) =>
  pages?.map((page) => ({ ...page, messages: page.messages.filter((m) => m.id !== id) }));
