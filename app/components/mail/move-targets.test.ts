import { describe, expect, it } from 'vitest';
import { pendingFolder } from '@/lib/hooks/folder-cache';
import type { FolderDto } from '@/lib/mail/types';
import { moveTargets } from './move-targets';

const folder = (id: string, wellKnownName: string | null, parentId: string | null = null): FolderDto => ({
  id,
  parentId,
  name: id,
  wellKnownName,
  unreadCount: 0,
  totalCount: 0,
});

const FOLDERS = [
  folder('Inbox', 'inbox'),
  folder('Drafts', 'drafts'),
  folder('Sent Items', 'sentitems'),
  folder('Archive', 'archive'),
  folder('Deleted Items', 'deleteditems'),
  folder('Junk Email', 'junkemail'),
  folder('Outbox', 'outbox'),
  folder('Projects', null),
  folder('Launch', null, 'Projects'),
  folder('Receipts', null, 'Inbox'),
  folder('Old', null, 'Deleted Items'),
];

const names = (current?: string, folders = FOLDERS) =>
  moveTargets(folders, current).map(({ folder: f, depth }) => `${'  '.repeat(depth)}${f.name}`);

describe('moveTargets', () => {
  it('offers every mail folder and subfolder, nested, except the current one, Drafts and Outbox', () => {
    expect(names('Inbox')).toEqual([
      '  Receipts',
      'Sent Items',
      'Archive',
      'Deleted Items',
      '  Old',
      'Junk Email',
      'Projects',
      '  Launch',
    ]);
  });

  it('leaves out a subfolder the message is in, but keeps its parent', () => {
    expect(names('Launch')).toContain('Projects');
    expect(names('Launch')).not.toContain('  Launch');
  });

  it('never offers Drafts or Outbox, even for a message in neither (a search result)', () => {
    const all = names(undefined);
    expect(all).toContain('Inbox');
    expect(all).not.toContain('Drafts');
    expect(all).not.toContain('Outbox');
  });

  it('leaves out a folder that is still being created', () => {
    const pending = pendingFolder('Not yet', null);
    expect(names('Inbox', [...FOLDERS, pending])).not.toContain('Not yet');
  });
});
