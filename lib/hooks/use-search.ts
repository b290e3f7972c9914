'use client';

import { useEffect, useState } from 'react';
import useSWR from 'swr';
import type { MessageSummaryDto, SearchResultDto } from '@/lib/mail/types';
import { searchKey } from './keys';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Search as you type: the device's cache answers within milliseconds; Microsoft 365's search (slower,
 * and covering mail not cached yet) is asked a little later and its results lead once they arrive.
 */
export function useSearch(query: string) {
  const trimmed = query.trim();
  const quick = useDebounced(trimmed, 150);
  const full = useDebounced(trimmed, 450);
  const cache = useSWR<SearchResultDto>(quick ? searchKey(quick, 'cache') : null, {
    keepPreviousData: true,
  });
  const graph = useSWR<SearchResultDto>(full ? searchKey(full, 'graph') : null, {
    keepPreviousData: true,
    shouldRetryOnError: false,
  });
  const graphCurrent = graph.data !== undefined && full === trimmed && !graph.isLoading;
  const messages = mergeResults(graphCurrent ? graph.data?.messages : undefined, cache.data?.messages);
  // Offline both searches answer from the browser's mirror (lib/offline/mirrored-cache.ts).
  const offline = Boolean(cache.data?.offline) && (graph.data === undefined || Boolean(graph.data.offline));
  return {
    active: trimmed.length > 0,
    messages,
    offline,
    /** What the search could not understand, as the server (or the offline search) said. */
    problems: (graphCurrent ? graph.data?.problems : undefined) ?? cache.data?.problems ?? [],
    searchingGraph: trimmed.length > 0 && !graphCurrent && !graph.error && !offline,
    graphError: graph.error as unknown,
    isLoading: trimmed.length > 0 && cache.data === undefined && graph.data === undefined,
    mutateCache: cache.mutate,
    mutateGraph: graph.mutate,
  };
}

function mergeResults(
  graph: MessageSummaryDto[] | undefined,
  cache: MessageSummaryDto[] | undefined,
): MessageSummaryDto[] {
  if (!graph) return cache ?? [];
  const seen = new Set(graph.map((m) => m.id));
  const merged = [...graph, ...(cache ?? []).filter((m) => !seen.has(m.id))];
  return merged.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}
