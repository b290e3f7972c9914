'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { formatSendTime, sendLaterPresets, toLocalInputValue } from '@/lib/mail/scheduled-presets';
import styles from './send-later-menu.module.css';

/**
 * "Send later" beside Send: a few times in the person's own zone (later today, tomorrow morning, Monday
 * morning) and a date and time of their choosing. Microsoft 365 holds the message until then.
 */
export function SendLaterMenu({ disabled, onChoose }: { disabled: boolean; onChoose: (at: Date) => void }) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const now = new Date();
  const presets = open ? sendLaterPresets(now) : [];

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (at: Date) => {
    setOpen(false);
    onChoose(at);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape inside the panel closes it, not the compose pane.
    <div
      ref={root}
      className={styles.root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={styles.trigger}
        aria-expanded={open}
        aria-controls={panelId}
        disabled={disabled}
        onClick={() => {
          setProblem(null);
          setCustom(toLocalInputValue(new Date(Date.now() + 3_600_000)));
          setOpen((value) => !value);
        }}
      >
        Send later
      </button>
      {open ? (
        <fieldset id={panelId} className={styles.panel}>
          <legend className="sr-only">Send later</legend>
          <ul className={styles.presets}>
            {presets.map((preset) => (
              <li key={preset.key}>
                <button type="button" className={styles.preset} onClick={() => choose(preset.at)}>
                  <span>{preset.label}</span>
                  <span className={styles.time}>{formatSendTime(preset.at)}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className={styles.custom}>
            <label className={styles.customLabel}>
              Pick a date and time
              <input
                type="datetime-local"
                className={styles.input}
                value={custom}
                min={toLocalInputValue(now)}
                onChange={(event) => {
                  setCustom(event.target.value);
                  setProblem(null);
                }}
              />
            </label>
            <button
              type="button"
              className={styles.schedule}
              onClick={() => {
                // The input's value is local time without a zone; Date reads it in the browser's zone.
                const at = new Date(custom);
                if (!custom || Number.isNaN(at.getTime())) return setProblem('Pick a date and a time.');
                if (at.getTime() < Date.now() + 60_000)
                  return setProblem('Pick a time at least a minute from now, or use Send.');
                choose(at);
              }}
            >
              Schedule send
            </button>
            {problem ? (
              <p role="alert" className={styles.problem}>
                {problem}
              </p>
            ) : null}
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}
