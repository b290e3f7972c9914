'use client';

import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

/**
 * The behaviour the mail screen's menus share (Move, Categorize, More actions, a folder's actions): the
 * panel opens with focus on its first item; a pointer down outside the panel and its button closes it;
 * Escape closes it and puts focus back on the button; the up and down arrows move between the items,
 * round the ends. `items` selects the panel's focusable items; `id` names the panel (one is made if not).
 */
export function useMenu<Panel extends HTMLElement>(items: string, id?: string) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<Panel>(null);
  const madeId = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>(items)?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, items]);

  const itemsShown = () => [...(panel.current?.querySelectorAll<HTMLElement>(items) ?? [])];

  /** Focuses the item at `index`, counted round the ends (-1 is the last). */
  const focusItem = (index: number) => {
    const all = itemsShown();
    all[((index % all.length) + all.length) % all.length]?.focus();
  };

  /** The panel's keys: Escape and the arrows. A menu with more keys handles those first. */
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      // Escape closes the menu only. The mail screen's shortcuts listen on the document, beside React's own
      // listener, so stopping propagation doesn't reach them: they skip a key whose default was prevented
      // (otherwise Escape would also close the message or clear the selection).
      event.stopPropagation();
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = itemsShown().indexOf(document.activeElement as HTMLElement);
    focusItem(at + (event.key === 'ArrowDown' ? 1 : -1));
  };

  const panelId = id ?? madeId;
  return {
    open,
    setOpen,
    id: panelId,
    focusItem,
    onKeyDown,
    /** Spread on the menu's button. */
    buttonProps: {
      ref: button,
      'aria-expanded': open,
      'aria-controls': panelId,
      onClick: () => setOpen((was) => !was),
    },
    /** Spread on the panel (a menu with more keys passes its own onKeyDown after it). */
    panelProps: { id: panelId, ref: panel, onKeyDown, 'data-menu-panel': '' },
  };
}
