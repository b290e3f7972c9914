'use client';

import { useEffect, useState } from 'react';
import type { SWRConfiguration } from 'swr';
import useSWRInfinite from 'swr/infinite';
import type { SearchResultDto } from '@/lib/mail/types';
import { searchHits, searchPageKey } from './search-pages';

const GRAPH_ONLY_MARK = {
  text: 'Microsoft 365',
  title:
    'Found by Microsoft 365’s search only: not among the mail Tidings keeps, or matched in a part it has not downloaded',
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** One search's pages, each asked with the cursor the previous one gave. */
function useSearchPages(text: string, source: 'cache' | 'graph', options: SWRConfiguration = {}) {
  const infinite = useSWRInfinite<SearchResultDto>(
    (index, previous: SearchResultDto | null) => {
      if (!text) return null;
      if (index === 0) return searchPageKey(text, source, null);
      return previous?.nextCursor ? searchPageKey(text, source, previous.nextCursor) : null;
    },
    // Asking for more must not ask Microsoft 365 for the first page again.
    { keepPreviousData: true, revalidateFirstPage: false, ...options },
  );
  const pages = infinite.data;
  const hasMore = Boolean(pages?.at(-1)?.nextCursor);
  const loadingMore = infinite.isValidating && infinite.size > (pages?.length ?? 0);
  return {
    pages,
    first: pages?.[0],
    hasMore,
    isLoading: infinite.isLoading,
    error: infinite.error as unknown,
    loadMore: () => {
      if (hasMore && !loadingMore) void infinite.setSize((pages?.length ?? 0) + 1);
    },
  };
}

/**
 * Search as you type: the server's cache answers within milliseconds; Microsoft 365's search (slower, and
 * covering mail not cached yet), merged with the cache's by the server, is asked a little later and
 * replaces it once it arrives. Either way one page at a time: `loadMore` asks for the next.
 */
export function useSearch(query: string) {
  const trimmed = query.trim();
  const quick = useDebounced(trimmed, 150);
  const full = useDebounced(trimmed, 450);
  const cache = useSearchPages(quick, 'cache');
  const graph = useSearchPages(full, 'graph', { shouldRetryOnError: false });
  const graphCurrent = graph.pages !== undefined && full === trimmed && !graph.isLoading;
  const shown = graphCurrent ? graph : cache;
  // Offline both searches answer from the browser's mirror (lib/offline/mirrored-cache.ts).
  const offline =
    Boolean(cache.first?.offline) && (graph.first === undefined || Boolean(graph.first.offline));
  const messages = searchHits(shown.pages);
  const graphOnly = new Set(messages.filter((m) => m.source === 'graph').map((m) => m.id));
  return {
    active: trimmed.length > 0,
    messages,
    /** Marks a result only Microsoft 365's search found (not in the mail Tidings keeps, or not by those words). */
    markOf: (message: { id: string }) => (graphOnly.has(message.id) ? GRAPH_ONLY_MARK : undefined),
    hasMore: shown.hasMore,
    loadMore: shown.loadMore,
    offline,
    /** What the search could not understand, as the server (or the offline search) said. */
    problems: (graphCurrent ? graph.first?.problems : undefined) ?? cache.first?.problems ?? [],
    searchingGraph: trimmed.length > 0 && !graphCurrent && !graph.error && !offline,
    graphError: graph.error,
    isLoading: trimmed.length > 0 && cache.pages === undefined && graph.pages === undefined,
  };
}
