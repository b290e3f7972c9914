'use client';

import { useCallback } from 'react';
import { useSWRConfig } from 'swr';
import type { SWRInfiniteKeyedMutator } from 'swr/infinite';
import type {
  ConversationDto,
  FlagStatus,
  FolderDto,
  MessagePageDto,
  MessagePatch,
  MessageSummaryDto,
  MoveRequest,
  SearchResultDto,
} from '@/lib/mail/types';
import type { OutboxAction } from '@/lib/offline/mirror-db';
import { useOfflineActions } from '@/lib/offline/use-offline';
import { errorMessage, isNetworkError, sendJson } from './api-client';
import { conversationKey, FOLDERS_KEY, messageKey } from './keys';
import {
  adjustFolderCounts,
  findFolder,
  insertIntoPages,
  patchInConversation,
  patchInPages,
  removeFromPages,
} from './mail-cache';
import type { FoldersResponse } from './use-folders';

const isSearchKey = (key: unknown) => typeof key === 'string' && key.startsWith('/api/search?');

/** The action went to the outbox (offline): the screen keeps showing it done. */
const QUEUED: unique symbol = Symbol('queued');

const named = (verb: string, message: MessageSummaryDto) =>
  `${verb} (“${message.subject || '(no subject)'}”)`;

interface Options {
  /** The bound mutate of the open folder's list (useSWRInfinite). */
  mutateList: SWRInfiniteKeyedMutator<MessagePageDto[]>;
  folders: FolderDto[] | undefined;
  onError: (message: string) => void;
  /** An action was kept for later because the network is gone. */
  onQueued?: () => void;
  /**
   * The list open now (read when an answer comes back): the person may have opened another folder
   * meanwhile, and `mutateList` then points at that list; touching it while its first page loads would
   * make SWR drop that load and leave the list blank.
   */
  listNow?: () => { folderId: string | undefined; has: (id: string) => boolean };
}

/**
 * Read, flag, move and delete, applied to every cache that shows the message (list, search results,
 * conversation, folder counts) before the API answers, and undone with a message if it refuses.
 */
