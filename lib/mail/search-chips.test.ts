import { describe, expect, it } from 'vitest';
import { chipsOf, withAttachments, withFolder, withUnread } from './search-chips';
import { parseSearchQuery } from './search-query';

describe('search chips', () => {
  it('read their state from the operators typed', () => {
    expect(chipsOf('budget')).toEqual({ unread: false, attachments: false, folder: null });
    expect(chipsOf('budget IS:Unread has:attachments in:Archive')).toEqual({
      unread: true,
      attachments: true,
      folder: 'archive',
    });
    expect(chipsOf('is:read').unread).toBe(false);
  });

  it('add and remove their operator, leaving the rest of the text as typed', () => {
    const on = withUnread('from:megan "next quarter"', true);
    expect(on).toBe('from:megan "next quarter" is:unread');
    expect(withUnread(on, false)).toBe('from:megan "next quarter"');
    expect(withUnread('budget is:read', true)).toBe('budget is:unread');
    expect(withAttachments('budget has:attachments', false)).toBe('budget');
    expect(withAttachments('budget', true)).toBe('budget has:attachment');
  });

  it('put one folder in the query, quoted when its name has spaces, or none', () => {
    expect(withFolder('budget in:inbox', 'archive')).toBe('budget in:archive');
    const spaced = withFolder('budget', 'Project X');
    expect(spaced).toBe('budget in:"Project X"');
    expect(parseSearchQuery(spaced).folder).toBe('project x');
    expect(withFolder(spaced, null)).toBe('budget');
  });

  it('give a query the parser reads as the chip means', () => {
    const text = withFolder(withAttachments(withUnread('q3 budget', true), true), 'inbox');
    expect(parseSearchQuery(text)).toMatchObject({
      words: ['q3', 'budget'],
      unread: true,
      hasAttachment: true,
      folder: 'inbox',
      problems: [],
    });
  });
});
