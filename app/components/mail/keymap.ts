/*
 * The mail screen's keyboard shortcuts, in one table: the keyboard layer (use-mail-keyboard.ts) reads its
 * bindings from it and the shortcuts dialog shows it, so the two cannot disagree.
 */

export type MailCommand =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'archive'
  | 'delete'
  | 'toggleFlag'
  | 'markUnread'
  | 'search'
  | 'reply'
  | 'replyAll'
  | 'forward'
  | 'compose'
  | 'toggleSelect'
  | 'selectNext'
  | 'selectPrevious'
  | 'undo'
  | 'shortcuts';

export interface Shortcut {
  /** The keys as shown ("Shift" + "U" is one combination; otherwise each key does it alone). */
  keys: string[];
  label: string;
  /** `KeyboardEvent.key` values and what each does on the mail screen; empty for the compose pane's own. */
  bind: Partial<Record<string, MailCommand>>;
}

export const KEYMAP: Shortcut[] = [
  { keys: ['j'], label: 'Next message', bind: { j: 'next' } },
  { keys: ['k'], label: 'Previous message', bind: { k: 'previous' } },
  { keys: ['Enter', 'o'], label: 'Open message', bind: { Enter: 'open', o: 'open' } },
  {
    keys: ['u', 'Esc'],
    label: 'Back to the list (Esc first clears a selection)',
    bind: { u: 'back', Escape: 'back' },
  },
  { keys: ['e'], label: 'Archive', bind: { e: 'archive' } },
  { keys: ['#'], label: 'Delete', bind: { '#': 'delete' } },
  { keys: ['s'], label: 'Flag or clear the flag', bind: { s: 'toggleFlag' } },
  { keys: ['x'], label: 'Select or unselect the message', bind: { x: 'toggleSelect' } },
  { keys: ['Shift', 'J'], label: 'Select down to the next message', bind: { J: 'selectNext' } },
  { keys: ['Shift', 'K'], label: 'Select up to the previous message', bind: { K: 'selectPrevious' } },
  { keys: ['z'], label: 'Undo the last action', bind: { z: 'undo' } },
  { keys: ['Shift', 'U'], label: 'Mark as unread', bind: { U: 'markUnread' } },
  { keys: ['/'], label: 'Search', bind: { '/': 'search' } },
  {
    keys: ['r', 'a', 'f'],
    label: 'Reply, reply all, forward',
    bind: { r: 'reply', a: 'replyAll', f: 'forward' },
  },
  { keys: ['c'], label: 'Compose', bind: { c: 'compose' } },
  { keys: ['?'], label: 'This list', bind: { '?': 'shortcuts' } },
  // The compose pane's own (compose-pane.tsx handles them while it has focus).
  { keys: ['Ctrl', 'Enter'], label: 'Send the message you are writing', bind: {} },
  { keys: ['Esc'], label: 'Close the draft (it stays in Drafts)', bind: {} },
];

/** Modifier keys that start a combination in KEYMAP's `keys`. */
export const COMBO_STARTS = new Set(['Shift', 'Ctrl']);

const BINDINGS = new Map<string, MailCommand>(
  KEYMAP.flatMap((shortcut) => Object.entries(shortcut.bind) as [string, MailCommand][]),
);

/** The command a key runs on the mail screen, if any. */
export const commandForKey = (key: string): MailCommand | undefined => BINDINGS.get(key);
