'use client';

import { useId, useState } from 'react';
import { useMeeting } from '@/lib/hooks/use-meeting';
import {
  meetingHeading,
  meetingUpdateText,
  meetingWhenText,
  responseLabel,
  safeJoinUrl,
} from '@/lib/mail/meeting-format';
import type { Address, MeetingAnswer, MeetingDto } from '@/lib/mail/types';
import { displayName } from './format';
import { Icon } from './icons';
import styles from './meeting-card.module.css';

/*
 * The meeting an open message is about, above its body: what, when (in the reader's time zone, named), where
 * or the link to join, who organizes it, and the reader's answer, with Accept / Tentative / Decline and an
 * optional note for a current invitation. Updates say what moved; cancellations say so and offer no answer.
 * Everything shown comes from the mail and is rendered as text.
 */

const ANSWERS: { answer: MeetingAnswer; label: string; response: MeetingDto['response'] }[] = [
  { answer: 'accept', label: 'Accept', response: 'accepted' },
  { answer: 'tentative', label: 'Tentative', response: 'tentativelyAccepted' },
  { answer: 'decline', label: 'Decline', response: 'declined' },
];

const ATTENDEE_ANSWERED = {
  accepted: 'accepted',
  tentativelyAccepted: 'tentatively accepted',
  declined: 'declined',
} as const;

const person = (address: Address | null) => (address ? displayName(address) : 'the organizer');

export function MeetingCard({ messageId }: { messageId: string }) {
  const { meeting, respond, pending, failure } = useMeeting(messageId);
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const titleId = useId();
  const noteId = useId();
  if (!meeting) return null;

  const when = meetingWhenText(meeting.start, meeting.end, meeting.isAllDay);
  const joinUrl = safeJoinUrl(meeting.joinUrl);
  const update = meetingUpdateText(meeting);
  const answer = async (choice: MeetingAnswer) => {
    if (await respond(choice, noteOpen ? note : '')) {
      setNote('');
      setNoteOpen(false);
    }
  };

  return (
    <section
      className={styles.card}
      aria-labelledby={titleId}
      data-meeting-kind={meeting.cancelled ? 'cancelled' : meeting.kind}
    >
      <p className={styles.kind}>
        <Icon name="calendar" size={16} />
        {meetingHeading(meeting)}
      </p>
      {meeting.cancelled ? (
        <p className={styles.cancelled}>
          <strong>Cancelled:</strong> this meeting was cancelled by <bdi>{person(meeting.organizer)}</bdi>.
        </p>
      ) : null}
      {update ? <p className={styles.notice}>{update}</p> : null}
      {meeting.outOfDate && !meeting.cancelled ? (
        <p className={styles.notice}>Out of date: a newer update of this invitation arrived.</p>
      ) : null}
      {meeting.kind === 'response' && meeting.attendeeResponse ? (
        <p className={styles.notice}>
          <bdi>{person(meeting.from)}</bdi> {ATTENDEE_ANSWERED[meeting.attendeeResponse]}.
        </p>
      ) : null}
      <h3 className={styles.title} id={titleId} data-cancelled={meeting.cancelled ? '' : undefined}>
        <bdi>{meeting.title || '(no title)'}</bdi>
      </h3>
      <dl className={styles.facts}>
        {when ? (
          <div>
            <dt>When</dt>
            <dd>{when}</dd>
          </div>
        ) : null}
        {meeting.location || joinUrl ? (
          <div>
            <dt>Where</dt>
            <dd className={styles.where}>
              {meeting.location ? <bdi>{meeting.location}</bdi> : null}
              {joinUrl ? (
                <a className={styles.join} href={joinUrl} target="_blank" rel="noopener noreferrer">
                  <Icon name="link" size={14} />
                  Join online
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              ) : null}
            </dd>
          </div>
        ) : null}
        {meeting.organizer ? (
          <div>
            <dt>Organizer</dt>
            <dd>
              <bdi>{displayName(meeting.organizer)}</bdi>
              {meeting.organizer.name !== meeting.organizer.address ? (
                <span className={styles.address}>
                  {' '}
                  &lt;<bdi>{meeting.organizer.address}</bdi>&gt;
                </span>
              ) : null}
            </dd>
          </div>
        ) : null}
        {meeting.kind === 'request' ? (
          <div>
            <dt>Your response</dt>
            <dd aria-live="polite" data-response={meeting.response ?? 'none'}>
              {responseLabel(meeting.response)}
            </dd>
          </div>
        ) : null}
      </dl>
      {meeting.canRespond ? (
        <div className={styles.answers}>
          <fieldset className={styles.buttons}>
            <legend className="sr-only">Answer the invitation</legend>
            {ANSWERS.map(({ answer: choice, label, response }) => (
              <button
                key={choice}
                type="button"
                className={styles.answer}
                data-answer={choice}
                aria-pressed={meeting.response === response}
                disabled={pending !== null}
                onClick={() => void answer(choice)}
              >
                {pending === choice ? `${label}…` : label}
              </button>
            ))}
          </fieldset>
          <button
            type="button"
            className={styles.noteToggle}
            aria-expanded={noteOpen}
            aria-controls={noteId}
            onClick={() => setNoteOpen((open) => !open)}
          >
            <Icon name={noteOpen ? 'chevronDown' : 'chevronRight'} size={14} />
            Add a note
          </button>
          <div id={noteId} className={styles.note} hidden={!noteOpen}>
            <label htmlFor={`${noteId}-text`}>Note to the organizer (sent with your answer)</label>
            <textarea
              id={`${noteId}-text`}
              value={note}
              maxLength={2000}
              rows={2}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
        </div>
      ) : null}
      {failure ? (
        <p className={styles.error} role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
