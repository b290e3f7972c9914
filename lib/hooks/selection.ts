/*
 * The message list's keyboard cursor and selection, as a pure reducer: single rows (x, a checkbox),
 * ranges (shift-click, shift+j/k) from an anchor, "all N in this folder" across pages, and what happens
 * when rows arrive or vanish live while a selection stands. Kept apart from React so every case is unit
 * tested (selection.test.ts).
 *
 * Rules:
 * - a range gives every row between the anchor and the target, in the order the list shows, the anchor's
 *   state: ticked after ticking, unticked after unticking (as Gmail does); with no anchor it ticks. The
 *   target becomes the cursor, the anchor stays;
 * - "all in folder" means every message of the folder received up to the moment it was chosen (pages not
 *   loaded yet included), minus the rows the person then unticks: mail that arrives afterwards is not
 *   swept into a bulk action nobody saw it in;
 * - a row that vanishes (moved or deleted elsewhere) leaves the selection; the cursor on it moves to the
 *   row that took its place (the next one, else the one before), the anchor to the cursor;
 * - opening another folder or starting a search starts a new, empty selection.
 */

export interface SelectionState {
  /** The keyboard cursor's row. */
  cursor: string | null;
  /** Where a range starts (the last row ticked or clicked alone). */
  anchor: string | null;
  /** Rows ticked one by one or by ranges. */
  selected: ReadonlySet<string>;
  /**
   * "Select all in this folder": every message there received up to `chosenAt` (ISO), except those
   * unticked since (and those that arrived later).
   */
  all: { folder: string; chosenAt: string; except: ReadonlySet<string> } | null;
  /** The rows as last shown, in order (to place the cursor when its row vanishes). */
  order: readonly string[];
}

export type SelectionAction =
  | { type: 'cursor'; id: string | null }
  | { type: 'toggle'; id: string }
  | { type: 'range'; id: string }
  | { type: 'selectShown' }
  | { type: 'selectAllInFolder'; folder: string; at: string }
  | { type: 'clear' }
  /** The list now shows these rows, in order (rows arrived, vanished, or came in with the next page). */
  | { type: 'rows'; rows: readonly Row[] }
  /** Another folder or a search: a new list, nothing selected. */
  | { type: 'reset'; rows: readonly Row[] };

export interface Row {
  id: string;
  /** ISO time, as the list has it: what tells mail that arrived after "select all" from older pages. */
  receivedAt: string;
}

const NONE: ReadonlySet<string> = new Set();

export const emptySelection = (order: readonly string[] = []): SelectionState => ({
  cursor: null,
  anchor: null,
  selected: NONE,
  all: null,
  order,
});

export function isSelected(state: SelectionState, id: string): boolean {
  if (state.all) return !state.all.except.has(id);
  return state.selected.has(id);
}

/** How many messages an action on the selection acts on; `folderTotal` counts "all in folder". */
export function selectedCount(state: SelectionState, folderTotal: number): number {
  if (state.all) return Math.max(0, folderTotal - state.all.except.size);
  return state.selected.size;
}

export const hasSelection = (state: SelectionState) => state.all !== null || state.selected.size > 0;

/** The rows of the current list that are selected, in list order. */
export const selectedShown = (state: SelectionState) => state.order.filter((id) => isSelected(state, id));

function without(set: ReadonlySet<string>, ids: Iterable<string>): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) next.delete(id);
  return next;
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Where the cursor goes when its row vanishes: the next surviving row, else the one before. */
function survivor(previous: readonly string[], order: readonly string[], id: string): string | null {
  const present = new Set(order);
  const at = previous.indexOf(id);
  if (at === -1) return order[0] ?? null;
  for (let i = at + 1; i < previous.length; i++)
    if (present.has(previous[i] as string)) return previous[i] as string;
  for (let i = at - 1; i >= 0; i--) if (present.has(previous[i] as string)) return previous[i] as string;
  return order[0] ?? null;
}

export function selectionReducer(state: SelectionState, action: SelectionAction): SelectionState {
  switch (action.type) {
    case 'cursor':
      return { ...state, cursor: action.id };
    case 'toggle':
      if (state.all)
        return {
          ...state,
          cursor: action.id,
          anchor: action.id,
          all: { ...state.all, except: toggled(state.all.except, action.id) },
        };
      return { ...state, cursor: action.id, anchor: action.id, selected: toggled(state.selected, action.id) };
    case 'range': {
      const to = state.order.indexOf(action.id);
      if (to === -1) return state;
      const start = state.anchor ?? state.cursor;
      const from = start === null ? -1 : state.order.indexOf(start);
      // No anchor on screen (it vanished, or none yet): the range is the row alone.
      const [lo, hi] = from === -1 ? [to, to] : from < to ? [from, to] : [to, from];
      const range = state.order.slice(lo, hi + 1);
      const anchor = from === -1 ? action.id : start;
      // The range takes the anchor's state: after unticking a row, shift-click unticks up to the target.
      const select = state.anchor === null || from === -1 || isSelected(state, state.anchor);
      if (state.all) {
        const except = select ? without(state.all.except, range) : new Set([...state.all.except, ...range]);
        return { ...state, cursor: action.id, anchor, all: { ...state.all, except } };
      }
      const selected = select ? new Set([...state.selected, ...range]) : without(state.selected, range);
      return { ...state, cursor: action.id, anchor, selected };
    }
    case 'selectShown':
      return { ...state, all: null, selected: new Set(state.order) };
    case 'selectAllInFolder':
      return { ...state, all: { folder: action.folder, chosenAt: action.at, except: NONE }, selected: NONE };
    case 'clear':
      return { ...state, all: null, selected: NONE, anchor: null };
    case 'rows': {
      const order = action.rows.map((row) => row.id);
      const present = new Set(order);
      const known = new Set(state.order);
      const gone = state.order.filter((id) => !present.has(id));
      const cursor =
        state.cursor !== null && !present.has(state.cursor) && known.has(state.cursor)
          ? survivor(state.order, order, state.cursor)
          : state.cursor;
      const anchor = state.anchor !== null && !present.has(state.anchor) ? cursor : state.anchor;
      let { all, selected } = state;
      if (all) {
        // Mail received after "select all" is not part of it (older rows paged in are); rows that left
        // no longer need excepting.
        const except = new Set(without(all.except, gone));
        const chosenAt = all.chosenAt;
        for (const row of action.rows) if (row.receivedAt > chosenAt) except.add(row.id);
        all = { ...all, except };
      } else if (gone.length > 0) selected = without(selected, gone);
      return { cursor, anchor, selected, all, order };
    }
    case 'reset':
      return emptySelection(action.rows.map((row) => row.id));
  }
}
