'use client';

import { useState } from 'react';
import { useMessageWithImages } from '@/lib/hooks/use-conversation';
import type { MessageDetailDto } from '@/lib/mail/types';
import { AttachmentList } from './attachment-list';
import styles from './conversation-message.module.css';
import { displayName, formatAddresses, formatFullDate, formatListDate } from './format';
import { Icon } from './icons';
import { MeetingCard } from './meeting-card';
import { MessageBodyFrame } from './message-body-frame';
import { UnsubscribeBanner } from './unsubscribe-banner';

/* The body is in a sandboxed iframe without scripts or same origin (message-body-frame.tsx). */
export function ConversationMessage({
  message,
  expanded,
  onToggle,
  onTrustSender,
}: {
  message: MessageDetailDto;
  expanded: boolean;
  onToggle: () => void;
  onTrustSender: (message: MessageDetailDto) => Promise<void>;
}) {
  const [wantImages, setWantImages] = useState(false);
  const [trusting, setTrusting] = useState(false);
  const withImages = useMessageWithImages(message.id, wantImages);
  const shown = withImages.data ?? message;
  const sender = displayName(message.from);

  if (!expanded) {
    return (
      <article className={styles.collapsed} aria-label={`${sender}, ${formatFullDate(message.receivedAt)}`}>
        <button type="button" className={styles.collapsedButton} onClick={onToggle} aria-expanded={false}>
          <span className={styles.avatar} aria-hidden="true">
            {initials(sender)}
          </span>
          <bdi className={styles.collapsedFrom} data-unread={message.isRead ? undefined : ''}>
            {sender}
          </bdi>
          <bdi className={styles.collapsedPreview}>{message.preview}</bdi>
          <time className={styles.date} dateTime={message.receivedAt}>
            {formatListDate(message.receivedAt)}
          </time>
        </button>
      </article>
    );
  }

  const files = shown.attachments.filter((a) => !a.isInline);
  const blocked = shown.hasRemoteContent && !shown.remoteContentAllowed;
  return (
    <article className={styles.message} aria-label={`${sender}, ${formatFullDate(message.receivedAt)}`}>
      <div className={styles.messageHead}>
        <span className={styles.avatar} aria-hidden="true">
          {initials(sender)}
        </span>
        <div className={styles.people}>
          <button
            type="button"
            className={styles.headToggle}
            onClick={onToggle}
            aria-expanded={true}
            title="Collapse"
          >
            <bdi className={styles.fromName}>{sender}</bdi>
            {message.from?.address && message.from.name ? (
              <span className={styles.fromAddress}>
                &lt;<bdi>{message.from.address}</bdi>&gt;
              </span>
            ) : null}
          </button>
          {message.to.length > 0 ? (
            <p className={styles.recipients}>
              <span className={styles.recipientLabel}>To</span> <bdi>{formatAddresses(message.to)}</bdi>
            </p>
          ) : null}
          {message.cc.length > 0 ? (
            <p className={styles.recipients}>
              <span className={styles.recipientLabel}>Cc</span> <bdi>{formatAddresses(message.cc)}</bdi>
            </p>
          ) : null}
        </div>
        <time className={styles.fullDate} dateTime={message.receivedAt}>
          {formatFullDate(message.receivedAt)}
        </time>
      </div>
      {message.isDraft ? null : <MeetingCard messageId={message.id} />}
      {message.isDraft ? null : <UnsubscribeBanner messageId={message.id} />}
      {message.importance === 'high' ? (
        <p className={styles.importance}>
          <span aria-hidden="true">!</span> High importance
        </p>
      ) : null}
      {blocked ? (
        <div className={styles.imagesBar}>
          <Icon name="image" />
          <span>Images from the internet are hidden to protect your privacy.</span>
          <span className={styles.imagesActions}>
            <button
              type="button"
              className={styles.smallButton}
              onClick={() => setWantImages(true)}
              disabled={wantImages}
            >
              {wantImages ? 'Loading images…' : 'Show images'}
            </button>
            {message.from?.address ? (
              <button
                type="button"
                className={styles.smallButton}
                disabled={trusting}
                onClick={() => {
                  setTrusting(true);
                  void onTrustSender(message).finally(() => setTrusting(false));
                }}
              >
                Always show from {message.from.address}
              </button>
            ) : null}
          </span>
        </div>
      ) : null}
      {/* Mail too complex to show safely says so inside its frame, with the download link, the same way
          in the reading pane and in a reply's quote: no second notice out here. */}
      {/* allow-downloads: a link in the mail (or our fallback's "Download the original") may fetch a file;
          Chromium refuses any download started from a sandboxed frame without it. */}
      <MessageBodyFrame document={shown.bodyDocument} sender={sender} className={styles.bodyFrame} />
      {files.length > 0 ? <AttachmentList files={files} /> : null}
    </article>
  );
}

function initials(name: string): string {
  const parts = name
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .trim()
    .split(/\s+/);
  return (
    ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() ||
    '?'
  );
}
