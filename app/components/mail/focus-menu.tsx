'use client';

import type { InboxView, MessageSummaryDto } from '@/lib/mail/types';
import styles from './focus-menu.module.css';
import { ToolbarMenu } from './toolbar-menu';
import { useMenu } from './use-menu';

function MoreIcon() {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      <circle cx="5" cy="12" r="1.6" />
      <circle cx="12" cy="12" r="1.6" />
      <circle cx="19" cy="12" r="1.6" />
    </svg>
  );
}

/**
 * The toolbar's "More actions" menu. For a message in the Inbox it offers Outlook's "Always move to
 * Other" (or "to Focused", for mail in Other): the sender's mail, now and from now on. For any received
 * message: Report junk (to Junk Email) and Block sender (their mail to Junk Email from now on).
 */
export function FocusMenu({
  message,
  inInbox,
  inJunk = false,
  onAlwaysMove,
  onReportJunk,
  onBlockSender,
}: {
  message: MessageSummaryDto | undefined;
  inInbox: boolean;
  inJunk?: boolean;
  onAlwaysMove: (classifyAs: InboxView) => void;
  onReportJunk?: () => void;
  onBlockSender?: () => void;
}) {
  const menu = useMenu<HTMLDivElement>('[role="menuitem"]');

  const sender = message?.from?.address;
  const received = Boolean(message && !message.isDraft);
  const canFocus = Boolean(received && inInbox && sender);
  const canJunk = Boolean(received && !inJunk && onReportJunk);
  const canBlock = Boolean(received && sender && onBlockSender);
  const usable = canFocus || canJunk || canBlock;
  const target: InboxView = message?.inferenceClassification === 'other' ? 'focused' : 'other';
  const label = target === 'other' ? 'Always move to Other' : 'Always move to Focused';
  const choose = (run: (() => void) | undefined) => () => {
    menu.setOpen(false);
    run?.();
  };
  return (
    <ToolbarMenu menu={menu} icon={<MoreIcon />} label="More actions" popup="menu" disabled={!usable}>
      {usable ? (
        <div {...menu.panelProps} role="menu" aria-label="More actions" className={styles.menu}>
          {canFocus ? (
            <button
              type="button"
              role="menuitem"
              className={styles.item}
              onClick={choose(() => onAlwaysMove(target))}
            >
              {label}
              <span className={styles.hint}>
                Mail from <bdi>{sender}</bdi>, now and from now on
              </span>
            </button>
          ) : null}
          {canJunk ? (
            <button type="button" role="menuitem" className={styles.item} onClick={choose(onReportJunk)}>
              Report junk
              <span className={styles.hint}>Moves it to Junk Email</span>
            </button>
          ) : null}
          {canBlock ? (
            <button type="button" role="menuitem" className={styles.item} onClick={choose(onBlockSender)}>
              Block sender
              <span className={styles.hint}>
                Mail from <bdi>{sender}</bdi> goes to Junk Email from now on
              </span>
            </button>
          ) : null}
        </div>
      ) : null}
    </ToolbarMenu>
  );
}
