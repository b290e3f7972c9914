'use client';

import { type ReactNode, useEffect, useRef } from 'react';
import { Icon } from './icons';
import styles from './mail-app.module.css';

/** The list's header: the folder's name (or the query), New message, a count, and the tick-all box. */
export function ListHeader({
  title,
  meta,
  checkAll,
  onOpenFolders,
  onCompose,
}: {
  title: ReactNode;
  meta: string;
  /** The box that ticks every row shown; null where rows cannot be ticked. */
  checkAll: { checked: boolean; mixed: boolean; onChange: (checked: boolean) => void } | null;
  onOpenFolders: () => void;
  onCompose: () => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = Boolean(checkAll?.mixed);
  }, [checkAll?.mixed]);
  return (
    <div className={styles.listHead}>
      <button
        type="button"
        className={styles.menuButton}
        onClick={onOpenFolders}
        aria-label="Folders"
        title="Folders"
      >
        <Icon name="menu" />
      </button>
      {checkAll ? (
        <input
          ref={box}
          type="checkbox"
          className={styles.checkAll}
          checked={checkAll.checked}
          onChange={(event) => checkAll.onChange(event.target.checked)}
          aria-label="Select all messages shown"
          title="Select all messages shown"
        />
      ) : null}
      <h1 id="list-title" className={styles.listTitle}>
        {title}
      </h1>
      <button
        type="button"
        className={styles.smallButton}
        onClick={onCompose}
        title="New message (c)"
        aria-keyshortcuts="c"
      >
        New message
      </button>
      <span className={styles.listMeta} aria-live="polite">
        {meta}
      </span>
    </div>
  );
}
