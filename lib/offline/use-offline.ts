'use client';

import { liveQuery } from 'dexie';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import { FIRST_LIST_BOUND_MS, listSettled } from '@/lib/hooks/first-list';
import { toInput } from '@/lib/hooks/use-compose';
import type { DraftInput } from '@/lib/mail/types';
import { isOffline, onReconnect, probe, reportNetworkFailure, useConnectivity } from './connectivity';
import { saveWaitingDrafts } from './local-drafts';
import { useMirror } from './mirror-context';
import type { OutboxAction, OutboxItem } from './mirror-db';
import { enqueue, type ReplayFailure, replayOutbox } from './outbox';
import { fillMirror, type MirrorUsage, mirrorUsage, type OfflineLimits } from './prefetch';

/*
 * The offline side of the mail app, in one place: the outbox (what waits, replaying it on reconnect,
 * what could not be done), the drafts kept only on this device, and filling the mirror while online.
 * MailShell runs it; message actions and sending reach it through OfflineActionsContext.
 */

/** How often the mirror is brought up to date while the app is open and online. */
const FILL_EVERY_MS = 10 * 60 * 1000;
/** Waits before replaying again after a replay stopped on a failure that was not the network going away. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
/** The first fill waits for the list's first read (lib/hooks/first-list.ts), then this long; at most the bound. */
const FIRST_FILL_AFTER_MS = 1_000;

export interface OfflineActions {
  /** Whether an action must wait in the outbox (offline, or earlier actions still wait: order matters). */
  mustQueue: () => Promise<boolean>;
  queue: (action: OutboxAction, label: string) => Promise<void>;
  queueSend: (
    send: { localId: string | null; draftId: string | null; fields: DraftInput | null },
    label: string,
    /** The key a send already tried online carried, so the server recognises the same send. */
    idempotencyKey?: string,
  ) => Promise<void>;
}

export const OfflineActionsContext = createContext<OfflineActions | null>(null);
export const useOfflineActions = () => useContext(OfflineActionsContext);

export interface OfflineSupport {
  actions: OfflineActions | null;
  waiting: OutboxItem[];
  failures: ReplayFailure[];
  dismissFailures: () => void;
  usage: MirrorUsage | null;
  /** The outbox waits because the session ended: the person must sign in again. */
  signedOut: boolean;
}

export function useOfflineSupport(limits: OfflineLimits): OfflineSupport {
  const db = useMirror();
  const { mutate } = useSWRConfig();
  const { connection } = useConnectivity();
  const [waiting, setWaiting] = useState<OutboxItem[]>([]);
  const [failures, setFailures] = useState<ReplayFailure[]>([]);
  const [usage, setUsage] = useState<MirrorUsage | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const limitsRef = useRef(limits);
  limitsRef.current = limits;

  // What waits, in every tab (Dexie's live queries see other tabs' writes).
  useEffect(() => {
    if (!db) return;
    const subscription = liveQuery(() => db.outbox.orderBy('seq').toArray()).subscribe({
      next: setWaiting,
      error: () => setWaiting([]),
    });
    return () => subscription.unsubscribe();
  }, [db]);

  const retry = useRef<{ timer: ReturnType<typeof setTimeout> | null; attempt: number }>({
    timer: null,
    attempt: 0,
  });

  const replay = useCallback(async (): Promise<void> => {
    if (!db) return;
    if (retry.current.timer) clearTimeout(retry.current.timer);
    retry.current.timer = null;
    const result = await replayOutbox(db);
    setSignedOut(Boolean(result.signedOut));
    if (result.stopped && !result.signedOut) {
      // A network failure may mean we are offline: the probe decides (and replays on reconnect).
      reportNetworkFailure();
      if (!isOffline()) {
        // The server or Microsoft 365 failed for now (or an answer got lost): again, less and less often.
        const attempt = ++retry.current.attempt;
        const delay = RETRY_DELAYS_MS[Math.min(attempt - 1, RETRY_DELAYS_MS.length - 1)];
        retry.current.timer = setTimeout(() => void replay(), delay);
      }
    } else if (!result.stopped) retry.current.attempt = 0;
    if (result.failed.length) setFailures((all) => [...all, ...result.failed]);
    await saveWaitingDrafts(db, toInput).catch(() => undefined);
    // What the server holds now is the truth: the lists, counts and conversations are read again.
    if (result.done || result.failed.length) await mutate(() => true);
  }, [db, mutate]);

  useEffect(
    () => () => {
      if (retry.current.timer) clearTimeout(retry.current.timer);
    },
    [],
  );

  const fill = useCallback(async () => {
    if (!db || isOffline()) return;
    const { inboxMessages, folderMessages, bodies, bodySpaceBytes } = limitsRef.current;
    await fillMirror(db, { inboxMessages, folderMessages, bodies, bodySpaceBytes }).catch(() => undefined);
    setUsage(await mirrorUsage(db).catch(() => null));
  }, [db]);

  useEffect(
    () =>
      onReconnect(async () => {
        await replay();
        void fill();
      }),
    [replay, fill],
  );

  useEffect(() => {
    if (!db) return;
    // Something may wait from the last visit; the first fill follows the list's first read.
    let first: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    void listSettled(FIRST_LIST_BOUND_MS).then(() => {
      if (stopped) return;
      first = setTimeout(() => {
        void (async () => {
          // Whatever waits from an earlier visit (actions, sends, drafts kept only here) goes now.
          if (!isOffline()) await replay();
          await fill();
        })();
      }, FIRST_FILL_AFTER_MS);
    });
    const every = setInterval(() => void fill(), FILL_EVERY_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [db, replay, fill]);

  const actions = useMemo<OfflineActions | null>(() => {
    if (!db) return null;
    const afterQueueing = () =>
      // Queued because a request failed: if the network is in fact there, go on at once.
      void probe().then((ok) => (ok && !isOffline() ? replay() : undefined));
    return {
      mustQueue: async () => isOffline() || (await db.outbox.count()) > 0,
      queue: async (action, label) => {
        await enqueue(db, action, label);
        afterQueueing();
      },
      queueSend: async (send, label, idempotencyKey) => {
        await enqueue(db, { kind: 'send', ...send }, label, idempotencyKey);
        afterQueueing();
      },
    };
  }, [db, replay]);

  // Going offline: how much is saved here is part of what the status says.
  useEffect(() => {
    if (db && connection === 'offline') void mirrorUsage(db).then(setUsage, () => undefined);
  }, [db, connection]);

  return {
    actions,
    waiting,
    failures,
    dismissFailures: useCallback(() => setFailures([]), []),
    usage,
    signedOut,
  };
}
