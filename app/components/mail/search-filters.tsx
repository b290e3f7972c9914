'use client';

import { chipsOf, withAttachments, withFolder, withUnread } from '@/lib/mail/search-chips';
import type { FolderDto } from '@/lib/mail/types';
import styles from './search-filters.module.css';

/** The folders a search can be kept to: the value is what `in:` takes (a well-known name or the name). */
const folderValue = (folder: FolderDto) => folder.wellKnownName ?? folder.name;

/**
 * Above search results: chips that narrow them to unread mail, mail with attachments, or one folder.
 * Each toggles its operator in the search text (is:unread, has:attachment, in:), so the box always shows
 * what is searched and typing the operator lights the chip.
 */
export function SearchFilters({
  query,
  onQueryChange,
  folders,
}: {
  query: string;
  onQueryChange: (query: string) => void;
  folders: FolderDto[] | undefined;
}) {
  const chips = chipsOf(query);
  const options = (folders ?? []).map((f) => ({ value: folderValue(f), label: f.name }));
  const selected = chips.folder
    ? (options.find((o) => o.value.toLowerCase() === chips.folder)?.value ?? chips.folder)
    : '';
  const typed = chips.folder && !options.some((o) => o.value === selected);
  return (
    <fieldset className={styles.filters}>
      <legend className="sr-only">Narrow the search</legend>
      <button
        type="button"
        className={styles.chip}
        aria-pressed={chips.unread}
        onClick={() => onQueryChange(withUnread(query, !chips.unread))}
      >
        Unread
      </button>
      <button
        type="button"
        className={styles.chip}
        aria-pressed={chips.attachments}
        onClick={() => onQueryChange(withAttachments(query, !chips.attachments))}
      >
        Has attachments
      </button>
      <select
        aria-label="Search in folder"
        className={styles.select}
        value={selected}
        data-active={chips.folder ? '' : undefined}
        onChange={(event) => onQueryChange(withFolder(query, event.target.value || null))}
      >
        <option value="">All folders</option>
        {typed ? <option value={selected}>in:{selected}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </fieldset>
  );
}
