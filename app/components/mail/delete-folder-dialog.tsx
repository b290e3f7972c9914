'use client';

import { useEffect, useRef } from 'react';
import type { FolderDto } from '@/lib/mail/types';
import styles from './delete-folder-dialog.module.css';

/**
 * Asks before a folder is deleted, saying what will happen to it, its mail and its subfolders. A modal
 * <dialog>: the browser keeps focus inside and Escape cancels; focus starts on Cancel, the safe choice.
 */
export function DeleteFolderDialog({
  folder,
  consequence,
  onConfirm,
  onClose,
}: {
  folder: FolderDto | null;
  consequence: { permanently: boolean; text: string } | null;
  onConfirm: (folder: FolderDto) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (folder && !element.open) {
      element.showModal();
      cancel.current?.focus();
    }
    if (!folder && element.open) element.close();
  }, [folder]);
  const permanently = consequence?.permanently ?? false;
  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby="delete-folder-title"
      aria-describedby="delete-folder-text"
      onClose={onClose}
    >
      <h2 id="delete-folder-title" className={styles.title}>
        Delete “{folder?.name}”{permanently ? ' for good' : ''}?
      </h2>
      <p id="delete-folder-text" className={styles.text}>
        {consequence?.text}
      </p>
      <div className={styles.buttons}>
        <button ref={cancel} type="button" className={styles.button} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={styles.danger}
          onClick={() => {
            if (folder) onConfirm(folder);
          }}
        >
          {permanently ? 'Delete for good' : 'Delete folder'}
        </button>
      </div>
    </dialog>
  );
}
