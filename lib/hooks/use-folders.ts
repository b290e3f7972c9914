'use client';

import useSWR from 'swr';
import type { FoldersResponse } from '@/app/api/folders/route';
import { FOLDERS_KEY } from './keys';

export type { FoldersResponse };

/** The mailbox's folders, flat as the API sends them; refreshed often while the first sync runs. */
export function useFolders({ syncing }: { syncing: boolean }) {
  return useSWR<FoldersResponse>(FOLDERS_KEY, { refreshInterval: syncing ? 2000 : 0 });
}