export function useMessageActions({ mutateList, folders, onError, onQueued, listNow }: Options) {
  const listHas = useCallback((id: string) => listNow?.().has(id) ?? true, [listNow]);
  const { mutate, cache } = useSWRConfig();
  const offline = useOfflineActions();

  /**
   * Does the request, or, offline (or while earlier offline actions still wait, so the order holds),
   * puts the action in the outbox to be replayed when the network returns.
   */
  const perform = useCallback(
    async <T>(action: OutboxAction, label: string, request: () => Promise<T>): Promise<T | typeof QUEUED> => {
      const queue = async (): Promise<typeof QUEUED> => {
        await offline?.queue(action, label);
        onQueued?.();
        return QUEUED;
      };
      if (offline && (await offline.mustQueue())) return queue();
      try {
        return await request();
      } catch (error) {
        if (offline && isNetworkError(error)) return queue();
        throw error;
      }
    },
    [offline, onQueued],
  );
  // Mutating a key whose first fetch is still in flight makes SWR drop that fetch's answer; with
  // nothing cached there is nothing to update anyway, so only touch keys that hold data.
  const holdsData = useCallback((key: unknown) => cache.get(String(key))?.data !== undefined, [cache]);

  const patchEverywhere = useCallback(
    (message: MessageSummaryDto, patch: Partial<MessageSummaryDto>) => {
      if (listHas(message.id))
        void mutateList((pages) => patchInPages(pages, message.id, patch), { revalidate: false });
      void mutate<SearchResultDto>(
        (key) => isSearchKey(key) && holdsData(key),
        (data) =>
          data && {
            ...data,
            messages: data.messages.map((m) => (m.id === message.id ? { ...m, ...patch } : m)),
          },
        { revalidate: false },
      );
      const conversation = conversationKey(message.conversationId);
      if (holdsData(conversation)) {
        void mutate<ConversationDto>(conversation, (data) => patchInConversation(data, message.id, patch), {
          revalidate: false,
        });
      }
    },
    [mutate, mutateList, holdsData, listHas],
  );

  const adjustCounts = useCallback(
    (folderId: string, unread: number, total: number) =>
      void mutate<FoldersResponse>(FOLDERS_KEY, (data) => adjustFolderCounts(data, folderId, unread, total), {
        revalidate: false,
      }),
    [mutate],
  );

  const patch = useCallback(
    async (message: MessageSummaryDto, change: MessagePatch, verb: string) => {
      const before: Partial<MessageSummaryDto> = {
        isRead: message.isRead,
        flagStatus: message.flagStatus,
        categories: message.categories,
        inferenceClassification: message.inferenceClassification,
      };
      const readDelta =
        change.isRead === undefined || change.isRead === message.isRead ? 0 : change.isRead ? -1 : 1;
      patchEverywhere(message, change);
      if (readDelta) adjustCounts(message.folderId, readDelta, 0);
      try {
        const saved = await perform(
          { kind: 'patch', messageId: message.id, body: change },
          named(verb, message),
          () => sendJson<MessageSummaryDto>(messageKey(message.id), 'PATCH', change),
        );
        if (saved !== QUEUED) patchEverywhere(message, saved);
        return true;
      } catch (error) {
        patchEverywhere(message, before);
        if (readDelta) adjustCounts(message.folderId, -readDelta, 0);
        onError(`Couldn’t ${verb}: ${errorMessage(error)}`);
        return false;
      }
    },
    [patchEverywhere, adjustCounts, onError, perform],
  );

  const setRead = useCallback(
    (message: MessageSummaryDto, isRead: boolean) =>
      patch(message, { isRead }, isRead ? 'mark the message as read' : 'mark the message as unread'),
    [patch],
  );

  const setFlag = useCallback(
    (message: MessageSummaryDto, flagStatus: FlagStatus) =>
      patch(message, { flagStatus }, flagStatus === 'flagged' ? 'flag the message' : 'clear the flag'),
    [patch],
  );

  const setCategories = useCallback(
    (message: MessageSummaryDto, categories: string[]) =>
      patch(message, { categories }, categories.length ? 'categorize the message' : 'clear the categories'),
    [patch],
  );

  /** Moves the message out of the open list; `request` is the API call, `verb` names it for errors. */
  const relocate = useCallback(
    async (
      message: MessageSummaryDto,
      destination: string,
      verb: string,
      action: OutboxAction,
      request: () => Promise<MessageSummaryDto>,
    ) => {
      const target = findFolder(folders, destination);
      const unread = message.isRead ? 0 : 1;
      let wasListed = false;
      if (listHas(message.id))
        void mutateList(
          (pages) => {
            wasListed = pages?.some((page) => page.messages.some((m) => m.id === message.id)) ?? false;
            return removeFromPages(pages, message.id);
          },
          { revalidate: false },
        );
      adjustCounts(message.folderId, -unread, -1);
      if (target) adjustCounts(target.id, unread, 1);
      try {
        const moved = await perform(action, named(verb, message), request);
        if (moved === QUEUED) return true;
        patchEverywhere(message, moved);
        // The conversation now spans another folder; its messages' folder ids changed on the server.
        void mutate(conversationKey(message.conversationId));
        return true;
      } catch (error) {
        // Back in its list, if that list is still the one open.
        if (wasListed && (listNow?.().folderId ?? message.folderId) === message.folderId)
          void mutateList((pages) => insertIntoPages(pages, message), { revalidate: false });
        adjustCounts(message.folderId, unread, 1);
        if (target) adjustCounts(target.id, -unread, -1);
        onError(`Couldn’t ${verb}: ${errorMessage(error)}`);
        return false;
      }
    },
    [folders, mutateList, adjustCounts, patchEverywhere, mutate, onError, perform, listHas, listNow],
  );

  const move = useCallback(
    (message: MessageSummaryDto, destination: string, verb = 'move the message') =>
      relocate(
        message,
        destination,
        verb,
        { kind: 'move', messageId: message.id, body: { destination } },
        () =>
          sendJson<MessageSummaryDto>(`${messageKey(message.id)}/move`, 'POST', {
            destination,
          } satisfies MoveRequest),
      ),
    [relocate],
  );

  const archive = useCallback(
    (message: MessageSummaryDto) => move(message, 'archive', 'archive the message'),
    [move],
  );

  const remove = useCallback(
    (message: MessageSummaryDto) =>
      relocate(message, 'deleteditems', 'delete the message', { kind: 'delete', messageId: message.id }, () =>
        sendJson<MessageSummaryDto>(messageKey(message.id), 'DELETE'),
      ),
    [relocate],
  );

  return { setRead, setFlag, setCategories, move, archive, remove };
}
