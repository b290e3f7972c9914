'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import { repliesState, useAutomaticReplies } from '@/lib/hooks/use-automatic-replies';
import { formatSendTime } from '@/lib/mail/scheduled-presets';
import styles from './automatic-replies-banner.module.css';

/** While automatic replies are on (or scheduled), a line saying so with a way to turn them off. */
export function AutomaticRepliesBanner() {
  const { replies, save } = useAutomaticReplies();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const state = repliesState(replies, Date.now());
  if (!state.on) return null;
  const text = state.from
    ? `Automatic replies are scheduled from ${formatSendTime(state.from)} until ${formatSendTime(state.until ?? '')}.`
    : state.until
      ? `Automatic replies are on until ${formatSendTime(state.until)}.`
      : 'Automatic replies are on.';
  return (
    <div className={styles.banner} role="status" data-testid="automatic-replies-banner">
      <span>{text}</span>
      <a className={styles.link} href="/settings?section=automatic-replies">
        Change
      </a>
      <button
        type="button"
        className={styles.button}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setProblem(null);
          try {
            await save({ status: 'disabled' });
          } catch (error) {
            setProblem(`They couldn’t be turned off: ${errorMessage(error)}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        Turn off
      </button>
      {problem ? <span className={styles.problem}>{problem}</span> : null}
    </div>
  );
}
