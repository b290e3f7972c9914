'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { usePeople } from '@/lib/hooks/use-people';
import {
  addressKey,
  commitTyping,
  isAddress,
  removeChip,
  splitField,
  typedText,
} from '@/lib/mail/compose-address';
import { Icon } from '../icons';
import styles from './compose.module.css';

/**
 * An address field: accepted addresses as chips, then an input for the one being typed, with suggestions
 * from /api/people. The value stays comma-separated text (what the draft keeps); the key rules live in
 * lib/mail/compose-address.ts. Enter accepts an address and never sends.
 */
export function AddressField({
  label,
  value,
  error,
  autoFocus,
  onChange,
}: {
  label: string;
  value: string;
  error: string | null;
  autoFocus?: boolean;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Focus once on mount (the first field of a new message), not on every render as autoFocus may.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the first render's wish counts.
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);
  const { chips, typing } = splitField(value);
  const typed = typing.trim();
  const people = usePeople(focused ? typed : '');
  const already = new Set(chips.map((c) => c.toLowerCase()));
  const suggestions = people.filter((p) => !already.has(p.address.toLowerCase()));
  const open = focused && typed.length > 0 && suggestions.length > 0;

  const set = (next: string) => {
    setActive(0);
    onChange(next);
  };

  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.fieldLabel}>
        {label}
      </label>
      <div className={styles.comboWrap}>
        {/* A click on the free space of the field puts the caret in its input. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the input inside takes the keys. */}
        <div
          className={styles.chipBox}
          data-invalid={error ? '' : undefined}
          onClick={() => input.current?.focus()}
        >
          <ul className={styles.chips} aria-label={`${label} recipients`}>
            {chips.map((chip, index) => {
              const valid = isAddress(chip);
              return (
                <li
                  // Chips are plain text: the same address twice is removed by position.
                  // biome-ignore lint/suspicious/noArrayIndexKey: an address may repeat while typed.
                  key={`${index}:${chip}`}
                  className={styles.chip}
                  data-invalid={valid ? undefined : ''}
                  title={valid ? chip : `“${chip}” is not a valid email address`}
                >
                  <bdi>{chip}</bdi>
                  {valid ? null : <span className="sr-only"> (not a valid email address)</span>}
                  <button
                    type="button"
                    className={styles.chipRemove}
                    aria-label={`Remove ${chip}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      set(removeChip(value, index));
                      input.current?.focus();
                    }}
                  >
                    <Icon name="close" size={12} />
                  </button>
                </li>
              );
            })}
          </ul>
          <input
            id={id}
            className={styles.chipInput}
            type="text"
            role="combobox"
            autoComplete="off"
            ref={input}
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={`${id}-list`}
            aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            value={typing.trimStart()}
            onChange={(event) => set(typedText(value, event.target.value))}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              setFocused(false);
              if (typed) set(commitTyping(value));
            }}
            onKeyDown={(event) => {
              if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
                event.preventDefault();
                const by = event.key === 'ArrowDown' ? 1 : suggestions.length - 1;
                setActive((a) => (a + by) % suggestions.length);
                return;
              }
              if (open && event.key === 'Escape') {
                // Closes the list only; the compose pane's Escape (close) waits for the next one.
                event.preventDefault();
                event.stopPropagation();
                setFocused(false);
                return;
              }
              const result = addressKey(event.key, value, {
                suggestion: open ? (suggestions[active]?.address ?? null) : null,
                modified: event.ctrlKey || event.metaKey,
              });
              if (result.kind === 'default') return;
              event.preventDefault();
              if (result.kind === 'set') set(result.value);
            }}
          />
        </div>
        {open ? (
          <div
            id={`${id}-list`}
            role="listbox"
            aria-label={`Suggestions for ${label}`}
            className={styles.suggest}
          >
            {suggestions.map((person, index) => (
              <div
                tabIndex={-1}
                key={person.address}
                id={`${id}-opt-${index}`}
                role="option"
                aria-selected={index === active}
                className={styles.suggestItem}
                // mousedown, not click: the input would blur first and close the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  const result = addressKey('Enter', value, { suggestion: person.address });
                  if (result.kind === 'set') set(result.value);
                }}
              >
                {person.name ? <span>{person.name}</span> : null}
                <span className={styles.suggestAddress}>{person.address}</span>
              </div>
            ))}
          </div>
        ) : null}
      </div>
      {error ? (
        <p id={`${id}-error`} className={styles.fieldError}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
