'use client';

import { Fragment, Suspense, use } from 'react';
import type { FolderDto } from '@/lib/mail/types';
import type { OutboxItem } from '@/lib/offline/mirror-db';
import { DeleteFolderDialog } from './delete-folder-dialog';
import { FolderMenu } from './folder-menu';
import { FolderNameInput } from './folder-name-input';
import styles from './folder-pane.module.css';
import { FolderRow } from './folder-row';
import { inDeletedItems, orderFolders } from './folder-tree';
import { Icon } from './icons';
import { moveTargets } from './move-targets';
import { ScheduledFolder } from './send-later-scheduled';
import { useFolderEditing } from './use-folder-editing';

interface Props {
  folders: FolderDto[] | undefined;
  error: boolean;
  current: FolderDto | undefined;
  currentParam: string;
  /** The mailbox's address, as Graph's profile gives it while the page streams (null when unknown). */
  mailbox: Promise<string | null>;
  onOpen: (folder: FolderDto) => void;
  onClose: () => void;
  /** Mail sent while offline, waiting for the network (shown as the Outbox while there is any). */
  outbox: OutboxItem[];
  /** Messages dragged from the list were dropped on a folder. */
  onDropMessages?: (folder: FolderDto) => void;
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
  onDropMessages,
}: Props) {
  const all = folders ?? [];
  const edit = useFolderEditing({ folders: all, current, onOpen });
  const { editing } = edit;
  const sends = outbox.filter((item) => item.action.kind === 'send');
  const ordered = orderFolders(all);
  const dropTargets = new Set(moveTargets(all, current?.id).map(({ folder }) => folder.id));
  // The mailbox's own Outbox holds mail sent with Send later until its time: it shows as Scheduled. This
  // device's Outbox (mail waiting for the network) is another thing and keeps its own place at the end.
  const deviceOutbox = sends.length > 0 ? <DeviceOutbox sends={sends} /> : null;

  /** The field for a new folder's name, at `depth` (under its parent, or at the end for a top folder). */
  const newFolderField = (parentId: string | null, depth: number) =>
    editing?.kind === 'create' && editing.parentId === parentId ? (
      <li>
        <FolderNameInput
          label={parentId ? 'Name of the new subfolder' : 'Name of the new folder'}
          depth={depth}
          problem={edit.problem(parentId)}
          onSave={(name) => edit.save(editing, name)}
          onCancel={() => edit.cancel(editing)}
        />
      </li>
    ) : null;

  return (
    <nav className={styles.folders} aria-label="Folders">
      <div className={styles.folderHead}>
        <button type="button" className={styles.backButton} onClick={onClose}>
          <Icon name="back" />
          Messages
        </button>
        <Suspense fallback={null}>
          <MailboxAddress mailbox={mailbox} />
        </Suspense>
      </div>
      {error && !folders ? <p className={styles.paneNote}>Folders couldn’t be loaded.</p> : null}
      {!folders && !error ? (
        <p className={styles.paneNote} aria-live="polite">
          Loading folders…
        </p>
      ) : null}
      <ul className={styles.folderList}>
        {ordered.map(({ folder, depth }) => {
          if (folder.wellKnownName === 'outbox' && depth === 0)
            return (
              <li key={folder.id}>
                <ScheduledFolder />
              </li>
            );
          const renaming = editing?.kind === 'rename' && editing.folder.id === folder.id ? editing : null;
          return (
            <Fragment key={folder.id}>
              <FolderRow
                folder={folder}
                depth={depth}
                isCurrent={current ? current.id === folder.id : folder.wellKnownName === currentParam}
                onOpen={onOpen}
                onDropMessages={
                  onDropMessages && dropTargets.has(folder.id) ? () => onDropMessages(folder) : undefined
                }
                menu={
                  // Outlook's own folders keep their names and stay; the person's own can change.
                  folder.wellKnownName ? null : (
                    <FolderMenu
                      folderId={folder.id}
                      folderName={folder.name}
                      permanent={inDeletedItems(all, folder)}
                      onAction={(action) => edit.onMenu(folder, action)}
                    />
                  )
                }
                editor={
                  renaming ? (
                    <FolderNameInput
                      label={`New name for ${folder.name}`}
                      initial={folder.name}
                      depth={depth}
                      problem={edit.problem(folder.parentId, folder.id)}
                      onSave={(name) => edit.save(renaming, name)}
                      onCancel={() => edit.cancel(renaming)}
                    />
                  ) : null
                }
              />
              {newFolderField(folder.id, depth + 1)}
            </Fragment>
          );
        })}
        {newFolderField(null, 0)}
      </ul>
      {folders ? (
        <button
          type="button"
          className={styles.newFolder}
          data-new-folder=""
          onClick={edit.startCreate}
          disabled={editing?.kind === 'create' && editing.parentId === null}
        >
          <Icon name="plus" />
          New folder
        </button>
      ) : null}
      {deviceOutbox}
      <DeleteFolderDialog
        folder={edit.deleting}
        consequence={edit.consequence}
        onConfirm={(folder) => void edit.confirmDelete(folder)}
        onClose={edit.closeDelete}
      />
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

function MailboxAddress({ mailbox }: { mailbox: Promise<string | null> }) {
  const address = use(mailbox);
  return address ? (
    <p className={styles.mailbox} data-testid="mailbox-address" title={address}>
      {address}
    </p>
  ) : null;
}
