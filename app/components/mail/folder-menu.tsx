'use client';

import { useEffect, useId, useRef, useState } from 'react';
import styles from './folder-menu.module.css';
import { Icon } from './icons';

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
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const go = (index: number) => {
      event.preventDefault();
      items[(index + items.length) % items.length]?.focus();
    };
    // The mail screen's own shortcuts (j/k, Escape to go back) stay out of an open menu.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') setOpen(false);
    else if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(items.length - 1);
  };

  return (
    <div className={styles.wrap}>
      <button
        ref={button}
        type="button"
        className={styles.menuButton}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Actions for ${folderName}`}
        title="Folder actions"
        data-folder-menu={folderId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          event.preventDefault();
          setOpen(true);
        }}
      >
        <Icon name="more" size={16} />
      </button>
      {open ? (
        <div
          id={menuId}
          ref={menu}
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
              data-danger={item.action === 'delete' ? '' : undefined}
              onClick={() => {
                setOpen(false);
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
