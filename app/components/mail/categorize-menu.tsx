'use client';

import { useState } from 'react';
import { useCategories } from '@/lib/hooks/use-categories';
import { UNLISTED_CATEGORY_COLOR } from '@/lib/mail/category-colors';
import styles from './categorize-menu.module.css';
import { swatchStyle } from './category-pills';
import { Icon } from './icons';
import { ToolbarMenu } from './toolbar-menu';
import { useMenu } from './use-menu';

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
  /** May answer whether the change held; a refusal shows the message's own categories again. */
  onChange: (categories: string[]) => Promise<boolean>;
}) {
  const menu = useMenu<HTMLFieldSetElement>('input, button');
  const { categories, available } = useCategories();

  // What was just chosen shows at once, until the message itself catches up: a box must not flick back
  // while the change travels through the caches, also when a re-read still brings the old categories
  // (compared by content, not by array identity). Another change (another tab) or a refusal ends it.
  const [chosen, setChosen] = useState<{ over: string[]; names: string[] } | null>(null);
  const moved = chosen !== null && !sameNames(chosen.over, current ?? []);
  // The message caught up (or changed elsewhere): forget the choice, so a later Undo shows as it is.
  if (moved) setChosen(null);
  const names = chosen && !moved ? chosen.names : (current ?? []);
  const has = new Set(names.map((name) => name.toLowerCase()));
  const listed = new Set(categories.map((c) => c.displayName.toLowerCase()));
  const options = [
    ...categories.map((c) => ({ name: c.displayName, color: c.color })),
    ...names
      .filter((name) => !listed.has(name.toLowerCase()))
      .map((name) => ({ name, color: UNLISTED_CATEGORY_COLOR })),
  ];
  const choose = (next: string[]) => {
    const mark = { over: current ?? [], names: next };
    setChosen(mark);
    void onChange(next).then((held) => {
      if (!held) setChosen((now) => (now === mark ? null : now));
    });
  };
  const toggle = (name: string, on: boolean) => {
    const without = names.filter((c) => c.toLowerCase() !== name.toLowerCase());
    choose(on ? [...without, name] : without);
  };

  return (
    <ToolbarMenu menu={menu} icon={<Icon name="tag" />} label="Categorize" showLabel disabled={disabled}>
      <fieldset {...menu.panelProps} className={styles.panel}>
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
    </ToolbarMenu>
  );
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name));
}
