'use client';

import { type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import { useLiveMail } from '@/lib/hooks/use-live-mail';
import { useStartSync, useSyncStatus } from '@/lib/hooks/use-sync';
import type { OfflineLimits } from '@/lib/offline/prefetch';
import { useAppUpdate } from '@/lib/offline/use-app-update';
import { OfflineActionsContext, useOfflineSupport } from '@/lib/offline/use-offline';
import type { RealtimeClientConfig } from '@/lib/realtime/events';
import { AutomaticRepliesBanner } from './automatic-replies-banner';
import { Icon } from './icons';
import { LiveIndicator } from './live-indicator';
import styles from './mail-shell.module.css';
import { MailUiContext, type ToastOptions, type ToastTone } from './mail-ui-context';
import { NotificationsToggle } from './notifications-toggle';
import { OfflineStatus } from './offline-status';
import { ShortcutsDialog } from './shortcuts-dialog';
import { SyncProgress } from './sync-progress';
import { ThemeToggle } from './theme-toggle';

interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastOptions['action'];
}

/** The frame around the mail panes: header (search, sync, theme, account), banners and toasts. */
export function MailShell({
  userName,
  signOut,
  realtime,
  offlineLimits,
  children,
}: {
  userName: string;
  /** What this browser keeps for offline reading (from the server's environment). */
  offlineLimits: OfflineLimits;
  signOut: ReactNode;
  /** Where this person's live updates come from; null when real time isn't configured. */
  realtime: RealtimeClientConfig | null;
  children: ReactNode;
}) {
  const [query, setQuery] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const nextToast = useRef(1);
  const { data: sync } = useSyncStatus();
  const startSync = useStartSync();
  useLiveMail(realtime);
  const offline = useOfflineSupport(offlineLimits);
  const { updateWaiting, update } = useAppUpdate();

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (message: string, tone: ToastTone = 'info', options: ToastOptions = {}) => {
      const id = nextToast.current++;
      setToasts((all) => [...all.slice(-2), { id, message, tone, action: options.action }]);
      setTimeout(() => dismiss(id), options.durationMs ?? (tone === 'error' ? 8000 : 4000));
    },
    [dismiss],
  );
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const ui = useMemo(
    () => ({ query, setQuery, searchInput, notify, openShortcuts, outbox: offline.waiting }),
    [query, notify, openShortcuts, offline.waiting],
  );

  return (
    <MailUiContext value={ui}>
      <OfflineActionsContext value={offline.actions}>
        <div className={styles.shell}>
          <header className={styles.header}>
            <span className={styles.logo}>
              <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <rect x="2" y="4" width="20" height="16" rx="4" fill="var(--accent)" />
                <path d="m6 9 6 4 6-4" fill="none" stroke="var(--accent-text)" strokeWidth="2" />
              </svg>
              Tidings
            </span>
            <search className={styles.search}>
              <label htmlFor="mail-search" className="sr-only">
                Search mail
              </label>
              <span className={styles.searchIcon}>
                <Icon name="search" size={16} />
              </span>
              <input
                id="mail-search"
                ref={searchInput}
                type="search"
                placeholder="Search mail"
                autoComplete="off"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key !== 'Escape') return;
                  event.preventDefault();
                  if (query) setQuery('');
                  else event.currentTarget.blur();
                }}
              />
              <span className={styles.searchHint} aria-hidden="true">
                /
              </span>
            </search>
            {/* Only a first round has something to show; catch-up rounds take a moment and stay quiet. */}
            {sync?.state === 'syncing' && sync.total > 0 ? <SyncProgress status={sync} /> : null}
            <div className={styles.tools}>
              <LiveIndicator config={realtime} />
              {realtime ? <NotificationsToggle className={styles.iconButton} /> : null}
              <button
                type="button"
                className={`${styles.iconButton} ${styles.shortcutsButton}`}
                onClick={openShortcuts}
                title="Keyboard shortcuts (?)"
                aria-label="Keyboard shortcuts"
              >
                <Icon name="keyboard" />
              </button>
              <a className={styles.iconButton} href="/settings" title="Settings" aria-label="Settings">
                <Icon name="settings" />
              </a>
              <ThemeToggle className={styles.iconButton} />
              <span className={styles.user} data-testid="signed-in-user">
                {userName}
              </span>
              {signOut}
            </div>
          </header>
          <AutomaticRepliesBanner />
          <OfflineStatus
            waiting={offline.waiting.length}
            failures={offline.failures}
            onDismissFailures={offline.dismissFailures}
            usage={offline.usage}
            signedOut={offline.signedOut}
          />
          {updateWaiting ? (
            <div className={styles.banner} role="status" data-testid="update-ready">
              <span>A new version of Tidings is ready.</span>
              <button type="button" className={styles.bannerButton} onClick={() => void update()}>
                Reload to update
              </button>
            </div>
          ) : null}
          {sync?.graphReachable === false ? (
            <div className={styles.banner} role="status">
              Microsoft 365 can’t be reached. You’re seeing mail saved on this device; changes will fail until
              it’s back.
            </div>
          ) : sync?.state === 'failed' ? (
            <div className={styles.banner} role="status">
              <span>Your mailbox couldn’t be synced{sync.error ? `: ${sync.error}` : '.'}</span>
              <button type="button" className={styles.bannerButton} onClick={() => void startSync()}>
                Try again
              </button>
            </div>
          ) : null}
          {children}
          <div className={styles.toasts}>
            <div role="status" aria-live="polite">
              {toasts
                .filter((t) => t.tone === 'info')
                .map((t) => (
                  <ToastView key={t.id} toast={t} onDismiss={dismiss} />
                ))}
            </div>
            <div role="alert" aria-live="assertive">
              {toasts
                .filter((t) => t.tone === 'error')
                .map((t) => (
                  <ToastView key={t.id} toast={t} onDismiss={dismiss} />
                ))}
            </div>
          </div>
          <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
        </div>
      </OfflineActionsContext>
    </MailUiContext>
  );
}

function ToastView({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  return (
    <div className={styles.toast} data-tone={toast.tone}>
      <span>{toast.message}</span>
      {toast.action ? (
        <button
          type="button"
          className={styles.toastAction}
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button
        type="button"
        className={styles.toastClose}
        onClick={() => onDismiss(toast.id)}
        aria-label="Dismiss"
      >
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}
