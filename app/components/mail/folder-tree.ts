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

/** The folder and every folder under it, the folder first. */
export function subtreeOf(folders: FolderDto[], id: string): FolderDto[] {
  const root = folders.find((f) => f.id === id);
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    const at = tree[i];
    if (at) tree.push(...folders.filter((f) => f.parentId === at.id));
  }
  return tree;
}

/** Whether the folder is Deleted Items or lies under it: deleting there is for good. */
export function inDeletedItems(folders: FolderDto[], folder: FolderDto): boolean {
  const seen = new Set<string>();
  for (let at: FolderDto | undefined = folder; at && !seen.has(at.id); ) {
    if (at.wellKnownName === 'deleteditems') return true;
    seen.add(at.id);
    const parentId: string | null = at.parentId;
    at = parentId ? folders.find((f) => f.id === parentId) : undefined;
  }
  return false;
}

/** Whether a folder other than `exceptId` under the same parent already has this name (any case). */
export function nameTaken(folders: FolderDto[], parentId: string | null, name: string, exceptId?: string) {
  const wanted = name.trim().toLowerCase();
  return folders.some(
    (f) => f.id !== exceptId && (f.parentId ?? null) === parentId && f.name.toLowerCase() === wanted,
  );
}

const count = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** What deleting a folder will do, counted from the cached list, in words for the confirmation. */
export function deleteConsequence(folders: FolderDto[], folder: FolderDto) {
  const tree = subtreeOf(folders, folder.id);
  const messages = tree.reduce((sum, f) => sum + f.totalCount, 0);
  const subfolders = Math.max(0, tree.length - 1);
  const permanently = inDeletedItems(folders, folder);
  const parts = [
    messages > 0 ? `its ${count(messages, 'message')}` : null,
    subfolders > 0 ? `its ${count(subfolders, 'subfolder')}` : null,
  ].filter((part): part is string => part !== null);
  const what =
    parts.length === 0
      ? `“${folder.name}”`
      : `“${folder.name}”${parts.length > 1 ? ',' : ' and'} ${parts.join(' and ')}`;
  const text = permanently
    ? `${what} will be deleted for good. This can’t be undone.`
    : `${what} will move to Deleted Items, where you can still open ${messages + subfolders > 0 ? 'them' : 'it'}.`;
  return { permanently, messages, subfolders, text };
}
