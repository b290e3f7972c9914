'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { InboxView, MessageSummaryDto } from '@/lib/mail/types';
import styles from './focus-menu.module.css';

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
 * Other" (or "to Focused", for mail in Other): the sender's mail, now and from now on.
 */
export function FocusMenu({
  message,
  inInbox,
  onAlwaysMove,
}: {
  message: MessageSummaryDto | undefined;
  inInbox: boolean;
  onAlwaysMove: (classifyAs: InboxView) => void;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const sender = message?.from?.address;
  const usable = Boolean(message && inInbox && sender && !message.isDraft);
  const target: InboxView = message?.inferenceClassification === 'other' ? 'focused' : 'other';
  const label = target === 'other' ? 'Always move to Other' : 'Always move to Focused';
  return (
    <div className={styles.wrap}>
      <button
        ref={button}
        type="button"
        className={styles.toolButton}
        disabled={!usable}
        aria-expanded={open}
        aria-controls={menuId}
        aria-haspopup="menu"
        aria-label="More actions"
        title="More actions"
        onClick={() => setOpen((o) => !o)}
      >
        <MoreIcon />
      </button>
      {open && usable ? (
        <div
          id={menuId}
          ref={menu}
          role="menu"
          aria-label="More actions"
          className={styles.menu}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            setOpen(false);
            button.current?.focus();
          }}
        >
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              onAlwaysMove(target);
            }}
          >
            {label}
            <span className={styles.hint}>
              Mail from <bdi>{sender}</bdi>, now and from now on
            </span>
          </button>
        </div>
      ) : null}
    </div>
  );
}
