'use client';

import { useCallback, useEffect, useRef } from 'react';
import useSWR from 'swr';
import type { SyncStatusDto as SyncResponse } from '@/lib/mail/types';
import { sendJson } from './api-client';
import { useAfterFirstList } from './first-list';
import { SYNC_KEY } from './keys';

export type SyncStatus = SyncResponse;

/**
 * The mailbox sync's progress: polled every second while it runs; while Microsoft 365 is unreachable,
 * every 15 s so the banner goes away on its own.
 */
export function useSyncStatus() {
  return useSWR<SyncStatus>(SYNC_KEY, {
    refreshInterval: (status) => {
      if (status?.state === 'syncing') return 1000;
      if (status?.graphReachable === false) return 15_000;
      return 0;
    },
  });
}

/**
 * Asks the server for a sync round (the first sync, or catching up), once the mail list's first read is in
 * (lib/hooks/first-list.ts: on a first sign-in the sign-in has started one already); call from one place
 * per page.
 */
export function useStartSync() {
  const { mutate } = useSyncStatus();
  const start = useCallback(
    () =>
      sendJson<SyncStatus>(SYNC_KEY, 'POST').then(
        (status) => void mutate(status, { revalidate: false }),
        // The GET poll reports why it failed; a failed start needs no second message.
        () => void mutate(),
      ),
    [mutate],
  );
  const after = useAfterFirstList();
  const started = useRef(false);
  useEffect(() => {
    if (!after || started.current) return;
    started.current = true;
    void start();
  }, [start, after]);
  return start;
}
