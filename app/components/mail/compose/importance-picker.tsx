'use client';

import type { Importance } from '@/lib/mail/types';
import styles from './compose.module.css';

/** Graph's importance of the message: Outlook shows High with a red "!" and Low with a blue arrow. */
export function ImportancePicker({
  value,
  onChange,
}: {
  value: Importance;
  onChange: (importance: Importance) => void;
}) {
  return (
    <span className={styles.importance} data-importance={value}>
      <select
        aria-label="Importance"
        className={styles.importanceSelect}
        value={value}
        onChange={(event) => onChange(event.target.value as Importance)}
      >
        <option value="low">Low importance</option>
        <option value="normal">Normal importance</option>
        <option value="high">High importance</option>
      </select>
    </span>
  );
}
