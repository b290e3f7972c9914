import { describe, expect, it } from 'vitest';
import { addressKey, commitTyping, removeChip, splitField, typedText } from './compose-address';

describe('address field keys', () => {
  it('Enter turns the typed address into a chip and never lets the form submit', () => {
    expect(addressKey('Enter', 'ann@example.com')).toEqual({ kind: 'set', value: 'ann@example.com, ' });
    expect(splitField('ann@example.com, ')).toEqual({ chips: ['ann@example.com'], typing: ' ' });
    // Nothing typed: swallowed, so the browser's implicit submission (and "Send without a subject?") never runs.
    expect(addressKey('Enter', '')).toEqual({ kind: 'ignore' });
    expect(addressKey('Enter', 'ann@example.com, ')).toEqual({ kind: 'ignore' });
  });

  it('Enter picks the highlighted suggestion over the typed text', () => {
    expect(addressKey('Enter', 'bob@example.com, ann', { suggestion: 'ann.lee@example.com' })).toEqual({
      kind: 'set',
      value: 'bob@example.com, ann.lee@example.com, ',
    });
  });

  it('Tab, comma and semicolon accept too; Tab from an empty input moves on', () => {
    for (const key of ['Tab', ',', ';'])
      expect(addressKey(key, 'a@b.co')).toEqual({ kind: 'set', value: 'a@b.co, ' });
    expect(addressKey('Tab', 'a@b.co, ')).toEqual({ kind: 'default' });
    expect(addressKey(',', 'a@b.co, ')).toEqual({ kind: 'ignore' });
  });

  it('keeps an invalid address as a chip so it shows as one, and the same address only once', () => {
    expect(addressKey('Enter', 'not an address')).toEqual({ kind: 'set', value: 'not an address, ' });
    expect(addressKey('Enter', 'a@b.co, A@B.CO')).toEqual({ kind: 'set', value: 'A@B.CO, ' });
  });

  it('takes "Name <address>" as its address', () => {
    expect(addressKey('Enter', 'Ann Lee <ann@example.com>')).toEqual({
      kind: 'set',
      value: 'ann@example.com, ',
    });
  });

  it('Ctrl+Enter is left to the compose pane (send)', () => {
    expect(addressKey('Enter', 'a@b.co', { modified: true })).toEqual({ kind: 'default' });
  });

  it('Backspace in an empty input takes the last chip back for editing', () => {
    expect(addressKey('Backspace', 'a@b.co, c@d.co, ')).toEqual({ kind: 'set', value: 'a@b.co, c@d.co' });
    expect(addressKey('Backspace', 'a@b.co, c@d')).toEqual({ kind: 'default' });
    expect(addressKey('x', 'a@b.co, ')).toEqual({ kind: 'default' });
  });

  it('removes a chip by position, keeps what is being typed, and pastes lists as chips', () => {
    expect(removeChip('a@b.co, c@d.co, e@f', 0)).toBe('c@d.co, e@f');
    expect(typedText('a@b.co, ', 'c@d.co; e@f.co, g')).toBe('a@b.co, c@d.co, e@f.co, g');
    expect(commitTyping('a@b.co, c@d.co')).toBe('a@b.co, c@d.co, ');
    expect(commitTyping('a@b.co, ')).toBe('a@b.co, ');
  });
});
