'use client';

import { useEffect, useRef } from 'react';
import { Icon } from './icons';
import { COMBO_STARTS, KEYMAP } from './keymap';
import styles from './mail-shell.module.css';

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
        {KEYMAP.map(({ keys, label: what }) => (
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
