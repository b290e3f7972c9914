'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import { useSignatures } from '@/lib/hooks/use-signatures';
import type { SignatureDto } from '@/lib/mail/types';
import { SignatureEditor } from './signatures-editor';
import styles from './signatures-settings.module.css';

/** A signature's words for the list, read as text (the list never renders its markup). */
function excerpt(html: string): string {
  if (typeof DOMParser === 'undefined') return '';
  // An inert document: nothing in it runs or loads.
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 140);
}

/**
 * Signatures: several, one the default for new messages and one for replies and forwards, inserted when a
 * message opens and switchable in the compose pane. Kept by Tidings (Microsoft 365 has no signature API).
 */
export function SignaturesSettings() {
  const { signatures, error, create, update, remove } = useSignatures();
  const [editing, setEditing] = useState<SignatureDto | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  if (error && !signatures)
    return <p role="alert">Your signatures couldn’t be loaded: {errorMessage(error)} Reload to try again.</p>;
  if (!signatures) return <p aria-live="polite">Loading signatures…</p>;

  const onDelete = async (signature: SignatureDto) => {
    if (!window.confirm(`Delete the signature “${signature.name}”?`)) return;
    setProblem(null);
    try {
      await remove(signature.id);
    } catch (failure) {
      setProblem(`“${signature.name}” couldn’t be deleted: ${errorMessage(failure)}`);
    }
  };

  return (
    <div className={styles.settings}>
      <p className={styles.intro}>
        The default signature is added to each new message, and the reply default to replies and forwards,
        above the quoted message. In a message you can switch to another signature or remove it.
      </p>
      {problem ? (
        <p role="alert" className={styles.problem}>
          {problem}
        </p>
      ) : null}
      {signatures.length === 0 && editing === null ? (
        <p className={styles.empty}>You have no signatures yet.</p>
      ) : null}
      <ul className={styles.list} aria-label="Signatures">
        {signatures.map((signature) =>
          editing !== 'new' && editing?.id === signature.id ? (
            <li key={signature.id} className={styles.item}>
              <SignatureEditor
                signature={signature}
                onSave={async (input) => {
                  await update(signature.id, input);
                  setEditing(null);
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={signature.id} className={styles.item} data-testid="signature-row">
              <div className={styles.summary}>
                <h2 className={styles.name}>
                  <bdi>{signature.name}</bdi>
                </h2>
                <p className={styles.excerpt}>{excerpt(signature.html) || '(empty)'}</p>
                <p className={styles.tags}>
                  {signature.isDefaultNew ? (
                    <span className={styles.tag}>Default for new messages</span>
                  ) : null}
                  {signature.isDefaultReply ? (
                    <span className={styles.tag}>Default for replies and forwards</span>
                  ) : null}
                </p>
              </div>
              <div className={styles.actions}>
                <button
                  type="button"
                  className={styles.button}
                  aria-label={`Edit ${signature.name}`}
                  onClick={() => setEditing(signature)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className={styles.button}
                  aria-label={`Delete ${signature.name}`}
                  onClick={() => void onDelete(signature)}
                >
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <SignatureEditor
          signature={null}
          onSave={async (input) => {
            await create({ ...input, name: input.name ?? '', html: input.html ?? '' });
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" className={styles.primary} onClick={() => setEditing('new')}>
          New signature
        </button>
      )}
    </div>
  );
}
