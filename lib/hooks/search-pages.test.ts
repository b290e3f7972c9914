import { describe, expect, it } from 'vitest';
import type { SearchHitDto, SearchResultDto } from '@/lib/mail/types';
import { patchSearchPages, removeFromSearchPages, searchHits, searchPageKey } from './search-pages';

const hit = (id: string, source: SearchHitDto['source'] = 'cache'): SearchHitDto => ({
  id,
  folderId: 'inbox',
  conversationId: `c-${id}`,
  subject: `Subject ${id}`,
  preview: '',
  from: null,
  receivedAt: '2026-11-30T10:00:00.000Z',
  isRead: false,
  isDraft: false,
  flagStatus: 'notFlagged',
  hasAttachments: false,
  importance: 'normal',
  categories: [],
  inferenceClassification: 'focused',
  source,
});
const page = (ids: string[], nextCursor: string | null = null): SearchResultDto => ({
  source: 'graph',
  messages: ids.map((id) => hit(id, id.startsWith('g') ? 'graph' : 'both')),
  nextCursor,
});

describe('search pages', () => {
  it('ask each page with the cursor the previous one gave, the query and cursor encoded', () => {
    expect(searchPageKey('from:megan & co', 'graph', null)).toBe(
      '/api/search?q=from%3Amegan%20%26%20co&source=graph',
    );
    expect(searchPageKey('budget', 'cache', 'abc+/=')).toBe(
      '/api/search?q=budget&source=cache&cursor=abc%2B%2F%3D',
    );
  });

  it('show the pages as one list, each message once', () => {
    expect(searchHits([page(['a', 'g1'], 'next'), page(['g1', 'b'])]).map((m) => m.id)).toEqual([
      'a',
      'g1',
      'b',
    ]);
    expect(searchHits(undefined)).toEqual([]);
  });

  it('take a live change into the page holding the message, keeping where it was found', () => {
    const pages = [page(['a', 'g1'], 'next'), page(['b'])];
    const patched = patchSearchPages(pages, { ...hit('g1'), isRead: true });
    expect(patched?.[0]?.messages[1]).toMatchObject({ id: 'g1', isRead: true, source: 'graph' });
    expect(patched?.[1]).toEqual(pages[1]);
    expect(removeFromSearchPages(pages, 'a')?.[0]?.messages.map((m) => m.id)).toEqual(['g1']);
  });
});
