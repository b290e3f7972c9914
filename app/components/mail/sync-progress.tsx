import type { SyncStatus } from '@/lib/hooks/use-sync';
import styles from './mail-shell.module.css';

export function SyncProgress({ status }: { status: SyncStatus }) {
  const folder = status.folderName ?? 'your mailbox';
  const known = status.total > 0;
  const label = known
    ? `Syncing ${folder} ${status.done.toLocaleString()} of ${status.total.toLocaleString()}`
    : `Syncing ${folder}…`;
  return (
    <div className={styles.sync}>
      <span className={styles.syncText} aria-hidden="true">
        {label}
      </span>
      <div
        className={styles.syncBar}
        role="progressbar"
        aria-label={`Syncing ${folder}`}
        aria-valuemin={0}
        aria-valuemax={known ? status.total : undefined}
        aria-valuenow={known ? status.done : undefined}
        aria-valuetext={label}
      >
        <div
          className={styles.syncFill}
          data-indeterminate={known ? undefined : ''}
          style={{ width: known ? `${Math.min(100, (status.done / status.total) * 100)}%` : undefined }}
        />
      </div>
    </div>
  );
}
