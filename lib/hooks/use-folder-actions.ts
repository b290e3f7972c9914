'use client';

import { useCallback } from 'react';
import { useSWRConfig } from 'swr';
import type { CreateFolderRequest, DeleteFolderDto, FolderDto, RenameFolderRequest } from '@/lib/mail/types';
import { errorMessage, isNetworkError, sendJson } from './api-client';
import { patchFolder, pendingFolder, withFolder, withoutFolders } from './folder-cache';
import { FOLDERS_KEY } from './keys';
import type { FoldersResponse } from './use-folders';

/**
 * Create, rename and delete folders. The folder list changes at once and is put back, with a message
 * saying why, if the server refuses. Offline they are not queued: a folder's id comes from Microsoft 365,
 * and mail moved into a folder that may never be made would be lost.
 */
export function useFolderActions(onError: (message: string) => void) {
  const { mutate } = useSWRConfig();

  const change = useCallback(
    async <T>(
      what: string,
      request: Promise<T>,
      optimistic: (data: FoldersResponse | undefined) => FoldersResponse | undefined,
      settled: (result: T, before: FoldersResponse | undefined) => FoldersResponse | undefined,
    ): Promise<T | null> => {
      try {
        const result = await mutate<FoldersResponse, T>(FOLDERS_KEY, request, {
          optimisticData: (current) => optimistic(current) ?? { folders: [] },
          populateCache: (result, before) => settled(result, before) ?? { folders: [] },
          rollbackOnError: true,
          revalidate: false,
        });
        return result ?? null;
      } catch (error) {
        onError(
          isNetworkError(error)
            ? `You’re offline, so the folder couldn’t be ${what}. Try again when you’re back online.`
            : `The folder couldn’t be ${what}. ${errorMessage(error)}`,
        );
        return null;
      }
    },
    [mutate, onError],
  );

  const create = useCallback(
    (displayName: string, parentId: string | null) => {
      const pending = pendingFolder(displayName.trim(), parentId);
      const body: CreateFolderRequest = { displayName, ...(parentId ? { parentId } : {}) };
      return change(
        'created',
        sendJson<FolderDto>('/api/folders', 'POST', body),
        (data) => withFolder(data, pending),
        (created, before) => withFolder(before, created),
      );
    },
    [change],
  );

  const rename = useCallback(
    (folder: FolderDto, displayName: string) => {
      const body: RenameFolderRequest = { displayName };
      return change(
        'renamed',
        sendJson<FolderDto>(`/api/folders/${encodeURIComponent(folder.id)}`, 'PATCH', body),
        (data) => patchFolder(data, folder.id, { name: displayName.trim() }),
        (renamed, before) => withFolder(before, renamed),
      );
    },
    [change],
  );

  /**
   * Deletes a folder: shown at once under Deleted Items (`deletedItemsId`), or gone with everything under
   * it (`subtree`) when it already was there.
   */
  const remove = useCallback(
    (folder: FolderDto, { permanently, subtree, deletedItemsId }: RemoveOptions) =>
      change(
        permanently ? 'deleted' : 'moved to Deleted Items',
        sendJson<DeleteFolderDto>(`/api/folders/${encodeURIComponent(folder.id)}`, 'DELETE'),
        (data) =>
          permanently
            ? withoutFolders(data, subtree)
            : patchFolder(data, folder.id, { parentId: deletedItemsId }),
        (result, before) =>
          result.folder ? withFolder(before, result.folder) : withoutFolders(before, subtree),
      ),
    [change],
  );

  return { create, rename, remove };
}

interface RemoveOptions {
  /** The folder is in Deleted Items already: it goes for good. */
  permanently: boolean;
  /** Ids of the folder and every folder under it. */
  subtree: string[];
  deletedItemsId: string | null;
}
