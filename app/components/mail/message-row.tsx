'use client';

import { useIsFresh } from '@/lib/hooks/use-realtime';
import type { MessageSummaryDto } from '@/lib/mail/types';
import { CategoryPills } from './category-pills';
import { displayName, formatListDate } from './format';
import { Icon } from './icons';
import styles from './message-row.module.css';

/** A chip before the preview: its words, and what they mean on hover. */
export interface RowMark {
  text: string;
  title: string;
}

export function MessageRow({
  message,
  selected,
  open,
  showFolder,
  mark,
  checked,
  onCheck,
}: {
  message: MessageSummaryDto;
  selected: boolean;
  open: boolean;
  showFolder?: string;
  mark?: RowMark;
  /** The row's checkbox state; undefined where rows cannot be ticked. */
  checked?: boolean;
  /** The checkbox was clicked; `range` with Shift (from the last ticked row). */
  onCheck?: (range: boolean) => void;
}) {
  const flagged = message.flagStatus === 'flagged';
  // Mail that just arrived while the list was open flashes once so the eye finds it.
  const fresh = useIsFresh(message.id);
  return (
    <div
      className={styles.rowInner}
      data-unread={message.isRead ? undefined : ''}
      data-fresh={fresh ? '' : undefined}
    >
      {onCheck ? (
        // The row (an option of a multi-select listbox) says it is selected; this box is its pointer
        // target, kept out of the accessibility tree (an option's children are presentational).
        <span
          className={styles.check}
          data-checked={checked ? '' : undefined}
          aria-hidden="true"
          data-testid="row-check"
          onClick={(event) => {
            event.stopPropagation();
            onCheck(event.shiftKey);
          }}
        >
          <Icon name="check" size={14} />
        </span>
      ) : null}
      <span className={styles.unreadDot} aria-hidden="true" />
      <div className={styles.rowMain}>
        <div className={styles.rowTop}>
          <span className={styles.sender}>
            {message.isDraft ? <span className={styles.draftMark}>Draft </span> : null}
            <bdi>{displayName(message.from)}</bdi>
          </span>
          <span className={styles.rowMarks}>
            {message.hasAttachments ? (
              <span title="Has attachments" className={styles.mark}>
                <Icon name="paperclip" size={14} />
              </span>
            ) : null}
            {flagged ? (
              <span title="Flagged" className={styles.flagMark}>
                <Icon name="flag" size={14} />
              </span>
            ) : null}
          </span>
          <time className={styles.date} dateTime={message.receivedAt}>
            {formatListDate(message.receivedAt)}
          </time>
        </div>
        <div className={styles.subject}>
          {message.importance === 'high' ? <span className={styles.important}>! </span> : null}
          <bdi>{message.subject || '(no subject)'}</bdi>
        </div>
        <div className={styles.preview}>
          {showFolder ? <span className={styles.folderChip}>{showFolder}</span> : null}
          {mark ? (
            <span className={styles.folderChip} title={mark.title}>
              {mark.text}
            </span>
          ) : null}
          <CategoryPills names={message.categories} max={2} />
          <bdi>{message.preview}</bdi>
        </div>
      </div>
      <span className="sr-only">
        {[
          message.isRead ? null : 'Unread',
          flagged ? 'Flagged' : null,
          message.hasAttachments ? 'Has attachments' : null,
          open && !selected ? 'Open' : null,
        ]
          .filter(Boolean)
          .join(', ')}
      </span>
    </div>
  );
}
