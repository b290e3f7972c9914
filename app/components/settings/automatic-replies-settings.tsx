'use client';

import { useId, useState } from 'react';
import { BodyEditor } from '@/app/components/mail/compose/body-editor';
import { errorMessage } from '@/lib/hooks/api-client';
import { useAutomaticReplies } from '@/lib/hooks/use-automatic-replies';
import type { AutomaticRepliesInput } from '@/lib/mail/automatic-replies-input';
import { toLocalInputValue } from '@/lib/mail/scheduled-presets';
import type { AutomaticRepliesDto, AutomaticRepliesStatus, ExternalAudience } from '@/lib/mail/types';
import styles from './automatic-replies-settings.module.css';

const STATUSES: { value: AutomaticRepliesStatus; label: string }[] = [
  { value: 'disabled', label: 'Off' },
  { value: 'alwaysEnabled', label: 'On, until I turn them off' },
  { value: 'scheduled', label: 'On during a time period' },
];

const AUDIENCES: { value: ExternalAudience; label: string }[] = [
  { value: 'none', label: 'No one outside my organization' },
  { value: 'contactsOnly', label: 'Only my contacts' },
  { value: 'all', label: 'Everyone outside my organization' },
];

/** Automatic replies (out of office) as Microsoft 365 keeps them; Exchange sends them, once per sender. */
export function AutomaticRepliesSettings() {
  const { replies, error, save } = useAutomaticReplies();
  const [saved, setSaved] = useState(false);
  if (error && !replies)
    return (
      <p role="alert">
        Your automatic replies couldn’t be loaded: {errorMessage(error)} Reload to try again.
      </p>
    );
  if (!replies) return <p aria-live="polite">Loading automatic replies…</p>;
  // Keyed by what Microsoft 365 holds: a save (or a change elsewhere, re-read) starts the form afresh.
  return (
    <>
      <p role="status" className={styles.saved}>
        {saved ? 'Saved. Microsoft 365 has your automatic replies.' : ''}
      </p>
      <RepliesForm
        key={JSON.stringify(replies)}
        replies={replies}
        onSave={async (input) => {
          setSaved(false);
          await save(input);
          setSaved(true);
        }}
      />
    </>
  );
}

function RepliesForm({
  replies,
  onSave,
}: {
  replies: AutomaticRepliesDto;
  onSave: (input: AutomaticRepliesInput) => Promise<void>;
}) {
  const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  const [status, setStatus] = useState(replies.status);
  const [start, setStart] = useState(toLocalInputValue(new Date(replies.scheduledStart ?? hour)));
  const [end, setEnd] = useState(toLocalInputValue(new Date(replies.scheduledEnd ?? hour + 86_400_000)));
  const [internal, setInternal] = useState(replies.internalReplyMessage);
  const [external, setExternal] = useState(replies.externalReplyMessage);
  const [audience, setAudience] = useState(replies.externalAudience);
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({
    busy: false,
    message: null,
    failed: false,
  });
  const ids = { start: useId(), end: useId(), audience: useId() };

  const submit = async () => {
    const scheduled = status === 'scheduled';
    const from = new Date(start);
    const to = new Date(end);
    if (scheduled && (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())))
      return setState({ busy: false, message: 'Give a start and an end time.', failed: true });
    if (scheduled && to <= from)
      return setState({ busy: false, message: 'The end time must be after the start time.', failed: true });
    setState({ busy: true, message: null, failed: false });
    try {
      await onSave({
        status,
        ...(scheduled ? { scheduledStart: from.toISOString(), scheduledEnd: to.toISOString() } : {}),
        internalReplyMessage: internal,
        externalReplyMessage: external,
        externalAudience: audience,
      });
    } catch (failure) {
      setState({
        busy: false,
        message: `Your automatic replies weren’t saved: ${errorMessage(failure)}`,
        failed: true,
      });
    }
  };

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p className={styles.intro}>
        Microsoft 365 answers mail sent to you with these messages while they are on, once to each sender.
      </p>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Automatic replies</legend>
        {STATUSES.map((option) => (
          <label key={option.value} className={styles.choice}>
            <input
              type="radio"
              name="automatic-replies-status"
              value={option.value}
              checked={status === option.value}
              onChange={() => setStatus(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {status === 'scheduled' ? (
        <div className={styles.period}>
          <label htmlFor={ids.start} className={styles.label}>
            Start
            <input
              id={ids.start}
              type="datetime-local"
              className={styles.input}
              value={start}
              onChange={(event) => setStart(event.target.value)}
            />
          </label>
          <label htmlFor={ids.end} className={styles.label}>
            End
            <input
              id={ids.end}
              type="datetime-local"
              className={styles.input}
              value={end}
              onChange={(event) => setEnd(event.target.value)}
            />
          </label>
        </div>
      ) : null}
      <div className={styles.field}>
        <span className={styles.label}>Reply to people in my organization</span>
        <div className={styles.body}>
          <BodyEditor
            initialHtml={replies.internalReplyMessage}
            onChange={setInternal}
            label="Reply inside your organization"
          />
        </div>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.audience} className={styles.label}>
          Reply to people outside my organization
        </label>
        <select
          id={ids.audience}
          className={styles.input}
          value={audience}
          onChange={(event) => setAudience(event.target.value as ExternalAudience)}
        >
          {AUDIENCES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {audience === 'none' ? null : (
          <div className={styles.body}>
            <BodyEditor
              initialHtml={replies.externalReplyMessage}
              onChange={setExternal}
              label="Reply outside your organization"
            />
          </div>
        )}
      </div>
      {state.message ? (
        <p role="alert" className={styles.problem}>
          {state.message}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={styles.primary} disabled={state.busy}>
          Save
        </button>
      </div>
    </form>
  );
}
