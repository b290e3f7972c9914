'use client';

import styles from './compose.module.css';

/** Shown while a sent message waits out its undo window. */
export function SendToast({ onUndo }: { onUndo: () => void }) {
  return (
    <div className={styles.sendToast} role="status">
      <span>Sending…</span>
      <button type="button" className={styles.undo} onClick={onUndo}>
        Undo
      </button>
    </div>
  );
}
