'use client';

import type { ReactNode } from 'react';
import styles from './toolbar-menu.module.css';
import type { useMenu } from './use-menu';

/**
 * A toolbar button that opens a menu under it (Move, Categorize, More actions): the button wears the
 * toolbar's look, and its label shows while the toolbar has room (the name stays in aria-label).
 * `children` is the panel, shown while the menu is open.
 */
export function ToolbarMenu({
  menu,
  icon,
  label,
  title = label,
  showLabel = false,
  trailing,
  disabled,
  popup,
  children,
}: {
  menu: Pick<ReturnType<typeof useMenu>, 'open' | 'buttonProps'>;
  icon: ReactNode;
  label: string;
  title?: string;
  showLabel?: boolean;
  /** After the label (Move's chevron). */
  trailing?: ReactNode;
  disabled: boolean;
  /** aria-haspopup, for a panel with role="menu". */
  popup?: 'menu';
  children: ReactNode;
}) {
  return (
    <div className={styles.wrap}>
      <button
        {...menu.buttonProps}
        type="button"
        className={styles.toolButton}
        disabled={disabled}
        aria-haspopup={popup}
        aria-label={label}
        title={title}
      >
        {icon}
        {showLabel ? (
          <span className={styles.toolLabel} aria-hidden="true">
            {label}
          </span>
        ) : null}
        {trailing}
      </button>
      {menu.open ? children : null}
    </div>
  );
}
