'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { usePeople } from '@/lib/hooks/use-people';
import styles from './compose.module.css';

/** A comma-separated address input; suggestions for the address being typed come from /api/people. */
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
  const parts = value.split(/[,;]/);
  const typing = (parts[parts.length - 1] ?? '').trim();
  const people = usePeople(focused ? typing : '');
  const already = new Set(parts.map((p) => p.trim().toLowerCase()));
  const suggestions = people.filter((p) => !already.has(p.address.toLowerCase()) || p.address === typing);
  const open = focused && typing.length > 0 && suggestions.length > 0;

  const pick = (address: string) => {
    const kept = parts
      .slice(0, -1)
      .map((p) => p.trim())
      .filter(Boolean);
    onChange(`${[...kept, address].join(', ')}, `);
    setActive(0);
  };

  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.fieldLabel}>
        {label}
      </label>
      <div className={styles.comboWrap}>
        <input
          id={id}
          className={styles.input}
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
          value={value}
          onChange={(event) => {
            setActive(0);
            onChange(event.target.value);
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={(event) => {
            if (!open) return;
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const by = event.key === 'ArrowDown' ? 1 : suggestions.length - 1;
              setActive((a) => (a + by) % suggestions.length);
            } else if (event.key === 'Enter' || event.key === 'Tab') {
              const choice = suggestions[active];
              if (!choice) return;
              event.preventDefault();
              pick(choice.address);
            } else if (event.key === 'Escape') {
              event.stopPropagation();
              setFocused(false);
            }
          }}
        />
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
                  pick(person.address);
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
