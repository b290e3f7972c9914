'use client';

import type { FolderDto } from '@/lib/mail/types';
import { Icon } from './icons';
import styles from './move-menu.module.css';
import { moveTargets } from './move-targets';
import { ToolbarMenu } from './toolbar-menu';
import { useMenu } from './use-menu';

/**
 * The Move button of the reading toolbar and of the selection bar: a disclosure listing the folders the
 * message can go to, indented as in the folder pane.
 */
export function MoveMenu({
  folders,
  currentFolderId,
  disabled,
  onMove,
  menuId = 'move-menu',
}: {
  folders: FolderDto[] | undefined;
  currentFolderId: string | undefined;
  disabled: boolean;
  /** The menu's element id (unique on the page: the selection bar has one too). */
  menuId?: string;
  onMove: (folder: FolderDto) => void;
}) {
  const menu = useMenu<HTMLUListElement>('button', menuId);
  const targets = folders ? moveTargets(folders, currentFolderId) : [];
  return (
    <ToolbarMenu
      menu={menu}
      icon={<Icon name="move" />}
      label="Move"
      title="Move to a folder"
      showLabel
      trailing={<Icon name="chevronDown" size={14} />}
      disabled={disabled || !folders}
    >
      <ul {...menu.panelProps} className={styles.menu} aria-label="Move to folder">
        {targets.map(({ folder, depth }) => (
          <li key={folder.id}>
            <button
              type="button"
              className={styles.item}
              style={{ paddingInlineStart: `${10 + depth * 14}px` }}
              onClick={() => {
                menu.setOpen(false);
                onMove(folder);
              }}
            >
              <Icon name={folder.wellKnownName && depth === 0 ? folder.wellKnownName : 'folder'} size={16} />
              {folder.name}
            </button>
          </li>
        ))}
      </ul>
    </ToolbarMenu>
  );
}
