'use client';

import { useState } from 'react';
import type { FolderDto, RuleDto } from '@/lib/mail/types';
import { actionsText, conditionsText } from './rules-format';
import styles from './rules-row.module.css';

/** One rule in the list: what it does, on/off, up and down in the order, edit and delete (asked first). */
export function RulesRow({
  rule,
  folders,
  first,
  last,
  busy,
  onToggle,
  onMove,
  onEdit,
  onDelete,
}: {
  rule: RuleDto;
  folders: FolderDto[] | undefined;
  first: boolean;
  last: boolean;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onMove: (direction: 'up' | 'down') => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const name = rule.name || '(no name)';
  return (
    <li className={styles.row} data-enabled={rule.enabled ? '' : undefined} aria-label={name}>
      <div className={styles.text}>
        <span className={styles.name}>
          <bdi>{name}</bdi>
          {!rule.enabled ? <span className={styles.badge}>Off</span> : null}
          {rule.hasError ? (
            <span className={styles.error}>
              Not working: Microsoft 365 found a problem (a folder it uses may be gone). Edit and save it.
            </span>
          ) : null}
        </span>
        <span className={styles.summary}>
          <span className={styles.label}>If</span> <bdi>{conditionsText(rule)}</bdi>
        </span>
        <span className={styles.summary}>
          <span className={styles.label}>Then</span> <bdi>{actionsText(rule, folders)}</bdi>
        </span>
      </div>
      {confirming ? (
        <fieldset className={styles.controls} aria-label={`Delete ${name}?`}>
          <span className={styles.question}>Delete this rule?</span>
          <button
            type="button"
            className={styles.danger}
            onClick={() => {
              setConfirming(false);
              onDelete();
            }}
          >
            Delete
          </button>
          <button type="button" className={styles.button} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </fieldset>
      ) : (
        <div className={styles.controls}>
          <label className={styles.switch}>
            <input
              type="checkbox"
              role="switch"
              aria-checked={rule.enabled}
              checked={rule.enabled}
              disabled={busy || rule.readOnly}
              onChange={(e) => onToggle(e.target.checked)}
              aria-label={`${name} on`}
            />
            <span aria-hidden="true">{rule.enabled ? 'On' : 'Off'}</span>
          </label>
          <button
            type="button"
            className={styles.icon}
            disabled={busy || first}
            onClick={() => onMove('up')}
            aria-label={`Move ${name} up`}
            title="Run earlier"
          >
            ↑
          </button>
          <button
            type="button"
            className={styles.icon}
            disabled={busy || last}
            onClick={() => onMove('down')}
            aria-label={`Move ${name} down`}
            title="Run later"
          >
            ↓
          </button>
          <button
            type="button"
            className={styles.button}
            disabled={busy || rule.readOnly}
            onClick={onEdit}
            aria-label={`Edit ${name}`}
          >
            Edit
          </button>
          <button
            type="button"
            className={styles.button}
            disabled={busy || rule.readOnly}
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${name}`}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
