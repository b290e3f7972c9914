import { isPendingFolder } from '@/lib/hooks/folder-cache';
import type { FolderDto } from '@/lib/mail/types';
import { type FolderNode, orderFolders } from './folder-tree';

/*
 * Where a message can be moved, as Outlook offers it: every mail folder and subfolder (Sent Items, Junk
 * Email and Deleted Items included: Graph moves mail there and Outlook's Move to lists them) except the
 * one it is in, Drafts (what you are writing, not mail you keep) and Outbox (what is on its way out).
 * A folder still being created has no id on Microsoft 365 yet. Search folders are not mail folders
 * under the mailbox's root, so they never reach the list.
 */
const NOT_DESTINATIONS = new Set(['drafts', 'outbox']);

export function moveTargets(folders: FolderDto[], currentFolderId?: string): FolderNode[] {
  return orderFolders(folders).filter(
    ({ folder }) =>
      folder.id !== currentFolderId &&
      !NOT_DESTINATIONS.has(folder.wellKnownName ?? '') &&
      !isPendingFolder(folder.id),
  );
}
