'use client';

import useSWR from 'swr';
import type { Address, PeopleDto as PeopleResponse } from '@/lib/mail/types';

const NO_PEOPLE: Address[] = [];

/** Address suggestions for what is being typed; no request until there is something to match. */
export function usePeople(query: string): Address[] {
  const q = query.trim();
  const { data } = useSWR<PeopleResponse>(q ? `/api/people?q=${encodeURIComponent(q.slice(0, 100))}` : null, {
    keepPreviousData: true,
  });
  return q ? (data?.people ?? NO_PEOPLE) : NO_PEOPLE;
}
