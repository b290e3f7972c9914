'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useCategories } from '@/lib/hooks/use-categories';
import { UNLISTED_CATEGORY_COLOR } from '@/lib/mail/category-colors';
import styles from './categorize-menu.module.css';
import { swatchStyle } from './category-pills';

/** Outlook's tag, drawn here (the toolbar's other icons live in icons.tsx). */
function TagIcon() {
  return (
    <svg
      width={18}
      height={18}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9z" />
      <circle cx="7.5" cy="7.5" r="1.3" />
    </svg>
  );
}

/**
 * The toolbar's Categorize menu: a checkbox per category of the master list (with its colour), ticked for
 * those the message has; each change is sent at once. Names the message carries that the list lacks are
 * offered too, so they can be taken off.
 */
export function CategorizeMenu({
  current,
  disabled,
  onChange,
}: {
  current: string[] | undefined;
  disabled: boolean;
  onChange: (categories: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const { categories, available } = useCategories();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLFieldSetElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLInputElement>('input')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  // What was just chosen shows at once, until the message itself (updated optimistically) catches up:
  // a box must not flick back while the change travels through the caches.
  const [chosen, setChosen] = useState<{ over: string[] | undefined; names: string[] } | null>(null);
  const names = chosen && chosen.over === current ? chosen.names : (current ?? []);
  const has = new Set(names.map((name) => name.toLowerCase()));
  const listed = new Set(categories.map((c) => c.displayName.toLowerCase()));
  const options = [
    ...categories.map((c) => ({ name: c.displayName, color: c.color })),
    ...names
      .filter((name) => !listed.has(name.toLowerCase()))
      .map((name) => ({ name, color: UNLISTED_CATEGORY_COLOR })),
  ];
  const choose = (next: string[]) => {
    setChosen({ over: current, names: next });
    onChange(next);
  };
  const toggle = (name: string, on: boolean) => {
    const without = names.filter((c) => c.toLowerCase() !== name.toLowerCase());
    choose(on ? [...without, name] : without);
  };

  return (
    <div className={styles.wrap}>
      <button
        ref={button}
        type="button"
        className={styles.toolButton}
        disabled={disabled}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label="Categorize"
        title="Categorize"
        onClick={() => setOpen((o) => !o)}
      >
        <TagIcon />
        <span className={styles.toolLabel} aria-hidden="true">
          Categorize
        </span>
      </button>
      {open ? (
        <fieldset
          id={panelId}
          ref={panel}
          className={styles.panel}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
              button.current?.focus();
              return;
            }
            if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
            event.preventDefault();
            const boxes = [...(panel.current?.querySelectorAll<HTMLElement>('input, button') ?? [])];
            const at = boxes.indexOf(document.activeElement as HTMLElement);
            boxes[(at + (event.key === 'ArrowDown' ? 1 : boxes.length - 1)) % boxes.length]?.focus();
          }}
        >
          <legend className="sr-only">Categories</legend>
          {options.length === 0 ? (
            <p className={styles.note}>
              {available
                ? 'This mailbox has no categories yet. Create them in Outlook.'
                : 'Sign in again to let Tidings read your categories.'}
            </p>
          ) : (
            <ul className={styles.options}>
              {options.map(({ name, color }) => (
                <li key={name}>
                  <label className={styles.option}>
                    <input
                      type="checkbox"
                      checked={has.has(name.toLowerCase())}
                      onChange={(event) => toggle(name, event.target.checked)}
                    />
                    <span className={styles.swatch} style={swatchStyle(color)} aria-hidden="true" />
                    <bdi className={styles.name}>{name}</bdi>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {has.size > 0 ? (
            <button type="button" className={styles.clear} onClick={() => choose([])}>
              Clear categories
            </button>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}
