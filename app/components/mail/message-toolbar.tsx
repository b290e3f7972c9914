'use client';

import type { FolderDto, InboxView, MessageSummaryDto } from '@/lib/mail/types';
import { CategorizeMenu } from './categorize-menu';
import { FocusMenu } from './focus-menu';
import { Icon } from './icons';
import styles from './message-toolbar.module.css';
import { MoveMenu } from './move-menu';

export interface ToolbarActions {
  archive: () => void;
  remove: () => void;
  toggleRead: () => void;
  toggleFlag: () => void;
  moveTo: (folder: FolderDto) => void;
  respond: (kind: 'reply' | 'replyAll' | 'forward') => void;
  editDraft: () => void;
  /** Gives the message exactly these categories. */
  /** Resolves false when the change was refused (the menu then shows the message's own categories again). */
  categorize?: (categories: string[]) => Promise<boolean>;
  /** Always puts the sender's mail in the Inbox's Focused or Other tab. */
  alwaysMove?: (classifyAs: InboxView) => void;
  /** Moves the message to Junk Email. */
  reportJunk?: () => void;
  /** A rule moving the sender's mail to Junk Email, and this message moved there. */
  blockSender?: () => void;
}

const ANSWERS = [
  { kind: 'reply', icon: 'reply', label: 'Reply', shortcut: 'r' },
  { kind: 'replyAll', icon: 'replyAll', label: 'Reply all', shortcut: 'a' },
  { kind: 'forward', icon: 'forward', label: 'Forward', shortcut: 'f' },
] as const;

export function MessageToolbar({
  message,
  folders,
  actions,
  onBack,
}: {
  message: MessageSummaryDto | undefined;
  folders: FolderDto[] | undefined;
  actions: ToolbarActions;
  onBack: () => void;
}) {
  const disabled = !message;
  const flagged = message?.flagStatus === 'flagged';
  const inFolder = folders?.find((f) => f.id === message?.folderId);
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Message actions">
      <button
        type="button"
        className={styles.backButton}
        onClick={onBack}
        title="Back to the list (u)"
        aria-label="Back"
      >
        <Icon name="back" />
        <span className={styles.toolLabel} aria-hidden="true">
          Back
        </span>
      </button>
      <ToolButton
        icon="archive"
        label="Archive"
        shortcut="e"
        disabled={disabled || inFolder?.wellKnownName === 'archive'}
        onClick={actions.archive}
      />
      <ToolButton
        icon="deleteditems"
        label="Delete"
        shortcut="#"
        disabled={disabled}
        onClick={actions.remove}
      />
      <MoveMenu
        folders={folders}
        currentFolderId={message?.folderId}
        disabled={disabled}
        onMove={actions.moveTo}
      />
      <ToolButton
        icon={message?.isRead === false ? 'mailOpen' : 'mailUnread'}
        label={message?.isRead === false ? 'Mark read' : 'Mark unread'}
        shortcut="Shift+U"
        disabled={disabled}
        onClick={actions.toggleRead}
      />
      <ToolButton
        icon="flag"
        label={flagged ? 'Unflag' : 'Flag'}
        shortcut="s"
        pressed={flagged}
        disabled={disabled}
        onClick={actions.toggleFlag}
      />
      {actions.categorize ? (
        <CategorizeMenu current={message?.categories} disabled={disabled} onChange={actions.categorize} />
      ) : null}
      {actions.alwaysMove ? (
        <FocusMenu
          message={message}
          inInbox={inFolder?.wellKnownName === 'inbox'}
          inJunk={inFolder?.wellKnownName === 'junkemail'}
          onAlwaysMove={actions.alwaysMove}
          onReportJunk={actions.reportJunk}
          onBlockSender={actions.blockSender}
        />
      ) : null}
      <span className={styles.toolbarSpacer} />
      {message?.isDraft ? (
        // A draft is written, not answered: it goes back into the compose pane.
        <ToolButton icon="drafts" label="Edit draft" keepLabel shortcut="Enter" onClick={actions.editDraft} />
      ) : (
        ANSWERS.map((answer) => (
          <ToolButton
            key={answer.kind}
            icon={answer.icon}
            label={answer.label}
            keepLabel
            shortcut={answer.shortcut}
            disabled={disabled}
            onClick={() => actions.respond(answer.kind)}
          />
        ))
      )}
    </div>
  );
}

function ToolButton({
  icon,
  label,
  shortcut,
  disabled,
  pressed,
  keepLabel,
  onClick,
}: {
  icon: string;
  label: string;
  shortcut: string;
  /** Answering buttons keep their words longest as the pane narrows. */
  keepLabel?: boolean;
  disabled?: boolean;
  pressed?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={styles.toolButton}
      onClick={onClick}
      disabled={disabled}
      title={`${label} (${shortcut})`}
      aria-label={label}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut === '#' ? 'Shift+3' : shortcut}
      data-pressed={pressed ? '' : undefined}
    >
      <Icon name={icon} />
      <span className={keepLabel ? styles.toolLabelKept : styles.toolLabel} aria-hidden="true">
        {label}
      </span>
    </button>
  );
}
