'use client';

import { useState } from 'react';
import { ApiFetchError, errorMessage } from '@/lib/hooks/api-client';
import type { ConversationDto, FolderDto, MessageDetailDto, MessageSummaryDto } from '@/lib/mail/types';
import { CategoryPills } from './category-pills';
import { ConversationMessage } from './conversation-message';
import { Icon } from './icons';
import { MessageToolbar, type ToolbarActions } from './message-toolbar';
import styles from './reading-pane.module.css';

interface Props {
  openId: string | null;
  message: MessageSummaryDto | undefined;
  conversation: ConversationDto | undefined;
  loading: boolean;
  error: unknown;
  folders: FolderDto[] | undefined;
  actions: ToolbarActions;
  onBack: () => void;
  onTrustSender: (message: MessageDetailDto) => Promise<void>;
}

export function ReadingPane(props: Props) {
  const { openId, message, conversation, loading, error, onBack } = props;
  return (
    <section className={styles.reading} aria-label="Reading pane">
      {!openId ? (
        <div className={styles.readingEmpty}>
          <Icon name="mailOpen" size={40} />
          <p>Select a message to read it.</p>
          <p className={styles.muted}>
            Press <kbd>j</kbd> and <kbd>k</kbd> to move, <kbd>Enter</kbd> to open, <kbd>?</kbd> for all
            shortcuts.
          </p>
        </div>
      ) : (
        <>
          <MessageToolbar message={message} folders={props.folders} actions={props.actions} onBack={onBack} />
          {conversation ? (
            <ConversationView
              key={conversation.conversationId}
              conversation={conversation}
              openId={openId}
              onTrustSender={props.onTrustSender}
            />
          ) : error ? (
            <div className={styles.readingEmpty} role="alert">
              <p>
                {error instanceof ApiFetchError && error.code === 'graph_not-found'
                  ? 'This message is no longer in the mailbox.'
                  : `The message couldn’t be opened: ${errorMessage(error)}`}
              </p>
            </div>
          ) : loading ? (
            <div className={styles.readingLoading} aria-live="polite">
              <div className={styles.skeletonTitle} />
              <div className={styles.skeletonLine} />
              <div className={styles.skeletonBody} />
              <span className="sr-only">Loading the message…</span>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** Newest first and expanded, like Outlook; older messages collapsed until clicked. */
function ConversationView({
  conversation,
  openId,
  onTrustSender,
}: {
  conversation: ConversationDto;
  openId: string;
  onTrustSender: (message: MessageDetailDto) => Promise<void>;
}) {
  const newestFirst = [...conversation.messages].reverse();
  const newest = newestFirst[0];
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set([openId, ...(newest ? [newest.id] : [])]),
  );
  const shown = newestFirst.find((m) => m.id === openId) ?? newest;
  const subject = shown?.subject;
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className={styles.conversation}>
      <h2 className={styles.conversationSubject} id="conversation-subject">
        <bdi>{subject || '(no subject)'}</bdi>
        {conversation.messages.length > 1 ? (
          <span className={styles.threadCount}>{conversation.messages.length} messages</span>
        ) : null}
      </h2>
      {shown && shown.categories.length > 0 ? (
        <div className={styles.categories}>
          <CategoryPills names={shown.categories} />
        </div>
      ) : null}
      {newestFirst.map((message) => (
        <ConversationMessage
          key={message.id}
          message={message}
          expanded={expanded.has(message.id)}
          onToggle={() => toggle(message.id)}
          onTrustSender={onTrustSender}
        />
      ))}
    </div>
  );
}
