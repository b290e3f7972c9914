'use client';

import { useId, useState } from 'react';
import { BodyEditor } from '@/app/components/mail/compose/body-editor';
import { errorMessage } from '@/lib/hooks/api-client';
import type { SignatureDto, SignatureInput } from '@/lib/mail/types';
import styles from './signatures-settings.module.css';

/** Writing one signature: its name, its text in the compose editor, and whether it is a default. */
export function SignatureEditor({
  signature,
  onSave,
  onCancel,
}: {
  signature: SignatureDto | null;
  onSave: (input: SignatureInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(signature?.name ?? '');
  const [html, setHtml] = useState(signature?.html ?? '');
  const [isDefaultNew, setDefaultNew] = useState(signature?.isDefaultNew ?? false);
  const [isDefaultReply, setDefaultReply] = useState(signature?.isDefaultReply ?? false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();
  const title = signature ? `Edit “${signature.name}”` : 'New signature';

  return (
    <form
      className={styles.editor}
      aria-label={title}
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return setProblem('Give the signature a name.');
        setBusy(true);
        setProblem(null);
        onSave({ name: name.trim(), html, isDefaultNew, isDefaultReply }).catch((error: unknown) => {
          setProblem(`The signature wasn’t saved: ${errorMessage(error)}`);
          setBusy(false);
        });
      }}
    >
      <div className={styles.field}>
        <label htmlFor={nameId} className={styles.label}>
          Name
        </label>
        <input
          id={nameId}
          className={styles.input}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className={styles.field}>
        <span className={styles.label}>Signature</span>
        <div className={styles.body}>
          <BodyEditor initialHtml={signature?.html ?? ''} onChange={setHtml} label="Signature text" />
        </div>
      </div>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={isDefaultNew}
          onChange={(event) => setDefaultNew(event.target.checked)}
        />
        Add to new messages
      </label>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={isDefaultReply}
          onChange={(event) => setDefaultReply(event.target.checked)}
        />
        Add to replies and forwards
      </label>
      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={styles.primary} disabled={busy}>
          Save signature
        </button>
        <button type="button" className={styles.button} disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
