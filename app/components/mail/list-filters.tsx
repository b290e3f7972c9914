'use client';

import { type KeyboardEvent, useRef } from 'react';
import { useCategories } from '@/lib/hooks/use-categories';
import type { InboxView } from '@/lib/mail/types';
import { swatchStyle } from './category-pills';
import styles from './list-filters.module.css';

const TABS: { view: InboxView; label: string }[] = [
  { view: 'focused', label: 'Focused' },
  { view: 'other', label: 'Other' },
];

/**
 * Above the list: the Inbox's Focused and Other tabs, and a choice of one category to show only its
 * mail. `view` is null outside the Inbox (no tabs there).
 */
export function ListFilters({
  view,
  onView,
  category,
  onCategory,
}: {
  view: InboxView | null;
  onView: (view: InboxView) => void;
  category: string | null;
  onCategory: (category: string | null) => void;
}) {
  const { categories, colorOf } = useCategories();
  const tabs = useRef<HTMLDivElement>(null);
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = view === 'focused' ? 'other' : 'focused';
    onView(next);
    tabs.current?.querySelector<HTMLButtonElement>(`[data-view="${next}"]`)?.focus();
  };
  const options =
    category && !categories.some((c) => c.displayName === category)
      ? [...categories.map((c) => c.displayName), category]
      : categories.map((c) => c.displayName);
  return (
    <div className={styles.filters}>
      {view ? (
        <div ref={tabs} className={styles.tabs} role="tablist" aria-label="Inbox" onKeyDown={onTabKey}>
          {TABS.map((tab) => (
            <button
              key={tab.view}
              type="button"
              role="tab"
              data-view={tab.view}
              aria-selected={view === tab.view}
              tabIndex={view === tab.view ? 0 : -1}
              className={styles.tab}
              onClick={() => onView(tab.view)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      ) : null}
      {options.length > 0 ? (
        <span className={styles.categoryFilter}>
          {category ? (
            <span className={styles.swatch} style={swatchStyle(colorOf(category))} aria-hidden="true" />
          ) : null}
          <select
            aria-label="Filter by category"
            value={category ?? ''}
            onChange={(event) => onCategory(event.target.value || null)}
            className={styles.select}
            data-active={category ? '' : undefined}
          >
            <option value="">All categories</option>
            {options.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </span>
      ) : null}
    </div>
  );
}
