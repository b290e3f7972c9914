'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import { useCategories } from '@/lib/hooks/use-categories';
import { useFolders } from '@/lib/hooks/use-folders';
import { useRules } from '@/lib/hooks/use-rules';
import type { RuleDto, RuleInput } from '@/lib/mail/types';
import { RulesEditor } from './rules-editor';
import { RulesRow } from './rules-row';
import styles from './rules-settings.module.css';

type Editing = { kind: 'new' } | { kind: 'edit'; rule: RuleDto } | null;

/**
 * Settings › Inbox rules: the mailbox's rules (Graph's messageRules) in the order Microsoft 365 runs them
 * on arriving mail, whether Tidings is open or not. Make, edit, turn on and off, reorder, delete.
 */
export function RulesSettings() {
  const rules = useRules();
  const folders = useFolders({ syncing: false }).data?.folders;
  const { categories } = useCategories();
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs a change, then says what happened (or what went wrong and that nothing changed). */
  const act = async (done: string, failed: string, run: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await run();
      setStatus({ text: done });
    } catch (error) {
      setStatus({ text: `${failed}: ${errorMessage(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const save = async (input: RuleInput) => {
    // Errors go back to the form, which says them beside its Save button.
    if (editing?.kind === 'edit') await rules.update(editing.rule.id, input);
    else await rules.create(input);
    setEditing(null);
    setStatus({ text: `Saved “${input.name}”. It applies to mail that arrives from now on.` });
  };

  const list = rules.rules;
  return (
    <div className={styles.section}>
      <p className={styles.intro}>
        Microsoft 365 runs these rules on mail as it arrives in your Inbox, top to bottom, even while Tidings
        is closed.
      </p>
      <div className={styles.toolbar}>
        <button
          type="button"
          className={styles.primary}
          onClick={() => setEditing({ kind: 'new' })}
          disabled={editing !== null}
        >
          New rule
        </button>
        <p
          className={status?.error ? styles.statusError : styles.status}
          role={status?.error ? 'alert' : 'status'}
        >
          {status?.text ?? ''}
        </p>
      </div>
      {editing ? (
        <RulesEditor
          key={editing.kind === 'edit' ? editing.rule.id : 'new'}
          rule={editing.kind === 'edit' ? editing.rule : null}
          folders={folders}
          categories={categories}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {rules.error && !list ? (
        <div className={styles.problem} role="alert">
          <p>Your rules couldn’t be loaded: {errorMessage(rules.error)}</p>
          <button type="button" className={styles.button} onClick={() => void rules.reload()}>
            Try again
          </button>
        </div>
      ) : !list ? (
        <p className={styles.muted} aria-live="polite">
          Loading your rules…
        </p>
      ) : list.length === 0 ? (
        <p className={styles.muted}>
          No rules yet. A rule can file, mark, categorize, delete or forward mail as it arrives.
        </p>
      ) : (
        <ol className={styles.list} aria-label="Inbox rules, in the order they run">
          {list.map((rule, i) => (
            <RulesRow
              key={rule.id}
              rule={rule}
              folders={folders}
              first={i === 0}
              last={i === list.length - 1}
              busy={busy}
              onToggle={(enabled) =>
                void act(
                  `Turned “${rule.name}” ${enabled ? 'on' : 'off'}.`,
                  `Couldn’t turn “${rule.name}” ${enabled ? 'on' : 'off'}`,
                  () => rules.setEnabled(rule, enabled),
                )
              }
              onMove={(direction) =>
                void act(`Moved “${rule.name}” ${direction}.`, `Couldn’t move “${rule.name}”`, () =>
                  rules.move(rule, direction),
                )
              }
              onEdit={() => setEditing({ kind: 'edit', rule })}
              onDelete={() =>
                void act(`Deleted “${rule.name}”.`, `Couldn’t delete “${rule.name}”`, () =>
                  rules.remove(rule),
                )
              }
            />
          ))}
        </ol>
      )}
    </div>
  );
}
