import { describe, expect, it } from 'vitest';
import type { FolderDto } from '@/lib/mail/types';
import { isPendingFolder, patchFolder, pendingFolder, withFolder, withoutFolders } from './folder-cache';

const folder = (id: string, parentId: string | null = null): FolderDto => ({
  id,
  parentId,
  name: id,
  wellKnownName: null,
  unreadCount: 0,
  totalCount: 0,
});

describe('folder cache updates', () => {
  const data = { folders: [folder('a'), folder('b', 'a')] };

  it('shows a folder being created under a pending id, then the server’s folder in its place', () => {
    const pending = pendingFolder('New', 'a');
    expect(isPendingFolder(pending.id)).toBe(true);
    expect(withFolder(data, pending).folders.map((f) => f.name)).toEqual(['a', 'b', 'New']);
    // The server's answer is added to the list as it was before the optimistic change.
    expect(withFolder(data, folder('c', 'a')).folders.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(withFolder(undefined, folder('c')).folders).toHaveLength(1);
  });

  it('replaces a folder by id, renames, re-parents and removes', () => {
    expect(withFolder(data, { ...folder('b'), name: 'B' }).folders[1]).toMatchObject({ id: 'b', name: 'B' });
    expect(patchFolder(data, 'b', { name: 'Bee', parentId: null })?.folders[1]).toMatchObject({
      name: 'Bee',
      parentId: null,
    });
    expect(withoutFolders(data, ['a', 'b'])?.folders).toEqual([]);
    expect(patchFolder(undefined, 'a', { name: 'x' })).toBeUndefined();
  });
});
