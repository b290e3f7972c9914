'use client';

import { useEffect } from 'react';
import { type Cache, useSWRConfig } from 'swr';
import type { ConversationDto, MessagePageDto, MessageSummaryDto, SearchResultDto } from '@/lib/mail/types';
import type { RealtimeClientConfig } from '@/lib/realtime/events';
import { FOLDERS_KEY, messageKey, SYNC_KEY } from './keys';
import {
  findFolder,
  listAccepts,
  pagesContain,
  removeFromPages,
  setFolderCounts,
  upsertIntoPages,
} from './mail-cache';
import { patchSearchPages, removeFromSearchPages } from './search-pages';
import type { FoldersResponse } from './use-folders';
import { notifyNewMail } from './use-mail-notifications';
import { markFresh, type RealtimeEvent, useRealtimeEvents, useRealtimeState } from './use-realtime';

/* useSWRInfinite keeps a list's pages under "$inf$" + its first page's key (swr/infinite unstable_serialize). */
const LIST_PREFIX = '$inf$/api/messages?';
const CONVERSATION_PREFIX = '/api/conversations/';
const MESSAGE_PREFIX = '/api/messages/';
const SEARCH_PREFIX = '$inf$/api/search?';

/** Without live updates (none configured, or the connection down), the screen re-reads this often. */
const FALLBACK_POLL_MS = 30_000;

const keysWithPrefix = (cache: Cache, prefix: string) =>
  [...cache.keys()].filter((key) => key.startsWith(prefix));

const listParams = (key: string) => new URLSearchParams(key.slice(LIST_PREFIX.length));
const listFolder = (key: string) => listParams(key).get('folder');

/**
 * Applies what the server pushes to the SWR caches: a message with its list fields goes straight into
 * the lists (no request), ids alone revalidate just the lists and conversation that hold them.
 */
export function useLiveMail(config: RealtimeClientConfig | null) {
  const { cache, mutate } = useSWRConfig();

  const keys = (prefix: string) => keysWithPrefix(cache, prefix);
  // Only touch caches that hold data: mutating a key whose first fetch is in flight drops its answer.
  const dataOf = <T>(key: string): T | undefined => cache.get(key)?.data as T | undefined;
  const folders = () => dataOf<FoldersResponse>(FOLDERS_KEY)?.folders;

  /** The lists (by cache key) showing the folder with this id; the URL may name it by well-known name. */
  const isListOf = (key: string, folderId: string) => {
    const param = listFolder(key);
    return param !== null && (param === folderId || findFolder(folders(), param)?.id === folderId);
  };

  const revalidateHolders = (id: string, conversationId?: string) => {
    for (const key of keys(CONVERSATION_PREFIX)) {
      const conversation = dataOf<ConversationDto>(key);
      if (
        (conversationId && key === `${CONVERSATION_PREFIX}${encodeURIComponent(conversationId)}`) ||
        conversation?.messages.some((m) => m.id === id)
      )
        void mutate(key);
    }
    for (const key of keys(messageKey(id))) void mutate(key);
  };

  const patchSearches = (message: MessageSummaryDto) => {
    for (const key of keys(SEARCH_PREFIX)) {
      const pages = dataOf<SearchResultDto[]>(key);
      if (!pages?.some((page) => page.messages.some((m) => m.id === message.id))) continue;
      void mutate<SearchResultDto[]>(key, (data) => patchSearchPages(data, message), { revalidate: false });
    }
  };

  const applyMessage = (message: MessageSummaryDto, created: boolean) => {
    let isNew = false;
    for (const key of keys(LIST_PREFIX)) {
      const pages = dataOf<MessagePageDto[]>(key);
      if (!pages) continue;
      // The message may have changed tab or category: it leaves the lists it no longer belongs in.
      if (isListOf(key, message.folderId) && listAccepts(listParams(key), message)) {
        if (!pagesContain(pages, message.id)) isNew = true;
        void mutate<MessagePageDto[]>(key, (data) => upsertIntoPages(data, message), { revalidate: false });
      } else if (pagesContain(pages, message.id)) {
        void mutate<MessagePageDto[]>(key, (data) => removeFromPages(data, message.id), {
          revalidate: false,
        });
      }
    }
    patchSearches(message);
    revalidateHolders(message.id, message.conversationId);
    if (created && isNew) markFresh(message.id);
    const inbox = findFolder(folders(), 'inbox');
    // As Outlook does, only mail for the Focused tab alerts; Other waits to be looked at.
    const alerts = message.inferenceClassification !== 'other';
    if (created && alerts && inbox?.id === message.folderId && !message.isRead && !message.isDraft)
      notifyNewMail(message);
  };

  const revalidateMessage = (id: string, folderId: string) => {
    for (const key of keys(LIST_PREFIX)) {
      if (isListOf(key, folderId) || pagesContain(dataOf<MessagePageDto[]>(key), id)) void mutate(key);
    }
    revalidateHolders(id);
  };

  const removeMessage = (id: string) => {
    for (const key of keys(LIST_PREFIX)) {
      if (!pagesContain(dataOf<MessagePageDto[]>(key), id)) continue;
      void mutate<MessagePageDto[]>(key, (data) => removeFromPages(data, id), { revalidate: false });
    }
    for (const key of keys(SEARCH_PREFIX)) {
      if (!dataOf<SearchResultDto[]>(key)?.some((page) => page.messages.some((m) => m.id === id))) continue;
      void mutate<SearchResultDto[]>(key, (data) => removeFromSearchPages(data, id), { revalidate: false });
    }
    revalidateHolders(id);
  };

  /** After a resync or a reconnect nothing pushed meanwhile can be trusted to have arrived: re-read. */
  const revalidateAll = () => {
    void mutate(FOLDERS_KEY);
    void mutate(SYNC_KEY);
    for (const prefix of [LIST_PREFIX, CONVERSATION_PREFIX, MESSAGE_PREFIX, SEARCH_PREFIX]) {
      for (const key of keys(prefix)) void mutate(key);
    }
  };

  const onEvent = (event: RealtimeEvent) => {
    switch (event.name) {
      case 'message.created':
      case 'message.updated':
        if ('message' in event.data) applyMessage(event.data.message, event.name === 'message.created');
        else revalidateMessage(event.data.id, event.data.folderId);
        return;
      case 'message.deleted':
        removeMessage(event.data.id);
        return;
      case 'folders.counts': {
        const known = folders();
        if (!known) return;
        const { folders: counts } = event.data;
        // Changing the list for nothing would make SWR drop a re-read of it already on its way.
        if (counts.length === 0) return;
        if (counts.some((c) => !known.some((f) => f.id === c.id))) void mutate(FOLDERS_KEY);
        else
          void mutate<FoldersResponse>(FOLDERS_KEY, (data) => setFolderCounts(data, counts), {
            revalidate: false,
          });
        return;
      }
      case 'folders.changed':
        void mutate(FOLDERS_KEY);
        return;
      case 'mailbox.changed':
        revalidateAll();
        return;
    }
  };

  useRealtimeEvents(config, onEvent, revalidateAll);

  // The server's cache keeps up through webhooks either way; without pushes, the visible tab polls it.
  const state = useRealtimeState(config);
  const live = state === 'connected';
  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => {
      if (document.hidden) return;
      void mutate(FOLDERS_KEY);
      for (const key of keysWithPrefix(cache, LIST_PREFIX)) void mutate(key);
    }, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [live, cache, mutate]);
}
