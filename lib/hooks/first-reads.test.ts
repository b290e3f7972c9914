import { describe, expect, it } from 'vitest';
import { firstReads } from './first-reads';

describe('firstReads', () => {
  it('names the Inbox on its Focused tab when no folder is asked for, as the screen reads it', () => {
    expect(firstReads(null)).toEqual([
      '/api/folders',
      '/api/sync',
      '/api/messages?folder=inbox&limit=50&view=focused',
    ]);
  });

  it('names another folder’s first page without a tab, its id escaped as the list’s key escapes it', () => {
    expect(firstReads('AAMk+a/b=')).toContain('/api/messages?folder=AAMk%2Ba%2Fb%3D&limit=50');
  });
});
