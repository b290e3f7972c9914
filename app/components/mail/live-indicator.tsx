'use client';

import { useEffect, useState } from 'react';
import { useRealtimeState } from '@/lib/hooks/use-realtime';
import { useConnectivity } from '@/lib/offline/connectivity';
import type { RealtimeClientConfig } from '@/lib/realtime/events';
import styles from './live-indicator.module.css';

/** Grace before saying so: pusher-js reconnects after a blip faster than a person can read a banner. */
const PAUSED_AFTER_MS = 1500;

/** A quiet dot while live; a plain sentence when updates have stopped and we're reconnecting. */
export function LiveIndicator({ config }: { config: RealtimeClientConfig | null }) {
  const state = useRealtimeState(config);
  // Offline, the header's offline status says it all; a dot saying "Live" would be wrong.
  const { connection } = useConnectivity();
  const down = state !== null && state !== 'connected';
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setLate(true), PAUSED_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [down]);

  if (!config || connection === 'offline') return null;
  if (down && late) {
    return (
      <span className={styles.paused} role="status" data-testid="live-indicator">
        <span className={styles.dot} data-state="paused" aria-hidden="true" />
        <span className={styles.full}>Live updates paused — reconnecting…</span>
        <span className={styles.short} aria-hidden="true">
          Reconnecting…
        </span>
      </span>
    );
  }
  return (
    <span
      className={styles.live}
      data-testid="live-indicator"
      title={state === 'connected' ? 'Live' : undefined}
    >
      <span
        className={styles.dot}
        data-state={state === 'connected' ? 'live' : 'connecting'}
        aria-hidden="true"
      />
      <span className="sr-only">{state === 'connected' ? 'Live updates on' : ''}</span>
    </span>
  );
}
