import { describe, expect, it } from 'vitest';
import type { MessageSummaryDto } from '@/lib/mail/types';
import { searchMirroredLists } from './offline-search';

const message = (
  id: string,
  subject: string,
  receivedAt: string,
  from = 'Megan Bowen',
): MessageSummaryDto => ({
  id,
  folderId: 'inbox',
  conversationId: `c-${id}`,
  subject,
  preview: 'See the numbers below',
  from: { name: from, address: `${from.split(' ')[0]?.toLowerCase()}@contoso.com` },
  receivedAt,
  isRead: false,
  isDraft: false,
  flagStatus: 'notFlagged',
  hasAttachments: false,
  importance: 'normal',
  categories: [],
  inferenceClassification: 'focused',
});

describe('searching the offline mirror', () => {
  const pages = [
    {
      messages: [
        message('1', 'Budget review', '2026-11-30T10:00:00Z'),
        message('2', 'Lunch', '2026-11-30T11:00:00Z'),
      ],
      nextCursor: 'x',
    },
    // The same message in a second saved copy of the list (the first page and the whole list) counts once.
    {
      messages: [
        message('1', 'Budget review', '2026-11-30T10:00:00Z'),
        message('3', 'Café budget', '2026-12-01T09:00:00Z', 'Alex Wilber'),
      ],
      nextCursor: null,
    },
  ];

  it('needs every word, ignores case and accents, and lists each message once, newest first', () => {
    expect(searchMirroredLists(pages, 'BUDGET').map((m) => m.id)).toEqual(['3', '1']);
    expect(searchMirroredLists(pages, 'cafe budget').map((m) => m.id)).toEqual(['3']);
    expect(searchMirroredLists(pages, 'budget megan').map((m) => m.id)).toEqual(['1']);
    expect(searchMirroredLists(pages, 'alex@contoso').map((m) => m.id)).toEqual(['3']);
  });

  it('understands the operators the saved lists can answer', () => {
    expect(searchMirroredLists(pages, 'from:alex').map((m) => m.id)).toEqual(['3']);
    expect(searchMirroredLists(pages, 'subject:budget from:megan').map((m) => m.id)).toEqual(['1']);
    expect(searchMirroredLists(pages, 'after:2026-12-01').map((m) => m.id)).toEqual(['3']);
    expect(searchMirroredLists(pages, 'before:2026-12-01 is:unread').map((m) => m.id)).toEqual(['2', '1']);
    expect(searchMirroredLists(pages, 'is:read')).toEqual([]);
    // Recipients and folders are not in the saved lists.
    expect(searchMirroredLists(pages, 'to:megan budget')).toEqual([]);
  });

  it('finds nothing for an empty query or a word nowhere', () => {
    expect(searchMirroredLists(pages, '   ')).toEqual([]);
    expect(searchMirroredLists(pages, 'budget invoice')).toEqual([]);
  });
});
