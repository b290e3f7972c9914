import { describe, expect, it } from 'vitest';
import type { FolderDto } from '@/lib/mail/types';
import { deleteConsequence, inDeletedItems, nameTaken, subtreeOf } from './folder-tree';

const folder = (id: string, parentId: string | null, totalCount = 0, wellKnownName: string | null = null) =>
  ({ id, parentId, name: id, wellKnownName, unreadCount: 0, totalCount }) satisfies FolderDto;

const FOLDERS = [
  folder('Inbox', null, 40, 'inbox'),
  folder('Deleted Items', null, 5, 'deleteditems'),
  folder('Projects', null, 12),
  folder('Launch', 'Projects', 3),
  folder('Assets', 'Launch', 0),
  folder('Empty', null, 0),
  folder('One', null, 1),
  folder('Old', 'Deleted Items', 2),
  folder('Older', 'Old', 1),
];
const byId = (id: string) => FOLDERS.find((f) => f.id === id) ?? folder(id, null);

describe('folder tree', () => {
  it('finds a folder’s subtree, the folder first', () => {
    expect(subtreeOf(FOLDERS, 'Projects').map((f) => f.id)).toEqual(['Projects', 'Launch', 'Assets']);
    expect(subtreeOf(FOLDERS, 'nope')).toEqual([]);
  });

  it('knows what lies in Deleted Items', () => {
    expect(inDeletedItems(FOLDERS, byId('Older'))).toBe(true);
    expect(inDeletedItems(FOLDERS, byId('Assets'))).toBe(false);
  });

  it('compares sibling names without case, under the same parent only', () => {
    expect(nameTaken(FOLDERS, null, ' projects ')).toBe(true);
    expect(nameTaken(FOLDERS, 'Projects', 'projects')).toBe(false);
    expect(nameTaken(FOLDERS, null, 'PROJECTS', 'Projects')).toBe(false);
  });

  it('says what deleting moves to Deleted Items, counting messages and subfolders', () => {
    expect(deleteConsequence(FOLDERS, byId('Projects'))).toEqual({
      permanently: false,
      messages: 15,
      subfolders: 2,
      text: '“Projects”, its 15 messages and its 2 subfolders will move to Deleted Items, where you can still open them.',
    });
    expect(deleteConsequence(FOLDERS, byId('One')).text).toBe(
      '“One” and its 1 message will move to Deleted Items, where you can still open them.',
    );
    expect(deleteConsequence(FOLDERS, byId('Empty')).text).toBe(
      '“Empty” will move to Deleted Items, where you can still open it.',
    );
  });

  it('says when deleting is for good (a folder in Deleted Items)', () => {
    expect(deleteConsequence(FOLDERS, byId('Old'))).toMatchObject({
      permanently: true,
      text: '“Old”, its 3 messages and its 1 subfolder will be deleted for good. This can’t be undone.',
    });
  });
});
