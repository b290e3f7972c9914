'use client';

import styles from './folder-menu.module.css';
import { Icon } from './icons';
import { useMenu } from './use-menu';

export type FolderMenuAction = 'rename' | 'newSubfolder' | 'delete';

const ITEMS: { action: FolderMenuAction; label: string; permanentLabel?: string }[] = [
  { action: 'rename', label: 'Rename' },
  { action: 'newSubfolder', label: 'New subfolder' },
  { action: 'delete', label: 'Delete', permanentLabel: 'Delete for good' },
];

/**
 * A folder's actions behind a menu button (WAI-ARIA menu button): arrow keys, Home and End move between
 * items, Escape closes and puts focus back on the button, Tab closes. The caller moves focus on after an
 * action (to the name field, the dialog).
 */
export function FolderMenu({
  folderName,
  folderId,
  permanent,
  onAction,
}: {
  folderName: string;
  folderId: string;
  /** The folder is in Deleted Items: deleting it is for good. */
  permanent: boolean;
  onAction: (action: FolderMenuAction) => void;
}) {
  const menu = useMenu<HTMLDivElement>('[role="menuitem"]');

  const onKeyDown = (event: React.KeyboardEvent) => {
    // The mail screen's own shortcuts (j/k, Escape to go back) stay out of an open menu.
    event.stopPropagation();
    if (event.key === 'Tab') menu.setOpen(false);
    else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      menu.focusItem(event.key === 'Home' ? 0 : -1);
    } else menu.onKeyDown(event);
  };

  return (
    <div className={styles.wrap}>
      <button
        {...menu.buttonProps}
        type="button"
        className={styles.menuButton}
        aria-haspopup="menu"
        aria-controls={menu.open ? menu.id : undefined}
        aria-label={`Actions for ${folderName}`}
        title="Folder actions"
        data-folder-menu={folderId}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          event.preventDefault();
          menu.setOpen(true);
        }}
      >
        <Icon name="more" size={16} />
      </button>
      {menu.open ? (
        <div
          {...menu.panelProps}
          role="menu"
          aria-label={`Actions for ${folderName}`}
          className={styles.menu}
          onKeyDown={onKeyDown}
        >
          {ITEMS.map((item) => (
            <button
              key={item.action}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={styles.item}
              data-danger={item.action === 'delete' ? '' : undefined}
              onClick={() => {
                menu.setOpen(false);
                onAction(item.action);
              }}
            >
              {permanent && item.permanentLabel ? item.permanentLabel : item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
