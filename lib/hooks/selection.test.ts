import { describe, expect, it } from 'vitest';
import {
  emptySelection,
  hasSelection,
  isSelected,
  type Row,
  type SelectionAction,
  type SelectionState,
  selectedCount,
  selectedShown,
  selectionReducer,
} from './selection';

/** Rows a..z, newest first: a is the newest (received 2026-11-30T10:25), each next one a minute older. */
const rows = (ids: string): Row[] =>
  [...ids].map((id) => ({
    id,
    receivedAt: `2026-11-30T10:${String(25 - (id.charCodeAt(0) - 97)).padStart(2, '0')}:00Z`,
  }));

const run = (state: SelectionState, ...actions: SelectionAction[]) => actions.reduce(selectionReducer, state);

const start = (ids = 'abcdefgh') => run(emptySelection(), { type: 'reset', rows: rows(ids) });

describe('the selection reducer', () => {
  it('ticks and unticks single rows, each becoming the anchor and the cursor', () => {
    const state = run(start(), { type: 'toggle', id: 'b' }, { type: 'toggle', id: 'e' });
    expect(selectedShown(state)).toEqual(['b', 'e']);
    expect(state).toMatchObject({ cursor: 'e', anchor: 'e' });
    const again = run(state, { type: 'toggle', id: 'b' });
    expect(selectedShown(again)).toEqual(['e']);
    expect(hasSelection(run(again, { type: 'toggle', id: 'e' }))).toBe(false);
  });

  it('selects a range from the anchor in the order shown, either direction, adding to what is selected', () => {
    const down = run(start(), { type: 'toggle', id: 'b' }, { type: 'range', id: 'e' });
    expect(selectedShown(down)).toEqual(['b', 'c', 'd', 'e']);
    expect(down).toMatchObject({ cursor: 'e', anchor: 'b' });
    // Shift+k past the anchor: the range grows the other way; nothing selected before is dropped.
    const up = run(down, { type: 'range', id: 'a' });
    expect(selectedShown(up)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const elsewhere = run(up, { type: 'toggle', id: 'g' }, { type: 'range', id: 'h' });
    expect(selectedShown(elsewhere)).toEqual(['a', 'b', 'c', 'd', 'e', 'g', 'h']);
    // Unticking a row, then a range: the range is unticked too.
    const unticked = run(elsewhere, { type: 'toggle', id: 'c' }, { type: 'range', id: 'e' });
    expect(selectedShown(unticked)).toEqual(['a', 'b', 'g', 'h']);
  });

  it('a range with no anchor starts at the cursor, or is the row alone', () => {
    expect(selectedShown(run(start(), { type: 'cursor', id: 'c' }, { type: 'range', id: 'e' }))).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(selectedShown(run(start(), { type: 'range', id: 'f' }))).toEqual(['f']);
    // A row not in the list does nothing.
    expect(run(start(), { type: 'range', id: 'zz' })).toEqual(start());
  });

  it('selects what is shown, or all in the folder across pages not loaded yet, and counts them', () => {
    const shown = run(start('abc'), { type: 'selectShown' });
    expect(selectedCount(shown, 2314)).toBe(3);
    const all = run(start('abc'), { type: 'selectAllInFolder', folder: 'inbox', at: '2026-11-30T11:00:00Z' });
    expect(selectedCount(all, 2314)).toBe(2314);
    // The next page (older mail) comes in: all of it is selected.
    const paged = run(all, { type: 'rows', rows: rows('abcdef') });
    expect(selectedShown(paged)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    // Unticking one, and a range, except them from "all".
    const some = run(paged, { type: 'toggle', id: 'b' }, { type: 'range', id: 'd' });
    expect(selectedShown(some)).toEqual(['a', 'e', 'f']);
    expect(selectedCount(some, 2314)).toBe(2311);
    expect(run(some, { type: 'clear' })).toMatchObject({ all: null, anchor: null });
    expect(hasSelection(run(some, { type: 'clear' }))).toBe(false);
  });

  it('mail arriving live during "select all" is not selected; mail arriving during a ticked selection neither', () => {
    const all = run(start('bcd'), { type: 'selectAllInFolder', folder: 'inbox', at: '2026-11-30T10:30:00Z' });
    const fresh: Row = { id: 'new', receivedAt: '2026-11-30T10:31:00Z' };
    const arrived = run(all, { type: 'rows', rows: [fresh, ...rows('bcd')] });
    expect(isSelected(arrived, 'new')).toBe(false);
    expect(selectedShown(arrived)).toEqual(['b', 'c', 'd']);
    expect(selectedCount(arrived, 4)).toBe(3);

    const ticked = run(start('bcd'), { type: 'toggle', id: 'c' });
    const later = run(ticked, { type: 'rows', rows: [fresh, ...rows('bcd')] });
    expect(selectedShown(later)).toEqual(['c']);
  });

  it('a row that vanishes leaves the selection; the cursor on it moves to the next row, else the one before', () => {
    const state = run(start('abcde'), { type: 'toggle', id: 'b' }, { type: 'range', id: 'd' });
    expect(state.cursor).toBe('d');
    const gone = run(state, { type: 'rows', rows: rows('abce') });
    expect(selectedShown(gone)).toEqual(['b', 'c']);
    expect(gone.cursor).toBe('e');
    // The last row vanishes under the cursor: the one before takes it.
    const last = run(gone, { type: 'rows', rows: rows('abc') });
    expect(last.cursor).toBe('c');
    // The anchor vanished: the next range starts at the cursor.
    const anchorGone = run(last, { type: 'rows', rows: rows('ac') });
    expect(anchorGone.anchor).toBe('c');
    expect(selectedShown(run(anchorGone, { type: 'range', id: 'a' }))).toEqual(['a', 'c']);
  });

  it('under "select all", a row that leaves no longer needs excepting', () => {
    const all = run(
      start('abc'),
      { type: 'selectAllInFolder', folder: 'inbox', at: '2026-11-30T11:00:00Z' },
      { type: 'toggle', id: 'b' },
    );
    expect(all.all?.except.has('b')).toBe(true);
    const gone = run(all, { type: 'rows', rows: rows('ac') });
    expect(gone.all?.except.has('b')).toBe(false);
  });

  it('another folder or a search starts empty', () => {
    const state = run(
      start(),
      { type: 'toggle', id: 'a' },
      { type: 'selectAllInFolder', folder: 'inbox', at: '2026-11-30T11:00:00Z' },
    );
    expect(run(state, { type: 'reset', rows: rows('xyz') })).toEqual(emptySelection(['x', 'y', 'z']));
  });
});
