'use client';

import { useConnectivity } from '@/lib/offline/connectivity';
import type { ReplayFailure } from '@/lib/offline/outbox';
import type { MirrorUsage } from '@/lib/offline/prefetch';
import { formatSize } from './format';
import styles from './mail-shell.module.css';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

const changes = (n: number) => (n === 1 ? '1 change waiting' : `${n} changes waiting`);

/**
 * The header's honest status: offline (since when the mail shown is, what waits to be done), back online
 * while the outbox is sent, and what could not be done while offline.
 */
export function OfflineStatus({
  waiting,
  failures,
  onDismissFailures,
  usage,
  signedOut,
}: {
  signedOut: boolean;
  waiting: number;
  failures: ReplayFailure[];
  onDismissFailures: () => void;
  usage: MirrorUsage | null;
}) {
  const { connection, freshAt } = useConnectivity();
  return (
    <>
      {connection === 'offline' ? (
        <div className={styles.banner} role="status" data-testid="offline-status">
          <span>
            <strong>Offline</strong>
            {freshAt ? ` — showing mail from ${time(freshAt)}` : ' — showing mail saved on this device'}
            {waiting > 0 ? `; ${changes(waiting)}` : ''}
          </span>
          {usage ? (
            <span className={styles.bannerDetail}>
              {usage.messages} messages and {usage.bodies} conversations saved here ({formatSize(usage.bytes)}
              )
            </span>
          ) : null}
        </div>
      ) : connection === 'reconnecting' ? (
        <div className={styles.banner} role="status" data-testid="offline-status">
          Back online{waiting > 0 ? ', sending…' : ', catching up…'}
        </div>
      ) : null}
      {signedOut && waiting > 0 ? (
        <div className={styles.banner} role="alert" data-testid="outbox-signed-out">
          <span>
            Your sign-in has ended, so {changes(waiting).replace(' waiting', '')} made offline can’t be sent
            yet. They stay on this device until you sign in again.
          </span>
          <a className={styles.bannerButton} href="/signin?reauth=1&callbackUrl=%2Fmail">
            Sign in again
          </a>
        </div>
      ) : null}
      {failures.length > 0 ? (
        <div className={styles.banner} role="alert" data-testid="offline-failures">
          <div>
            <p className={styles.bannerTitle}>
              {failures.length === 1
                ? 'One thing you did offline couldn’t be done:'
                : `${failures.length} things you did offline couldn’t be done:`}
            </p>
            <ul className={styles.bannerList}>
              {failures.map((failure, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, shown until dismissed.
                <li key={index}>
                  Couldn’t {failure.label}: {failure.message}.
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className={styles.bannerButton} onClick={onDismissFailures}>
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
