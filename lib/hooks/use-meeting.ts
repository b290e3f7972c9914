'use client';

import { useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { RESPONSE_OF_ANSWER } from '@/lib/mail/meeting-format';
import type { MeetingAnswer, MeetingAnswerRequest, MeetingDto, MeetingLookupDto } from '@/lib/mail/types';
import { errorMessage, sendJson } from './api-client';

export const meetingKey = (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}/meeting`;

/**
 * The meeting an open message is about (null for ordinary mail, or while it can't be known), and answering
 * it: the new response shows at once and goes back, with the error said, if Microsoft 365 refuses it.
 */
export function useMeeting(messageId: string) {
  const key = meetingKey(messageId);
  const { cache } = useSWRConfig();
  const known = (cache.get(key)?.data as MeetingLookupDto | undefined)?.meeting != null;
  const { data, mutate } = useSWR<MeetingLookupDto>(key, {
    // Ordinary mail stays ordinary; a meeting is read again when the window comes back (an update or a
    // cancellation may have changed it meanwhile).
    revalidateIfStale: known,
    revalidateOnFocus: known,
  });
  const [pending, setPending] = useState<MeetingAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const respond = async (answer: MeetingAnswer, comment: string): Promise<boolean> => {
    const current = data?.meeting;
    if (!current) return false;
    setPending(answer);
    setFailure(null);
    const body: MeetingAnswerRequest = {
      response: answer,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    const optimistic: MeetingDto = {
      ...current,
      response: RESPONSE_OF_ANSWER[answer],
      respondedAt: new Date().toISOString(),
    };
    try {
      await mutate(async () => ({ meeting: await sendJson<MeetingDto>(key, 'POST', body) }), {
        optimisticData: { meeting: optimistic },
        rollbackOnError: true,
        populateCache: true,
        revalidate: false,
      });
      return true;
    } catch (error) {
      setFailure(`Your answer wasn’t sent: ${errorMessage(error)}`);
      // Refused because the meeting changed (cancelled, updated): show it as it is now.
      void mutate();
      return false;
    } finally {
      setPending(null);
    }
  };

  return { meeting: data?.meeting ?? null, respond, pending, failure };
}
