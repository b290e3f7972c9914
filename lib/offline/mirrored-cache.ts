'use client';

import type { Cache, State } from 'swr';
import { apiRequest, isNetworkError } from '@/lib/hooks/api-client';
import type { MessagePageDto, SearchResultDto } from '@/lib/mail/types';
import { isOffline, reportMirrorAge, reportNetworkFailure, reportServerAnswer } from './connectivity';
import type { MirrorDb, MirroredResponse, ResponseKind } from './mirror-db';
import { searchMirroredLists } from './offline-search';

/*
 * SWR's cache, kept in step with the mirror: whatever lands in it (an answer, an optimistic change, a live
 * event) is written to IndexedDB shortly after; on a new page load the mirror's folders and lists are put
 * back before the first render, so a warm mirror shows the inbox without waiting for the network. The
 * fetcher answers from the mirror when the network fails. This is SWR's documented "persistent cache"
 * pattern with IndexedDB instead of localStorage (too small, and synchronous).
 */

const INFINITE_PREFIX = '$inf$';
const WRITE_DELAY_MS = 300;

/** Which API reads the mirror keeps, and as what. Search results are not kept: offline search reads lists. */
export function responseKind(key: string): ResponseKind | null {
  const url = key.startsWith(INFINITE_PREFIX) ? key.slice(INFINITE_PREFIX.length) : key;
  if (url === '/api/folders') return 'folders';
  if (url.startsWith('/api/messages?')) return 'list';
  if (url.startsWith('/api/conversations/')) return 'conversation';
  if (/^\/api\/messages\/[^/?]+(\?showImages=1)?$/.test(url)) return 'message';
  // Not the sync status: an old "syncing" brought back would set the lists polling for nothing.
  return null;
}

const sizeOf = (data: unknown) => {
  try {
    return JSON.stringify(data).length;
  } catch {
    return 0;
  }
};

/** One answer as the mirror keeps it, with its size (what the space budget and the usage count). */
export const mirroredRow = (
  url: string,
  kind: ResponseKind,
  data: unknown,
  savedAt = Date.now(),
): MirroredResponse => ({ url, kind, data, savedAt, bytes: sizeOf(data) });

/**
 * The SWR cache for this person: pre-filled from the mirror (folders, the lists as last shown) and
 * writing every change of a kept key back to it.
 */
export async function loadMirroredCache(db: MirrorDb, { empty = false } = {}): Promise<Cache> {
  // Nothing saved yet (a first visit): Dexie opens the database with the first write instead.
  if (empty) return new MirroredCache(db, new Map());
  const saved = await db.responses.where('kind').anyOf(['folders', 'list', 'other']).toArray();
  const map = new Map<string, State>();
  let newest = 0;
  for (const entry of saved) {
    // A later page of a list is never read again by the list once it holds data, so it stays in
    // IndexedDB for offline scrolling (the fetcher's fallback) rather than coming back stale.
    if (entry.url.includes('&cursor=')) continue;
    if (entry.url.startsWith(INFINITE_PREFIX)) {
      // useSWRInfinite's own record of a list. Only its first page comes back: that one is read again as
      // soon as the list shows, while later pages would stay as old as the mirror (offline, scrolling on
      // reads them from the mirror page by page).
      const pages = entry.data as unknown[];
      map.set(entry.url, { data: pages.slice(0, 1), _l: 1 } as State);
    } else map.set(entry.url, { data: entry.data });
    newest = Math.max(newest, entry.savedAt);
  }
  if (newest) reportMirrorAge(newest);
  return new MirroredCache(db, map);
}

class MirroredCache implements Cache {
  private pending = new Map<string, unknown>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: MirrorDb,
    private readonly map: Map<string, State>,
  ) {}

  keys() {
    return this.map.keys();
  }

  get(key: string) {
    return this.map.get(key);
  }

  set(key: string, value: State) {
    const before = this.map.get(key)?.data;
    this.map.set(key, value);
    // What the mirror itself answered (offline) is not news: writing it back would date old mail as new.
    if (
      value.data !== undefined &&
      value.data !== before &&
      responseKind(key) &&
      !fromMirror.has(value.data as object)
    ) {
      this.pending.set(key, value.data);
      this.timer ??= setTimeout(() => void this.flush(), WRITE_DELAY_MS);
    }
  }

  delete(key: string) {
    this.map.delete(key);
  }

  private async flush() {
    this.timer = null;
    const writes = [...this.pending];
    this.pending.clear();
    const now = Date.now();
    const rows = writes.map(([url, data]) => mirroredRow(url, responseKind(url) ?? 'other', data, now));
    try {
      await this.db.responses.bulkPut(rows);
    } catch {
      // Out of space or the database deleted under us (signing out): the screen is unaffected.
    }
  }
}

/** Answers the mirror gave (offline), so the cache does not write them back as fresh. */
const fromMirror = new WeakSet<object>();

/**
 * SWR's fetcher: the network first; when it fails on the network, what the mirror has for the URL (a
 * search offline looks through the lists the mirror has). Answers mark the data fresh.
 */
export function mirroredFetcher(db: MirrorDb) {
  const fromMirrorOnly = async (url: string) => {
    const offline = await offlineAnswer(db, url).catch(() => undefined);
    if (offline !== null && typeof offline === 'object') fromMirror.add(offline);
    return offline;
  };
  return async <T>(url: string): Promise<T> => {
    // Known to be offline: the mirror answers at once instead of after a request that cannot work.
    if (isOffline()) {
      const offline = await fromMirrorOnly(url);
      if (offline !== undefined) return offline as T;
    }
    try {
      const data = await apiRequest<T>(url);
      reportServerAnswer();
      return data;
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      reportNetworkFailure();
      const offline = await fromMirrorOnly(url);
      if (offline === undefined) throw error;
      return offline as T;
    }
  };
}

async function offlineAnswer(db: MirrorDb, url: string): Promise<unknown> {
  if (url.startsWith('/api/search?')) {
    const params = new URLSearchParams(url.slice('/api/search?'.length));
    // One page holds everything an offline search finds: a later page (asked before the network went) is empty.
    if (params.has('cursor'))
      return { source: 'cache', offline: true, messages: [], nextCursor: null } satisfies SearchResultDto;
    const query = params.get('q') ?? '';
    const lists = await db.responses.where('kind').equals('list').toArray();
    const pages = lists.flatMap((entry) =>
      entry.url.startsWith(INFINITE_PREFIX)
        ? (entry.data as MessagePageDto[])
        : [entry.data as MessagePageDto],
    );
    const result: SearchResultDto = {
      source: 'cache',
      offline: true,
      messages: searchMirroredLists(pages, query).map((m) => ({ ...m, source: 'cache' })),
      nextCursor: null,
    };
    return result;
  }
  const saved = await db.responses.get(url);
  if (!saved) return undefined;
  reportMirrorAge(saved.savedAt);
  return saved.data;
}
