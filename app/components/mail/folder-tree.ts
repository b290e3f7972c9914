import { type FolderDto, WELL_KNOWN_FOLDER_NAMES } from '@/lib/mail/types';

/** Well-known folders lead, in Outlook's order; the rest follow alphabetically. */
export const WELL_KNOWN_ORDER: readonly string[] = WELL_KNOWN_FOLDER_NAMES;

export interface FolderNode {
  folder: FolderDto;
  depth: number;
}

/** Flattens the folders into display order: well-known first, then custom ones nested under parents. */
export function orderFolders(folders: FolderDto[]): FolderNode[] {
  const ids = new Set(folders.map((f) => f.id));
  const children = new Map<string | null, FolderDto[]>();
  for (const folder of folders) {
    // A parent we don't list (the mailbox root) makes this a top-level folder.
    const parent = folder.parentId && ids.has(folder.parentId) ? folder.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), folder]);
  }
  const rank = (f: FolderDto) => {
    const index = f.wellKnownName ? WELL_KNOWN_ORDER.indexOf(f.wellKnownName) : -1;
    return index === -1 ? WELL_KNOWN_ORDER.length : index;
  };
  const sorted = (list: FolderDto[]) =>
    [...list].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const out: FolderNode[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const folder of sorted(children.get(parent) ?? [])) {
      out.push({ folder, depth });
      walk(folder.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Drafts show how many there are; other folders how many are unread. */
export function folderBadge(folder: FolderDto): { count: number; label: string } {
  if (folder.wellKnownName === 'drafts') return { count: folder.totalCount, label: 'drafts' };
  return { count: folder.unreadCount, label: 'unread' };
}
