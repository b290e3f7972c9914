'use client';

import { useRef, useState } from 'react';
import { errorMessage, isNetworkError } from '@/lib/hooks/api-client';
import {
  type ComposeFields,
  type ComposeStart,
  isEmail,
  splitAddresses,
  useDraft,
} from '@/lib/hooks/use-compose';
import { useInlineImages } from '@/lib/hooks/use-inline-images';
import { isUntouchedResponse } from '@/lib/mail/compose-untouched';
import { Icon } from '../icons';
import { AddressField } from './address-field';
import { BodyEditor } from './body-editor';
import styles from './compose.module.css';
import { DraftAttachments } from './draft-attachments';
import { ImportancePicker } from './importance-picker';
import { SendLaterMenu } from './send-later-menu';
import { SignaturePicker, useComposeSignature } from './signature-picker';

type AddressKey = 'to' | 'cc' | 'bcc';
const TITLES: Record<ComposeStart['kind'], string> = {
  new: 'New message',
  reply: 'Reply',
  replyAll: 'Reply all',
  forward: 'Forward',
  resume: 'Draft',
};

/** Names the first address in a field that isn't one, so the person knows what to fix. */
function addressErrors(fields: ComposeFields): Partial<Record<AddressKey, string>> {
  const errors: Partial<Record<AddressKey, string>> = {};
  for (const key of ['to', 'cc', 'bcc'] as const) {
    const bad = splitAddresses(fields[key]).find((a) => !isEmail(a));
    if (bad) errors[key] = `“${bad}” is not a valid email address.`;
  }
  return errors;
}

/** How a pane closed: its draft kept in Drafts, or none left behind (discarded, never written, untouched). */
export type CloseOutcome = 'kept' | 'gone';

/**
 * Writing one message: a panel over the list and reading pane on a laptop, the whole screen on a phone;
 * `docked`, a reply or forward sits under the message it answers, in the reading pane's column, so the
 * message and its subject stay in view.
 */
