'use client';

import { useCallback, useRef } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import type { MailUi } from './mail-ui-context';

/** How long the Undo toast stays (at least 8 s, as the issue asks; Gmail shows about 10). */
export const UNDO_TOAST_MS = 10_000;
/** How long `z` can still undo the last action after its toast is gone. */
const UNDO_KEY_MS = 60_000;

interface Undoable {
  label: string;
  run: () => Promise<unknown>;
  until: number;
  used: boolean;
}

/**
 * Undo for what the person just did: `offer` shows "Archived “x”. Undo" for UNDO_TOAST_MS, and `undoLast`
 * (the z key) undoes the newest offer. Each offer undoes once, by toast or by key.
 */
export function useUndo(notify: MailUi['notify']) {
  const last = useRef<Undoable | null>(null);

  const run = useCallback(
    async (entry: Undoable) => {
      if (entry.used) return;
      entry.used = true;
      if (last.current === entry) last.current = null;
      try {
        // An undo that failed and said so itself answers false.
        if ((await entry.run()) !== false) notify(`Undone: ${entry.label}`);
      } catch (error) {
        notify(`Couldn’t undo (${entry.label}): ${errorMessage(error)}`, 'error');
      }
    },
    [notify],
  );

  /** `message` says what was done ("Moved 120 messages to Projects"); `undo` puts it back. */
  const offer = useCallback(
    (message: string, undo: () => Promise<unknown>) => {
      const entry: Undoable = { label: message, run: undo, until: Date.now() + UNDO_KEY_MS, used: false };
      last.current = entry;
      notify(message, 'info', {
        action: { label: 'Undo', run: () => void run(entry) },
        durationMs: UNDO_TOAST_MS,
      });
    },
    [notify, run],
  );

  const undoLast = useCallback(() => {
    const entry = last.current;
    if (!entry || entry.until < Date.now()) {
      notify('Nothing to undo.');
      return;
    }
    void run(entry);
  }, [notify, run]);

  return { offer, undoLast };
}
