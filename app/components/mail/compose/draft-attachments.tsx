'use client';

import type { DraftAttachment, Upload } from '@/lib/hooks/use-compose';
import { FileName } from '../file-name';
import { formatSize } from '../format';
import { Icon } from '../icons';
import styles from './compose.module.css';

/** The draft's attached files and the uploads on their way, each removable. */
export function DraftAttachments({
  attachments,
  uploads,
  onRemove,
  onDismiss,
}: {
  attachments: DraftAttachment[];
  uploads: Upload[];
  onRemove: (attachment: DraftAttachment) => void;
  onDismiss: (key: string) => void;
}) {
  if (attachments.length === 0 && uploads.length === 0) return null;
  return (
    <ul className={styles.attachments} aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id} className={styles.attachment}>
          <Icon name="paperclip" size={16} />
          <FileName name={a.name} />
          <span className={styles.muted}>{formatSize(a.size)}</span>
          <button
            type="button"
            className={styles.iconButton}
            aria-label={`Remove ${a.name}`}
            onClick={() => onRemove(a)}
          >
            <Icon name="close" size={16} />
          </button>
        </li>
      ))}
      {uploads.map((u) => (
        <li key={u.key} className={styles.attachment} data-error={u.error ? '' : undefined}>
          <Icon name="paperclip" size={16} />
          {u.error ? (
            <span role="alert" className={styles.fieldError}>
              {u.error}
            </span>
          ) : (
            <>
              <FileName name={u.name} />
              <progress
                className={styles.progress}
                value={u.progress}
                max={1}
                aria-label={`Uploading ${u.name}`}
              />
            </>
          )}
          {u.error ? (
            <button
              type="button"
              className={styles.iconButton}
              aria-label="Dismiss"
              onClick={() => onDismiss(u.key)}
            >
              <Icon name="close" size={16} />
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