export function ComposePane({
  start,
  docked = false,
  onDraftId,
  onClose,
  onSend,
  onSchedule,
  onSendOffline,
}: {
  start: ComposeStart;
  docked?: boolean;
  onDraftId: (id: string) => void;
  onClose: (outcome: CloseOutcome) => void;
  onSend: (draftId: string) => void;
  /** Send later: Microsoft 365 keeps the saved draft in its Outbox until `at`. */
  onSchedule: (draftId: string, at: Date) => void;
  /** Sending while offline: the mail goes to the Outbox, sent once when the network returns. */
  onSendOffline: (queued: { localId: string; draftId: string | null; fields: ComposeFields }) => void;
}) {
  const draft = useDraft(start, onDraftId);
  const { fields } = draft;
  const [showCcBcc, setShowCcBcc] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<AddressKey | 'form', string>>>(
    start.kind === 'resume' && start.error ? { form: start.error } : {},
  );
  const [busy, setBusy] = useState(false);
  const confirm = useRef<HTMLDialogElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const images = useInlineImages(draft.flush);
  const signature = useComposeSignature(start, draft);
  /** The send time chosen with Send later, kept while "Send without a subject?" asks. */
  const sendAt = useRef<Date | undefined>(undefined);
  // Files attached or removed since the pane opened: a reply with them is no longer untouched.
  const attachmentsChanged = useRef(false);
  const title = TITLES[start.kind];
  const ccShown = showCcBcc || fields.cc.trim() !== '' || fields.bcc.trim() !== '';

  const edit = (patch: Partial<ComposeFields>) => {
    draft.update(patch);
    // Once the person edits a flagged field, the old complaint no longer applies.
    const keys = Object.keys(patch) as (keyof ComposeFields)[];
    if (keys.some((k) => k in errors)) setErrors(({ form, ...rest }) => ({ form, ...pick(rest, keys) }));
  };

  const send = async ({ subjectConfirmed = false, at }: { subjectConfirmed?: boolean; at?: Date } = {}) => {
    sendAt.current = at;
    const found = addressErrors(fields);
    const recipients = (['to', 'cc', 'bcc'] as const).flatMap((k) => splitAddresses(fields[k]));
    if (Object.keys(found).length > 0) return setErrors(found);
    if (recipients.length === 0) return setErrors({ to: 'Add at least one recipient.' });
    setErrors({});
    if (!subjectConfirmed && fields.subject.trim() === '') return confirm.current?.showModal();
    if (draft.uploads.some((u) => !u.error))
      return setErrors({ form: 'Wait for the attachments to finish uploading.' });
    if (images.pending > 0) return setErrors({ form: 'Wait for the pictures to finish uploading.' });
    setBusy(true);
    try {
      const id = await draft.flush();
      if (at) onSchedule(id, at);
      else onSend(id);
    } catch (error) {
      if (isNetworkError(error) && at) {
        setErrors({
          form: 'You’re offline, so the message can’t be scheduled. Try again when you’re back online.',
        });
        return setBusy(false);
      }
      if (isNetworkError(error)) {
        await draft.keptLocally();
        return onSendOffline({
          localId: draft.localId,
          draftId: draft.currentDraftId(),
          fields: draft.fields,
        });
      }
      setErrors({ form: `The draft couldn’t be saved, so it wasn’t sent: ${errorMessage(error)}` });
      setBusy(false);
    }
  };

  const discard = async () => {
    setBusy(true);
    try {
      await draft.discard();
      onClose('gone');
    } catch (error) {
      setErrors({ form: `The draft couldn’t be discarded: ${errorMessage(error)}` });
      setBusy(false);
    }
  };

  const close = async () => {
    // A reply or forward nobody wrote in goes, so Drafts doesn't grow with every click on Reply. Offline
    // the DELETE can't reach Microsoft 365: the copy on this device goes, the empty draft stays in Drafts.
    if (
      draft.loadState === 'ready' &&
      isUntouchedResponse(start.kind, draft.initial, draft.fields, {
        attachmentsChanged: attachmentsChanged.current || images.pending > 0,
      })
    ) {
      setBusy(true);
      try {
        await draft.discard();
      } catch (error) {
        if (!isNetworkError(error)) {
          setErrors({ form: `The empty draft couldn’t be discarded: ${errorMessage(error)}` });
          setBusy(false);
          return;
        }
      }
      return onClose('gone');
    }
    // Closing keeps the draft in Drafts; only unsaved words need saving first.
    try {
      const id = await draft.save();
      onClose(id ? 'kept' : 'gone');
    } catch (error) {
      // Offline the words are kept on this device and go to Drafts when the network returns; any other
      // failed save shows in the status line, and staying open keeps the words on screen.
      if (isNetworkError(error)) {
        await draft.keptLocally();
        onClose('kept');
      }
    }
  };

  const status =
    draft.saveState === 'saving'
      ? 'Saving…'
      : draft.saveState === 'saved'
        ? 'Saved'
        : draft.saveState === 'offline'
          ? 'Saved on this device — goes to Drafts when you’re back online'
          : draft.saveState === 'failed'
            ? `Not saved: ${draft.saveError ?? ''}`
            : '';

  return (
    <section
      className={docked ? `${styles.pane} ${styles.docked}` : styles.pane}
      role="dialog"
      aria-label={title}
      aria-modal="false"
      data-compose=""
      data-docked={docked ? '' : undefined}
      onKeyDown={(event) => {
        // Escape closes (keeping the draft), Ctrl+Enter sends, as in Outlook; keys meant for an open
        // suggestion list or the confirmation dialog stay there.
        if (event.defaultPrevented || (event.target as Element).closest('dialog')) return;
        if (event.key === 'Escape') {
          event.preventDefault();
          void close();
        } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !busy) {
          event.preventDefault();
          void send();
        }
      }}
    >
      <div className={styles.head}>
        <h2 className={styles.title}>
          {title}
          {start.kind !== 'new' && fields.subject ? (
            // The subject being answered, so a full-screen pane on a phone still says what it is about.
            <bdi className={styles.titleSubject}>{fields.subject}</bdi>
          ) : null}
        </h2>
        <span className={styles.status} role="status" data-state={draft.saveState}>
          {status}
        </span>
        <button type="button" className={styles.iconButton} onClick={() => void close()} aria-label="Close">
          <Icon name="close" />
        </button>
      </div>
      {draft.loadState === 'loading' ? (
        <p className={styles.note} aria-live="polite">
          Opening the draft…
        </p>
      ) : draft.loadState === 'failed' ? (
        <div className={styles.note} role="alert">
          <p>The draft couldn’t be opened: {draft.loadError}</p>
          <button type="button" className={styles.button} onClick={() => onClose('gone')}>
            Close
          </button>
        </div>
      ) : (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <div className={styles.fields}>
            <div className={styles.toRow}>
              <AddressField
                label="To"
                value={fields.to}
                error={errors.to ?? null}
                autoFocus={start.kind === 'new' || start.kind === 'forward'}
                onChange={(to) => edit({ to })}
              />
              {ccShown ? null : (
                <button type="button" className={styles.linkButton} onClick={() => setShowCcBcc(true)}>
                  Cc/Bcc
                </button>
              )}
            </div>
            {ccShown ? (
              <>
                <AddressField
                  label="Cc"
                  value={fields.cc}
                  error={errors.cc ?? null}
                  onChange={(cc) => edit({ cc })}
                />
                <AddressField
                  label="Bcc"
                  value={fields.bcc}
                  error={errors.bcc ?? null}
                  onChange={(bcc) => edit({ bcc })}
                />
              </>
            ) : null}
            <div className={styles.field}>
              <label htmlFor="compose-subject" className={styles.fieldLabel}>
                Subject
              </label>
              <input
                id="compose-subject"
                className={styles.input}
                type="text"
                value={fields.subject}
                onChange={(event) => edit({ subject: event.target.value })}
                // Enter in the subject moves on to the body; it never sends (Ctrl+Enter does).
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
                  event.preventDefault();
                  event.currentTarget.form?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus();
                }}
              />
            </div>
          </div>
          <div className={styles.scroll}>
            <BodyEditor
              initialHtml={draft.initial.bodyHtml}
              onChange={(bodyHtml) => edit({ bodyHtml })}
              onImage={images.upload}
              onEditor={signature.onEditor}
            />
            {draft.quoteDocument ? (
              // Someone else's mail, sanitized on the server: no scripts, no same origin, no remote content.
              <iframe
                className={styles.quote}
                title="The quoted message"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                referrerPolicy="no-referrer"
                srcDoc={draft.quoteDocument}
              />
            ) : null}
          </div>
          <DraftAttachments
            attachments={draft.attachments}
            uploads={draft.uploads}
            onDismiss={draft.dismissUpload}
            onRemove={(a) => {
              attachmentsChanged.current = true;
              void draft
                .removeAttachment(a.id)
                .catch((error: unknown) =>
                  setErrors({ form: `“${a.name}” couldn’t be removed: ${errorMessage(error)}` }),
                );
            }}
          />
          {images.error ? (
            <p role="alert" className={styles.formError}>
              {images.error}
            </p>
          ) : null}
          {errors.form ? (
            <p role="alert" className={styles.formError}>
              {errors.form}
            </p>
          ) : null}
          <footer className={styles.actions}>
            <button type="submit" className={styles.primary} disabled={busy}>
              Send
            </button>
            <SendLaterMenu disabled={busy} onChoose={(at) => void send({ at })} />
            <button type="button" className={styles.button} onClick={() => fileInput.current?.click()}>
              <Icon name="paperclip" size={16} />
              Attach
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              aria-label="Attach files"
              data-testid="compose-file-input"
              onChange={(event) => {
                for (const file of event.target.files ?? []) {
                  attachmentsChanged.current = true;
                  void draft.attach(file);
                }
                event.target.value = '';
              }}
            />
            <ImportancePicker
              value={fields.importance ?? 'normal'}
              onChange={(importance) => edit({ importance })}
            />
            <SignaturePicker {...signature.picker} />
            <span className={styles.spacer} />
            <button type="button" className={styles.button} disabled={busy} onClick={() => void discard()}>
              Discard
            </button>
          </footer>
        </form>
      )}
      <dialog ref={confirm} className={styles.confirm} aria-labelledby="no-subject-title">
        <p id="no-subject-title">Send without a subject?</p>
        <div className={styles.actions}>
          <button
            type="button"
            className={styles.primary}
            onClick={() => {
              confirm.current?.close();
              void send({ subjectConfirmed: true, at: sendAt.current });
            }}
          >
            Send anyway
          </button>
          <button type="button" className={styles.button} onClick={() => confirm.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </section>
  );
}

function pick<T extends object>(errors: T, cleared: readonly string[]): T {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !cleared.includes(k))) as T;
}
