/* Pure updates of the cached folder list, for optimistic folder changes (and undoing them). */
import type { FolderDto } from '@/lib/mail/types';
import type { FoldersResponse } from './use-folders';

/** Ids of folders shown before the server has made them: nothing can be moved into one yet. */
export const PENDING_FOLDER_PREFIX = 'pending:';

export const isPendingFolder = (id: string) => id.startsWith(PENDING_FOLDER_PREFIX);

/** A folder as it will look once created, shown meanwhile. */
export function pendingFolder(name: string, parentId: string | null): FolderDto {
  return {
    id: `${PENDING_FOLDER_PREFIX}${crypto.randomUUID()}`,
    parentId,
    name,
    wellKnownName: null,
    unreadCount: 0,
    totalCount: 0,
  };
}

/** Adds a folder, or replaces the one with its id. */
export function withFolder(data: FoldersResponse | undefined, folder: FolderDto): FoldersResponse {
  const folders = data?.folders ?? [];
  return folders.some((f) => f.id === folder.id)
    ? { folders: folders.map((f) => (f.id === folder.id ? folder : f)) }
    : { folders: [...folders, folder] };
}

/** Changes some fields of one folder. */
export function patchFolder(
  data: FoldersResponse | undefined,
  id: string,
  patch: Partial<Pick<FolderDto, 'name' | 'parentId'>>,
): FoldersResponse | undefined {
  return data && { folders: data.folders.map((f) => (f.id === id ? { ...f, ...patch } : f)) };
}

/** Takes folders out of the list. */
export function withoutFolders(
  data: FoldersResponse | undefined,
  ids: string[],
): FoldersResponse | undefined {
  const gone = new Set(ids);
  return data && { folders: data.folders.filter((f) => !gone.has(f.id)) };
}
