'use client';

import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import styles from './attachment-dialog.module.css';
import { FileName } from './file-name';
import { Icon } from './icons';
import { useModalDialog } from './use-modal-dialog';

/**
 * The frame the lightbox and the PDF/text viewer share: a modal <dialog> over a dimmed page (full screen on
 * a phone) with a bar holding the file's name, what the caller adds beside it, Download and Close. The
 * caller's `onKeyDown` sees keys first; what it leaves (`event.defaultPrevented` false) goes to the
 * dialog's focus keeping.
 */
export function AttachmentDialog({
  name,
  downloadUrl,
  width,
  height,
  beside,
  onKeyDown,
  onClose,
  children,
}: {
  name: string;
  downloadUrl: string;
  /** Largest size on a wide screen, in px. */
  width: number;
  height: number;
  /** Shown in the bar after the name: the file's kind and size, or "2 of 5". */
  beside?: ReactNode;
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useModalDialog();
  return (
    <dialog
      ref={dialog.ref}
      className={styles.dialog}
      style={{ '--dialog-width': `${width}px`, '--dialog-height': `${height}px` } as CSSProperties}
      aria-label={name}
      onClose={onClose}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (!event.defaultPrevented) dialog.onKeyDown(event);
      }}
    >
      <div className={styles.bar}>
        <div className={styles.heading}>
          <h2 className={styles.title}>
            <FileName name={name} />
          </h2>
          {beside}
        </div>
        <a className={styles.barButton} href={downloadUrl} download={name}>
          <Icon name="download" size={16} />
          Download
        </a>
        <button type="button" className={styles.barButton} onClick={dialog.close} aria-label="Close">
          <Icon name="close" size={18} />
        </button>
      </div>
      {children}
    </dialog>
  );
}
