'use client';

import { useEffect, useRef } from 'react';
import { Icon } from './icons';
import styles from './mail-shell.module.css';

const SHORTCUTS: [string[], string][] = [
  [['j'], 'Next message'],
  [['k'], 'Previous message'],
  [['Enter', 'o'], 'Open message'],
  [['u', 'Esc'], 'Back to the list'],
  [['e'], 'Archive'],
  [['#'], 'Delete'],
  [['s'], 'Flag or clear the flag'],
  [['Shift', 'U'], 'Mark as unread'],
  [['/'], 'Search'],
  [['r', 'a', 'f'], 'Reply, reply all, forward'],
  [['c'], 'Compose'],
  [['?'], 'This list'],
  [['Ctrl', 'Enter'], 'Send the message you are writing'],
  [['Esc'], 'Close the draft (it stays in Drafts)'],
];

const COMBO_STARTS = new Set(['Shift', 'Ctrl']);

/** A modal <dialog>: the browser traps focus, closes it on Escape and returns focus afterwards. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby="shortcuts-title" onClose={onClose}>
      <div className={styles.dialogHead}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className={styles.iconButton} onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </div>
      <p className={styles.dialogNote}>
        Shortcuts work when you aren’t typing in a box; the last two work while you write.
      </p>
      <dl className={styles.shortcuts}>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              {keys.map((key, index) => (
                <span key={key}>
                  {index > 0 ? (COMBO_STARTS.has(keys[0] ?? '') ? ' + ' : ' / ') : null}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
