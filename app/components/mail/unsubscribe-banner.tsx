'use client';

import { useUnsubscribe } from '@/lib/hooks/use-unsubscribe';
import type { UnsubscribeOfferDto } from '@/lib/mail/types';
import styles from './unsubscribe-banner.module.css';

/**
 * "Unsubscribe from <list>" above a message whose List-Unsubscribe header offers a way out: one-click (the
 * server posts it), a mail to the list (sent from the mailbox), or, when that is all there is, the list's
 * page in a new tab. Asks first; then says it is done, or what went wrong.
 */
export function UnsubscribeBanner({ messageId }: { messageId: string }) {
  const { offer, state, ask, cancel, run } = useUnsubscribe(messageId);
  if (!offer || offer.methods.length === 0) return null;
  const list = offer.listName ?? 'this list';
  const primary = offer.methods[0];

  if (state.phase === 'done') {
    return (
      <div className={styles.banner} role="status">
        <span className={styles.text}>{state.message}</span>
      </div>
    );
  }

  if (state.phase === 'confirm' || state.phase === 'working') {
    const working = state.phase === 'working';
    return (
      <fieldset className={styles.banner} aria-label={`Unsubscribe from ${list}`}>
        <span className={styles.text}>
          Unsubscribe from <bdi>{list}</bdi>? {consequence(offer, state.method)}
        </span>
        <span className={styles.actions}>
          <button
            type="button"
            className={styles.primary}
            disabled={working}
            onClick={() => void run(state.method)}
          >
            {working ? 'Unsubscribing…' : 'Unsubscribe'}
          </button>
          <button type="button" className={styles.button} disabled={working} onClick={cancel}>
            Cancel
          </button>
        </span>
      </fieldset>
    );
  }

  if (state.phase === 'failed') {
    const canMail = state.method === 'one-click' && offer.methods.includes('mailto');
    return (
      <div className={styles.failed} role="alert">
        <span className={styles.text}>Couldn’t unsubscribe: {state.message}</span>
        <span className={styles.actions}>
          {canMail ? (
            <button type="button" className={styles.button} onClick={() => ask('mailto')}>
              Send an unsubscribe email instead
            </button>
          ) : null}
          <button type="button" className={styles.button} onClick={cancel}>
            Dismiss
          </button>
        </span>
      </div>
    );
  }

  return (
    <div className={styles.banner}>
      <span className={styles.text}>
        Mail from a list: <bdi>{list}</bdi>
      </span>
      <span className={styles.actions}>
        {primary === 'link' && offer.linkUrl ? (
          // Only https pages reach here (the server drops anything else); opened without our page as opener or referrer.
          <a className={styles.button} href={offer.linkUrl} target="_blank" rel="noopener noreferrer">
            Open the list’s unsubscribe page
          </a>
        ) : primary === 'one-click' || primary === 'mailto' ? (
          <button type="button" className={styles.button} onClick={() => ask(primary)}>
            {/* One span: the button lays out as flex, which would drop the space before the name. */}
            <span>
              Unsubscribe from <bdi>{list}</bdi>
            </span>
          </button>
        ) : null}
      </span>
    </div>
  );
}

function consequence(offer: UnsubscribeOfferDto, method: 'one-click' | 'mailto'): string {
  if (method === 'one-click')
    return `Tidings will ask ${offer.oneClickHost ?? 'the list'} to stop sending you mail.`;
  return `Tidings will send an unsubscribe email to ${offer.mailtoAddress ?? 'the list'} from your mailbox.`;
}
