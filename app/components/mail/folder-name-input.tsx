'use client';

import { useId, useRef, useState } from 'react';
import styles from './folder-name-input.module.css';
import { Icon } from './icons';

/**
 * A folder name typed in place (new folder, rename): Enter saves, Escape cancels, leaving the field saves
 * a name that was typed. A name the caller refuses (`problem`) keeps the field open and says why.
 */
export function FolderNameInput({
  label,
  initial = '',
  depth,
  problem,
  onSave,
  onCancel,
}: {
  /** What the field is for, read out: "Name of the new folder", "New name for Projects". */
  label: string;
  initial?: string;
  depth: number;
  /** Why a name can't be used, or null when it can. */
  problem: (name: string) => string | null;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);
  const errorId = useId();

  const finish = (input: HTMLInputElement, { fromBlur = false } = {}) => {
    if (done.current) return;
    const name = input.value.trim();
    if (!name || name === initial.trim()) {
      done.current = true;
      onCancel();
      return;
    }
    const why = problem(name);
    if (why) {
      // Leaving the field with a name that can't be used drops it; Enter keeps it open to fix.
      if (fromBlur) {
        done.current = true;
        onCancel();
      } else setError(why);
      return;
    }
    done.current = true;
    onSave(name);
  };

  return (
    <form
      className={styles.form}
      style={{ paddingInlineStart: `${12 + depth * 16}px` }}
      onSubmit={(event) => {
        event.preventDefault();
        const input = event.currentTarget.elements.namedItem('name');
        if (input instanceof HTMLInputElement) finish(input);
      }}
    >
      <Icon name="folder" />
      <input
        name="name"
        className={styles.input}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        defaultValue={initial}
        maxLength={255}
        autoComplete="off"
        // Focus moves here from the menu or button that asked for it.
        // biome-ignore lint/a11y/noAutofocus: the person just asked to type a name
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={() => setError(null)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          event.stopPropagation();
          done.current = true;
          onCancel();
        }}
        onBlur={(event) => finish(event.currentTarget, { fromBlur: true })}
      />
      {error ? (
        <p id={errorId} className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
