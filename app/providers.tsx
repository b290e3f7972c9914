'use client';

import { type ReactNode, useEffect, useState } from 'react';
import { type Cache, SWRConfig } from 'swr';
import { ApiFetchError, fetcher, isNetworkError } from '@/lib/hooks/api-client';
import { onSignedOutElsewhere } from '@/lib/offline/clear';
import { MirrorContext } from '@/lib/offline/mirror-context';
import { deleteOtherMirrors, type MirrorDb, mirrorFor } from '@/lib/offline/mirror-db';
import { loadMirroredCache, mirroredFetcher } from '@/lib/offline/mirrored-cache';

interface Loaded {
  db: MirrorDb | null;
  cache: Cache;
}

/** The mirror's first read waits at most this long; past it the app starts from the network alone. */
const MIRROR_LOAD_TIMEOUT_MS = 3_000;

async function loadMirror(userId: string): Promise<Loaded> {
  const db = mirrorFor(userId);
  const { hasOwn } = await deleteOtherMirrors(userId);
  return { db, cache: await loadMirroredCache(db, { empty: !hasOwn }) };
}

export function Providers({ userId, children }: { userId: string; children: ReactNode }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let cancelled = false;
    const fallback = (): Loaded => ({ db: null, cache: new Map() as Cache });
    const timeout = new Promise<Loaded>((resolve) =>
      setTimeout(() => resolve(fallback()), MIRROR_LOAD_TIMEOUT_MS),
    );
    // IndexedDB can be missing or refused (some private windows): the app then works online only.
    void Promise.race([loadMirror(userId).catch(fallback), timeout]).then((result) => {
      if (!cancelled) setLoaded(result);
    });
    return () => {
      cancelled = true;
    };
  }, [userId]);

  // Signed out in another tab: this one lets go of the mirror for good (it must not write it back) and
  // leaves the mail screen.
  useEffect(
    () =>
      onSignedOutElsewhere(() => {
        loaded?.db?.close({ disableAutoOpen: true });
        window.location.assign('/signin?signedOut=1');
      }),
    [loaded],
  );

  if (!loaded) return null;
  const { db, cache } = loaded;
  return (
    <MirrorContext value={db}>
      <SWRConfig
        value={{
          provider: () => cache,
          fetcher: db ? mirroredFetcher(db) : fetcher,
          // Retrying a signed-out or not-found request only repeats the same answer; offline, the
          // connectivity probe brings the data back (SWR revalidates on reconnect).
          onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
            if (error instanceof ApiFetchError && error.status >= 400 && error.status < 500) return;
            if (isNetworkError(error) && !navigator.onLine) return;
            if (retryCount >= 5) return;
            setTimeout(() => void revalidate({ retryCount }), Math.min(30_000, 1000 * 2 ** retryCount));
          },
        }}
      >
        {children}
      </SWRConfig>
    </MirrorContext>
  );
}
