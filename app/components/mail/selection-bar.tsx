'use client';

import type { BulkFailure, BulkProgress } from '@/lib/hooks/use-bulk-actions';
import type { FolderDto } from '@/lib/mail/types';
import { CategorizeMenu } from './categorize-menu';
import { Icon } from './icons';
import { MoveMenu } from './move-menu';
import styles from './selection-bar.module.css';

export interface SelectionCommands {
  archive: () => void;
  remove: () => void;
  moveTo: (folder: FolderDto) => void;
  markRead: (isRead: boolean) => void;
  flag: (flagged: boolean) => void;
  /** Gives the selected messages some categories and takes others, each keeping the rest of its own. */
  categorize: (add: string[], remove: string[]) => void;
  /** Moves the selected messages to Junk Email. */
  reportJunk?: () => void;
}

/** What a selection can do: its count, "select all N in this folder", the bulk actions, and their progress. */
export function SelectionBar({
  count,
  allInFolder,
  canSelectAll,
  folder,
  scope,
  folders,
  progress,
  commands,
  allRead,
  allFlagged,
  commonCategories,
  onSelectAll,
  onClear,
}: {
  count: number;
  allInFolder: boolean;
  canSelectAll: boolean;
  /** The open folder (null during a search). */
  folder: FolderDto | null;
  /** What "all" covers: the list's name (Inbox, Focused, Inbox · Finance) and how many it holds. */
  scope: { name: string; total: number };
  folders: FolderDto[] | undefined;
  progress: BulkProgress | null;
  commands: SelectionCommands;
  /** Every selected row shown is read (the button then marks unread), or flagged (it then clears). */
  allRead: boolean;
  allFlagged: boolean;
  /** The categories every selected row shown has (ticked in the Categorize menu). */
  commonCategories: string[];
  onSelectAll: () => void;
  onClear: () => void;
}) {
  const busy = progress !== null;
  return (
    <div className={styles.bar}>
      <div className={styles.summary}>
        <span aria-live="polite" data-testid="selection-count">
          {allInFolder && folder
            ? `All ${count.toLocaleString()} in ${scope.name} selected`
            : `${count.toLocaleString()} selected`}
        </span>
        {canSelectAll && folder ? (
          <button type="button" className={styles.link} onClick={onSelectAll}>
            Select all {scope.total.toLocaleString()} in {scope.name}
          </button>
        ) : null}
        <button type="button" className={styles.link} onClick={onClear}>
          Clear
        </button>
      </div>
      {busy ? (
        <div className={styles.progress} role="status">
          <span>
            {progress.doing} {progress.done.toLocaleString()} of {progress.total.toLocaleString()}…
          </span>
          <progress max={progress.total} value={progress.done} aria-label={progress.doing} />
        </div>
      ) : (
        <div className={styles.actions} role="toolbar" aria-label="Selected messages">
          <Action
            icon="archive"
            label="Archive selected"
            disabled={folder?.wellKnownName === 'archive'}
            onClick={commands.archive}
          />
          <Action icon="deleteditems" label="Delete selected" onClick={commands.remove} />
          {commands.reportJunk ? (
            <Action
              icon="junkemail"
              label="Report selected as junk"
              disabled={folder?.wellKnownName === 'junkemail'}
              onClick={commands.reportJunk}
            />
          ) : null}
          <MoveMenu
            folders={folders}
            currentFolderId={folder?.id}
            disabled={false}
            onMove={commands.moveTo}
            menuId="selection-move-menu"
          />
          {allRead ? (
            <Action icon="mailUnread" label="Mark selected unread" onClick={() => commands.markRead(false)} />
          ) : (
            <Action icon="mailOpen" label="Mark selected read" onClick={() => commands.markRead(true)} />
          )}
          <CategorizeMenu
            current={commonCategories}
            disabled={false}
            onChange={async (next) => {
              // The bulk run reports its own failures; the list is read again when it ends.
              commands.categorize(
                next.filter((name) => !commonCategories.includes(name)),
                commonCategories.filter((name) => !next.includes(name)),
              );
              return true;
            }}
          />
          {allFlagged ? (
            <Action
              icon="flag"
              label="Clear the flag of selected"
              pressed
              onClick={() => commands.flag(false)}
            />
          ) : (
            <Action icon="flag" label="Flag selected" onClick={() => commands.flag(true)} />
          )}
        </div>
      )}
    </div>
  );
}

function Action({
  icon,
  label,
  disabled,
  pressed,
  onClick,
}: {
  icon: string;
  label: string;
  disabled?: boolean;
  pressed?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={styles.action}
      aria-label={label}
      title={label}
      disabled={disabled}
      data-pressed={pressed ? '' : undefined}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}

/** Which messages a bulk action could not change, and why, until dismissed. */
export function BulkReport({
  title,
  failures,
  onDismiss,
}: {
  title: string;
  failures: BulkFailure[];
  onDismiss: () => void;
}) {
  const shown = failures.slice(0, 50);
  return (
    <div className={styles.report} role="alert">
      <div className={styles.reportHead}>
        <strong>{title}</strong>
        <button type="button" className={styles.link} onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul>
        {shown.map((f) => (
          <li key={f.id}>
            <bdi>{f.subject ?? 'A message not on screen'}</bdi>: {f.error}
          </li>
        ))}
      </ul>
      {failures.length > shown.length ? <p>and {failures.length - shown.length} more.</p> : null}
    </div>
  );
}
