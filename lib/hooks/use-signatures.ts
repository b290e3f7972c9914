'use client';

import { useCallback } from 'react';
import useSWR from 'swr';
import type { SignatureDto, SignatureInput } from '@/lib/mail/types';
import { sendJson } from './api-client';

export const SIGNATURES_KEY = '/api/signatures';

/** The person's signatures, and writes that re-read the list (a default moving changes two rows). */
export function useSignatures() {
  const query = useSWR<SignatureDto[]>(SIGNATURES_KEY, {
    // Written only in Settings: no need to re-read them on every focus.
    revalidateOnFocus: false,
    dedupingInterval: 30_000,
  });
  const { mutate } = query;
  const create = useCallback(
    async (input: SignatureInput & { name: string; html: string }) => {
      const created = await sendJson<SignatureDto>(SIGNATURES_KEY, 'POST', input);
      await mutate();
      return created;
    },
    [mutate],
  );
  const update = useCallback(
    async (id: string, input: SignatureInput) => {
      const updated = await sendJson<SignatureDto>(
        `${SIGNATURES_KEY}/${encodeURIComponent(id)}`,
        'PATCH',
        input,
      );
      await mutate();
      return updated;
    },
    [mutate],
  );
  const remove = useCallback(
    async (id: string) => {
      await sendJson(`${SIGNATURES_KEY}/${encodeURIComponent(id)}`, 'DELETE');
      await mutate();
    },
    [mutate],
  );
  return {
    signatures: query.data,
    error: query.error as unknown,
    isLoading: query.isLoading,
    create,
    update,
    remove,
  };
}
