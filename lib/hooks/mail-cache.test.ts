import { describe, expect, it } from 'vitest';
import type { FolderDto, MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';
import { listAccepts, setFolderCounts, upsertIntoPages } from './mail-cache';

const message = (
  id: string,
  receivedAt: string,
  patch: Partial<MessageSummaryDto> = {},
): MessageSummaryDto => ({
  id,
  folderId: 'inbox-id',
  conversationId: `c-${id}`,
  subject: `Subject ${id}`,
  preview: '',
  from: { name: 'Nestor', address: 'nestor@contoso.test' },
  receivedAt,
  isRead: false,
  isDraft: false,
  flagStatus: 'notFlagged',
  hasAttachments: false,
  importance: 'normal',
  categories: [],
  inferenceClassification: 'focused',
  ...patch,
});

const ids = (pages: MessagePageDto[] | undefined) => pages?.map((p) => p.messages.map((m) => m.id));

describe('upsertIntoPages', () => {
  const pages: MessagePageDto[] = [
    {
      messages: [message('b', '2026-01-03T00:00:00Z'), message('c', '2026-01-02T00:00:00Z')],
      nextCursor: 'x',
    },
    { messages: [message('d', '2026-01-01T00:00:00Z')], nextCursor: 'y' },
  ];

  it('puts new mail at the top', () => {
    expect(ids(upsertIntoPages(pages, message('a', '2026-01-04T00:00:00Z')))).toEqual([
      ['a', 'b', 'c'],
      ['d'],
    ]);
  });

  it('places mail where it sorts among the loaded pages', () => {
    expect(ids(upsertIntoPages(pages, message('x', '2026-01-01T12:00:00Z')))).toEqual([
      ['b', 'c'],
      ['x', 'd'],
    ]);
  });

  it('leaves mail older than everything loaded to its page when more pages remain', () => {
    expect(upsertIntoPages(pages, message('z', '2025-12-01T00:00:00Z'))).toBe(pages);
  });

  it('appends old mail when the list is complete', () => {
    const complete = pages.map((p, i) => (i === 1 ? { ...p, nextCursor: null } : p));
    expect(ids(upsertIntoPages(complete, message('z', '2025-12-01T00:00:00Z')))).toEqual([
      ['b', 'c'],
      ['d', 'z'],
    ]);
  });

  it('replaces a message it already holds, in place', () => {
    const next = upsertIntoPages(pages, message('c', '2026-01-02T00:00:00Z', { isRead: true }));
    expect(ids(next)).toEqual(ids(pages));
    expect(next?.[0]?.messages[1]?.isRead).toBe(true);
  });

  it('starts an empty list', () => {
    expect(ids(upsertIntoPages([], message('a', '2026-01-04T00:00:00Z')))).toEqual([['a']]);
  });
});

describe('setFolderCounts', () => {
  const folder = (id: string, unreadCount: number): FolderDto => ({
    id,
    parentId: null,
    name: id,
    wellKnownName: null,
    unreadCount,
    totalCount: 10,
  });

  it('takes the server’s figures for the folders it names and keeps the others', () => {
    const next = setFolderCounts({ folders: [folder('inbox', 3), folder('archive', 1)] }, [
      { id: 'inbox', unreadCount: 4, totalCount: 11 },
    ]);
    expect(next?.folders.map((f) => [f.id, f.unreadCount, f.totalCount])).toEqual([
      ['inbox', 4, 11],
      ['archive', 1, 10],
    ]);
  });
});

describe('lists narrowed to a tab or a category', () => {
  const params = (query: string) => new URLSearchParams(query);
  const finance = message('f', '2026-11-30T10:00:00Z', {
    categories: ['Finance', 'Travel'],
    inferenceClassification: 'other',
  });

  it('takes a message only into the tab and category it has', () => {
    expect(listAccepts(params('folder=inbox'), finance)).toBe(true);
    expect(listAccepts(params('folder=inbox&view=other'), finance)).toBe(true);
    expect(listAccepts(params('folder=inbox&view=focused'), finance)).toBe(false);
    expect(listAccepts(params('folder=inbox&category=Travel'), finance)).toBe(true);
    expect(listAccepts(params('folder=inbox&view=other&category=Customers'), finance)).toBe(false);
  });
});
