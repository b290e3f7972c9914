'use client';

import { type FormEvent, useId, useState } from 'react';
import { moveTargets } from '@/app/components/mail/move-targets';
import { errorMessage } from '@/lib/hooks/api-client';
import type { CategoryDto, FolderDto, RuleDto, RuleInput } from '@/lib/mail/types';
import styles from './rules-editor.module.css';
import { draftOf, EMPTY_DRAFT, inputOf, type RuleDraft } from './rules-format';

/**
 * The form for a new rule or an existing one: when a message arrives and (from, subject contains, sent to
 * me, has an attachment), do this (move, mark read, categorize, delete, forward, stop). Problems are said
 * beside the Save button; Microsoft 365's own refusal too.
 */
export function RulesEditor({
  rule,
  folders,
  categories,
  onSave,
  onCancel,
}: {
  rule: RuleDto | null;
  folders: FolderDto[] | undefined;
  categories: CategoryDto[];
  onSave: (input: RuleInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : EMPTY_DRAFT));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = inputOf(draft, {
      conditions: rule?.otherConditions.length ?? 0,
      actions: rule?.otherActions.length ?? 0,
    });
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await onSave(checked.input);
    } catch (error) {
      setProblem(errorMessage(error));
      setSaving(false);
    }
  };

  const targets = moveTargets(folders ?? []);
  // A category the rule gives that the master list lacks still shows, so saving keeps it.
  const categoryNames = [
    ...categories.map((c) => c.displayName),
    ...draft.assignCategories.filter((n) => !categories.some((c) => c.displayName === n)),
  ];
  const title = rule ? `Edit rule “${rule.name}”` : 'New rule';
  return (
    <form className={styles.editor} aria-label={title} onSubmit={submit} noValidate>
      <h2 className={styles.title}>{title}</h2>
      <label className={styles.field}>
        <span>Name</span>
        <input
          className={styles.input}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
          maxLength={256}
          required
        />
      </label>

      <fieldset className={styles.group}>
        <legend>When a message arrives and</legend>
        <label className={styles.field}>
          <span>It’s from</span>
          <input
            className={styles.input}
            value={draft.from}
            onChange={(e) => set('from', e.target.value)}
            placeholder="name@example.com, another@example.com"
            aria-describedby={`${id}-lists`}
          />
        </label>
        <label className={styles.field}>
          <span>Subject contains</span>
          <input
            className={styles.input}
            value={draft.subjectContains}
            onChange={(e) => set('subjectContains', e.target.value)}
            placeholder="invoice, receipt"
            aria-describedby={`${id}-lists`}
          />
        </label>
        <p className={styles.hint} id={`${id}-lists`}>
          Separate several with commas: any one of them is enough.
        </p>
        <Check label="I’m on the To line" checked={draft.sentToMe} onChange={(v) => set('sentToMe', v)} />
        <Check
          label="It has an attachment"
          checked={draft.hasAttachments}
          onChange={(v) => set('hasAttachments', v)}
        />
        {rule?.otherConditions.length ? (
          <p className={styles.hint}>
            Also: {rule.otherConditions.join(', ')} (set in Outlook, kept as they are).
          </p>
        ) : null}
      </fieldset>

      <fieldset className={styles.group}>
        <legend>Do this</legend>
        <label className={styles.field}>
          <span>Move to folder</span>
          <select
            className={styles.input}
            value={draft.moveToFolder}
            onChange={(e) => set('moveToFolder', e.target.value)}
          >
            <option value="">Don’t move</option>
            {targets
              .filter(({ folder }) => folder.wellKnownName !== 'inbox')
              .map(({ folder, depth }) => (
                <option key={folder.id} value={folder.id}>
                  {`${'\u2003'.repeat(depth)}${folder.name}`}
                </option>
              ))}
          </select>
        </label>
        <Check label="Mark as read" checked={draft.markAsRead} onChange={(v) => set('markAsRead', v)} />
        {categoryNames.length ? (
          <fieldset className={styles.categories}>
            <legend>Categorize</legend>
            {categoryNames.map((name) => (
              <Check
                key={name}
                label={name}
                checked={draft.assignCategories.includes(name)}
                onChange={(on) =>
                  set(
                    'assignCategories',
                    on ? [...draft.assignCategories, name] : draft.assignCategories.filter((n) => n !== name),
                  )
                }
              />
            ))}
          </fieldset>
        ) : null}
        <Check
          label="Delete it (move to Deleted Items)"
          checked={draft.delete}
          onChange={(v) => set('delete', v)}
        />
        <label className={styles.field}>
          <span>Forward to</span>
          <input
            className={styles.input}
            value={draft.forwardTo}
            onChange={(e) => set('forwardTo', e.target.value)}
            placeholder="name@example.com"
          />
        </label>
        <Check
          label="Stop processing more rules"
          checked={draft.stopProcessingRules}
          onChange={(v) => set('stopProcessingRules', v)}
        />
        {rule?.otherActions.length ? (
          <p className={styles.hint}>
            Also: {rule.otherActions.join(', ')} (set in Outlook, kept as they are).
          </p>
        ) : null}
      </fieldset>

      <Check label="Turn the rule on" checked={draft.enabled} onChange={(v) => set('enabled', v)} />
      {problem ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
      <div className={styles.buttons}>
        <button type="submit" className={styles.primary} disabled={saving}>
          {saving ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className={styles.secondary} onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className={styles.check}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
