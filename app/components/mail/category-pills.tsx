'use client';

import type { CSSProperties } from 'react';
import { useCategories } from '@/lib/hooks/use-categories';
import type { CategoryColorDto } from '@/lib/mail/types';
import styles from './category-pills.module.css';

/** A category colour as inline CSS that follows the page's light or dark scheme. */
export function pillStyle(color: CategoryColorDto): CSSProperties {
  return {
    background: `light-dark(${color.light.background}, ${color.dark.background})`,
    color: `light-dark(${color.light.text}, ${color.dark.text})`,
  };
}

/** A category's swatch: its strong colour (the pill's text colour), light or dark. */
export function swatchStyle(color: CategoryColorDto): CSSProperties {
  return { background: `light-dark(${color.light.text}, ${color.dark.text})` };
}

/**
 * A message's categories as coloured pills, in the master list's colours. `max` shows that many and
 * counts the rest (a list row has room for a few).
 */
export function CategoryPills({ names, max }: { names: string[]; max?: number }) {
  const { colorOf } = useCategories();
  if (names.length === 0) return null;
  const shown = max === undefined ? names : names.slice(0, max);
  const hidden = names.length - shown.length;
  return (
    <span className={styles.pills} data-testid="category-pills">
      <span className="sr-only">Categories: </span>
      {shown.map((name) => (
        <span key={name} className={styles.pill} style={pillStyle(colorOf(name))} data-category={name}>
          <bdi>{name}</bdi>
        </span>
      ))}
      {hidden > 0 ? (
        <span className={styles.more} title={names.slice(shown.length).join(', ')}>
          +{hidden}
          <span className="sr-only"> more: {names.slice(shown.length).join(', ')}</span>
        </span>
      ) : null}
    </span>
  );
}
