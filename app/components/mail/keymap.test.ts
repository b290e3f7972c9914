import { describe, expect, it } from 'vitest';
import { commandForKey, KEYMAP } from './keymap';

describe('the keymap', () => {
  it('binds each key once, and every binding shows in the table the dialog lists', () => {
    const keys = KEYMAP.flatMap((s) => Object.keys(s.bind));
    expect(new Set(keys).size).toBe(keys.length);
    expect(commandForKey('j')).toBe('next');
    expect(commandForKey('Escape')).toBe('back');
    expect(commandForKey('U')).toBe('markUnread');
    expect(commandForKey('x')).toBe('toggleSelect');
    expect(commandForKey('J')).toBe('selectNext');
    expect(commandForKey('z')).toBe('undo');
    expect(commandForKey('q')).toBeUndefined();
    for (const shortcut of KEYMAP) {
      for (const key of Object.keys(shortcut.bind)) {
        const shown = key === 'Escape' ? 'Esc' : key;
        expect(shortcut.keys).toContain(shown);
      }
    }
  });
});
