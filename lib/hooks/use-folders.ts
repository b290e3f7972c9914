'use client';

import useSWR from 'swr';
import type { FolderListDto } from '@/lib/mail/types';
import { FOLDERS_KEY } from './keys';

/** GET /api/folders, as the hooks name it. */
export type FoldersResponse = FolderListDto;

/** The mailbox's folders, flat as the API sends them; refreshed often while the first sync runs. */
export function useFolders({ syncing }: { syncing: boolean }) {
  return useSWR<FoldersResponse>(FOLDERS_KEY, { refreshInterval: syncing ? 2000 : 0 });
}
