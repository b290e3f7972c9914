'use client';

import { useCallback } from 'react';
import useSWR from 'swr';
import type { ScheduledMessageDto } from '@/lib/mail/types';
import { sendJson } from './api-client';
import { useKeyAfterFirstList } from './first-list';

export const SCHEDULED_KEY = '/api/scheduled';

/**
 * Mail waiting in the mailbox's Outbox for its send time, re-read every half minute while there is any
 * (it leaves on its own when its time comes), and scheduling and cancelling.
 */
export function useScheduled() {
  const { key, fallbackData } = useKeyAfterFirstList<ScheduledMessageDto[]>(SCHEDULED_KEY);
  const query = useSWR<ScheduledMessageDto[]>(key, {
    fallbackData,
    refreshInterval: (data) => (data && data.length > 0 ? 30_000 : 0),
  });
  const { mutate } = query;
  const schedule = useCallback(
    async (draftId: string, sendAt: Date) => {
      await sendJson(SCHEDULED_KEY, 'POST', { draftId, sendAt: sendAt.toISOString() });
      await mutate();
    },
    [mutate],
  );
  /** Moves it back to Drafts, unsent; resolves with the draft's id there. */
  const cancel = useCallback(
    async (id: string) => {
      const result = await sendJson<{ draftId: string }>(
        `${SCHEDULED_KEY}/${encodeURIComponent(id)}`,
        'DELETE',
      );
      await mutate((list) => list?.filter((m) => m.id !== id), { revalidate: true });
      return result.draftId;
    },
    [mutate],
  );
  return { scheduled: query.data ?? [], error: query.error as unknown, schedule, cancel };
}
