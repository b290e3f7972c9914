'use client';

import { useState } from 'react';
import { useMessageWithImages } from '@/lib/hooks/use-conversation';
import type { MessageDetailDto } from '@/lib/mail/types';
import styles from './conversation-message.module.css';
import { FileName } from './file-name';
import { displayName, formatAddresses, formatFullDate, formatListDate, formatSize } from './format';
import { Icon } from './icons';
import { MeetingCard } from './meeting-card';
import { UnsubscribeBanner } from './unsubscribe-banner';

/*
 * The body is in an iframe with `sandbox` allowing only popups (links open in a new, un-sandboxed tab) and
 * downloads: no scripts, no same origin. That also means we cannot measure the document to fit the frame to it,
 * so the frame gets a fixed height (about the pane's height, see .bodyFrame) and scrolls inside itself.
 */
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
      <iframe
        className={styles.bodyFrame}
        sandbox="allow-popups allow-popups-to-escape-sandbox allow-downloads"
        srcDoc={shown.bodyDocument}
        title={`Message body from ${sender}`}
        referrerPolicy="no-referrer"
      />
      {files.length > 0 ? (
        <ul className={styles.attachments} aria-label="Attachments">
          {files.map((file) => (
            <li key={file.id}>
              <a href={file.url} download={file.name} className={styles.attachment}>
                <Icon name="paperclip" size={16} />
                <FileName name={file.name} />
                <span className={styles.attachmentSize}>{formatSize(file.size)}</span>
                <Icon name="download" size={16} />
                <span className="sr-only">Download</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
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
