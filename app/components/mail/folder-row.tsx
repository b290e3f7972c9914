'use client';

import { type ReactNode, useState } from 'react';
import { isPendingFolder } from '@/lib/hooks/folder-cache';
import { mailHref } from '@/lib/hooks/use-mail-url';
import type { FolderDto } from '@/lib/mail/types';
import { isMessageDrag } from './drag';
import styles from './folder-row.module.css';
import { folderBadge } from './folder-tree';
import { Icon } from './icons';

/**
 * One folder in the folder pane: a link that opens it, with its unread (or draft) count, and for a folder
 * the person made, its actions menu. The <li> is the row: one element to drop messages on.
 */
export function FolderRow({
  folder,
  depth,
  isCurrent,
  onOpen,
  menu,
  editor,
  onDropMessages,
}: {
  folder: FolderDto;
  depth: number;
  isCurrent: boolean;
  onOpen: (folder: FolderDto) => void;
  /** The folder's actions menu; null for Outlook's own folders. */
  menu: ReactNode | null;
  /** Shown in place of the link while the folder is being renamed. */
  editor: ReactNode | null;
  /** Messages dragged from the list are dropped here; undefined where they cannot go (Drafts, their own folder). */
  onDropMessages?: () => void;
}) {
  const [dropOver, setDropOver] = useState(false);
  const pending = isPendingFolder(folder.id);
  const badge = folderBadge(folder);
  const content = (
    <>
      <Icon name={folder.wellKnownName && depth === 0 ? folder.wellKnownName : 'folder'} />
      <span className={styles.name}>{folder.name}</span>
      {badge.count > 0 ? (
        <span className={styles.badge} data-kind={badge.label}>
          {badge.count.toLocaleString()}
          <span className="sr-only"> {badge.label}</span>
        </span>
      ) : null}
    </>
  );
  const indent = { paddingInlineStart: `${12 + depth * 16}px` };
  return (
    <li
      className={styles.row}
      data-folder-row={folder.id}
      data-manageable={menu ? '' : undefined}
      data-drop-over={dropOver ? '' : undefined}
      onDragOver={(event) => {
        if (!onDropMessages || !isMessageDrag(event.dataTransfer.types)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setDropOver(true);
      }}
      onDragLeave={() => setDropOver(false)}
      onDrop={(event) => {
        setDropOver(false);
        if (!onDropMessages || !isMessageDrag(event.dataTransfer.types)) return;
        event.preventDefault();
        onDropMessages();
      }}
    >
      {editor ??
        (pending ? (
          // Not a link yet: the folder has no id on Microsoft 365 until the server answers.
          <span className={styles.link} style={indent} aria-busy="true" data-pending="">
            {content}
            <span className="sr-only"> (being created)</span>
          </span>
        ) : (
          <a
            href={mailHref({ folder: folder.wellKnownName ?? folder.id, message: null })}
            className={styles.link}
            aria-current={isCurrent ? 'page' : undefined}
            data-folder={folder.wellKnownName ?? folder.id}
            data-count={badge.count}
            style={indent}
            onClick={(event) => {
              // Let modified clicks open a new tab; a plain click stays in the app.
              if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
              event.preventDefault();
              onOpen(folder);
            }}
          >
            {content}
          </a>
        ))}
      {menu && !editor && !pending ? <span className={styles.actions}>{menu}</span> : null}
    </li>
  );
}
