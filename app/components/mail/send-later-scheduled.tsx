'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import { useScheduled } from '@/lib/hooks/use-scheduled';
import { formatSendTime } from '@/lib/mail/scheduled-presets';
import { Icon } from './icons';
import { useMailUi } from './mail-ui-context';
import styles from './send-later-scheduled.module.css';

/**
 * Mail sent with Send later, waiting in the mailbox's Outbox until its time (Microsoft 365 holds it): shown
 * as "Scheduled", so it is never taken for this device's Outbox of mail waiting for the network. Each can
 * be cancelled until it leaves: it goes back to Drafts, unsent.
 */
export function ScheduledFolder() {
  const { scheduled, cancel } = useScheduled();
  const { notify } = useMailUi();
  const [cancelling, setCancelling] = useState<string | null>(null);

  const cancelOne = async (id: string, subject: string) => {
    setCancelling(id);
    try {
      await cancel(id);
      notify(`“${subject}” won’t be sent. It’s back in Drafts.`);
    } catch (error) {
      notify(`“${subject}” couldn’t be cancelled: ${errorMessage(error)}`, 'error');
    } finally {
      setCancelling(null);
    }
  };

  return (
    <details className={styles.folder} data-testid="scheduled-folder">
      <summary className={styles.summary}>
        <Icon name="clock" />
        <span className={styles.name}>Scheduled</span>
        {scheduled.length > 0 ? (
          <span className={styles.badge}>
            {scheduled.length.toLocaleString()}
            <span className="sr-only"> scheduled to send</span>
          </span>
        ) : null}
      </summary>
      {scheduled.length === 0 ? (
        <p className={styles.note}>Nothing scheduled. Choose Send later when writing a message.</p>
      ) : (
        <>
          <p className={styles.note}>Cancel moves a message back to Drafts, unsent.</p>
          <ul className={styles.list} aria-label="Scheduled messages">
            {scheduled.map((message) => {
              const subject = message.subject || '(no subject)';
              return (
                <li key={message.id} className={styles.item} data-testid="scheduled-message">
                  <bdi className={styles.subject}>{subject}</bdi>
                  <span className={styles.meta}>
                    {message.to.length > 0 ? (
                      <>
                        To <bdi>{message.to.map((r) => r.name).join(', ')}</bdi> ·{' '}
                      </>
                    ) : null}
                    <time dateTime={message.sendAt}>Sends {formatSendTime(message.sendAt)}</time>
                  </span>
                  <button
                    type="button"
                    className={styles.cancel}
                    disabled={cancelling === message.id}
                    aria-label={`Cancel sending “${subject}” (moves it back to Drafts)`}
                    onClick={() => void cancelOne(message.id, subject)}
                  >
                    Cancel
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </details>
  );
}
