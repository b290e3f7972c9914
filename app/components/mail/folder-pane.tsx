'use client';

import { mailHref } from '@/lib/hooks/use-mail-url';
import type { FolderDto } from '@/lib/mail/types';
import type { OutboxItem } from '@/lib/offline/mirror-db';
import styles from './folder-pane.module.css';
import { folderBadge, orderFolders } from './folder-tree';
import { Icon } from './icons';

interface Props {
  folders: FolderDto[] | undefined;
  error: boolean;
  current: FolderDto | undefined;
  currentParam: string;
  mailbox: string | null;
  onOpen: (folder: FolderDto) => void;
  onClose: () => void;
  /** Mail sent while offline, waiting for the network (shown as the Outbox while there is any). */
  outbox: OutboxItem[];
}

export function FolderPane({
  folders,
  error,
  current,
  currentParam,
  mailbox,
  onOpen,
  onClose,
  outbox,
}: Props) {
  const sends = outbox.filter((item) => item.action.kind === 'send');
  const ordered = folders ? orderFolders(folders) : [];
  // Mailboxes have an Outbox folder of their own, empty for a client that sends through Graph: while mail
  // waits on this device, this device's Outbox stands in its place (or at the end, if there is none).
  const standsIn = sends.length > 0 && ordered.some(({ folder }) => folder.wellKnownName === 'outbox');
  const deviceOutbox = sends.length > 0 ? <DeviceOutbox sends={sends} /> : null;
  return (
    <nav className={styles.folders} aria-label="Folders">
      <div className={styles.folderHead}>
        <button type="button" className={styles.backButton} onClick={onClose}>
          <Icon name="back" />
          Messages
        </button>
        {mailbox ? (
          <p className={styles.mailbox} data-testid="mailbox-address" title={mailbox}>
            {mailbox}
          </p>
        ) : null}
      </div>
      {error && !folders ? <p className={styles.paneNote}>Folders couldn’t be loaded.</p> : null}
      {!folders && !error ? (
        <p className={styles.paneNote} aria-live="polite">
          Loading folders…
        </p>
      ) : null}
      <ul className={styles.folderList}>
        {ordered.map(({ folder, depth }) => {
          if (standsIn && folder.wellKnownName === 'outbox' && depth === 0)
            return <li key={folder.id}>{deviceOutbox}</li>;
          const badge = folderBadge(folder);
          const isCurrent = current ? current.id === folder.id : folder.wellKnownName === currentParam;
          return (
            <li key={folder.id}>
              <a
                href={mailHref({ folder: folder.wellKnownName ?? folder.id, message: null })}
                className={styles.folderLink}
                aria-current={isCurrent ? 'page' : undefined}
                data-folder={folder.wellKnownName ?? folder.id}
                data-count={badge.count}
                style={{ paddingInlineStart: `${12 + depth * 16}px` }}
                onClick={(event) => {
                  // Let modified clicks open a new tab; a plain click stays in the app.
                  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                  event.preventDefault();
                  onOpen(folder);
                }}
              >
                <Icon name={folder.wellKnownName && depth === 0 ? folder.wellKnownName : 'folder'} />
                <span className={styles.folderName}>{folder.name}</span>
                {badge.count > 0 ? (
                  <span className={styles.badge} data-kind={badge.label}>
                    {badge.count.toLocaleString()}
                    <span className="sr-only"> {badge.label}</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
      {standsIn ? null : deviceOutbox}
    </nav>
  );
}

/** Mail sent offline on this device, waiting for the network: the Outbox, with its count. */
function DeviceOutbox({ sends }: { sends: OutboxItem[] }) {
  return (
    <details className={styles.outbox} data-testid="outbox-folder">
      <summary className={styles.folderLink}>
        <Icon name="outbox" />
        <span className={styles.folderName}>Outbox</span>
        <span className={styles.badge} data-kind="waiting to be sent">
          {sends.length.toLocaleString()}
          <span className="sr-only"> waiting to be sent</span>
        </span>
      </summary>
      <ul className={styles.outboxList}>
        {sends.map((item) => (
          <li key={item.seq}>
            {item.action.kind === 'send' && item.action.fields?.subject
              ? item.action.fields.subject
              : '(no subject)'}
            <span className={styles.outboxNote}>Sends when you’re back online</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
