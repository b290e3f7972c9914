'use client';

import { useCallback } from 'react';
import useSWR from 'swr';
import type { AutomaticRepliesInput } from '@/lib/mail/automatic-replies-input';
import type { AutomaticRepliesDto } from '@/lib/mail/types';
import { sendJson } from './api-client';
import { useKeyAfterFirstList } from './first-list';

export const AUTOMATIC_REPLIES_KEY = '/api/automatic-replies';

/** The mailbox's automatic replies (out of office) and a write that puts Graph's answer in the cache. */
export function useAutomaticReplies() {
  const { key, fallbackData } = useKeyAfterFirstList<AutomaticRepliesDto>(AUTOMATIC_REPLIES_KEY);
  const query = useSWR<AutomaticRepliesDto>(key, {
    fallbackData,
    // Changed rarely, and mostly here; a schedule's end is checked against the clock on screen.
    revalidateOnFocus: false,
    dedupingInterval: 60_000,
  });
  const { mutate } = query;
  const save = useCallback(
    async (input: AutomaticRepliesInput) => {
      const saved = await sendJson<AutomaticRepliesDto>(AUTOMATIC_REPLIES_KEY, 'PATCH', input);
      await mutate(saved, { revalidate: false });
      return saved;
    },
    [mutate],
  );
  return { replies: query.data, error: query.error as unknown, isLoading: query.isLoading, save };
}

/** Whether replies go out at `now`, and until when (null: until turned off). */
export function repliesState(
  replies: AutomaticRepliesDto | undefined,
  now: number,
): { on: false } | { on: true; from: string | null; until: string | null } {
  if (!replies || replies.status === 'disabled') return { on: false };
  if (replies.status === 'alwaysEnabled') return { on: true, from: null, until: null };
  const end = replies.scheduledEnd ? Date.parse(replies.scheduledEnd) : Number.NaN;
  if (Number.isNaN(end) || end <= now) return { on: false };
  const start = replies.scheduledStart ? Date.parse(replies.scheduledStart) : Number.NaN;
  return { on: true, from: start > now ? replies.scheduledStart : null, until: replies.scheduledEnd };
}
