'use client';

import { useSyncExternalStore } from 'react';

/*
 * Whether Tidings can reach its server, for the header's status and for what waits on the network (the
 * outbox, the drafts). Neither of the browser's signals is trusted alone: `navigator.onLine` says true on
 * a network that goes nowhere, and one failed request can be a blip. So either of them (the browser going
 * offline, a request failing on the network) starts a probe of our health endpoint, and only a probe that
 * fails makes the app offline. While offline it probes every few seconds and on the browser's `online`
 * event; the first answer brings it back ("Back online, sending…" until the outbox is empty).
 */

export type Connection = 'online' | 'offline' | 'reconnecting';

export interface ConnectivityState {
  connection: Connection;
  /** When the newest data on screen came from the server (epoch ms), null if never this session. */
  freshAt: number | null;
}

const PROBE_URL = '/api/health';
const PROBE_TIMEOUT_MS = 1_500;
const OFFLINE_PROBE_EVERY_MS = 3_000;

let state: ConnectivityState = { connection: 'online', freshAt: null };
const listeners = new Set<() => void>();
const reconnectListeners = new Set<() => Promise<void> | void>();
let probing: Promise<boolean> | null = null;
let offlineTimer: ReturnType<typeof setInterval> | null = null;
let started = false;

function set(next: Partial<ConnectivityState>) {
  state = { ...state, ...next };
  for (const listen of listeners) listen();
}

async function reachable(): Promise<boolean> {
  try {
    // Any answer at all, even a 503, means the network and our server are there.
    await fetch(PROBE_URL, { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return true;
  } catch {
    return false;
  }
}

/** Probes once (concurrent callers share it) and moves the state accordingly. */
export function probe(): Promise<boolean> {
  if (!probing) {
    probing = reachable().then((ok) => {
      probing = null;
      if (ok) void backOnline();
      else goOffline();
      return ok;
    });
  }
  return probing;
}

const connection = (): Connection => state.connection;

function goOffline() {
  if (state.connection === 'offline') return;
  set({ connection: 'offline' });
  if (!offlineTimer) offlineTimer = setInterval(() => void probe(), OFFLINE_PROBE_EVERY_MS);
}

async function backOnline() {
  if (offlineTimer) clearInterval(offlineTimer);
  offlineTimer = null;
  if (state.connection !== 'offline') return;
  set({ connection: 'reconnecting' });
  try {
    await Promise.all([...reconnectListeners].map((listen) => listen()));
  } finally {
    // Still reconnecting unless a probe found the network gone again meanwhile.
    if (connection() === 'reconnecting') set({ connection: 'online' });
  }
}

/** A request failed on the network: find out whether we are offline. */
export function reportNetworkFailure(): void {
  void probe();
}

/** The server answered: the data it gave is fresh as of now; if we thought we were offline, we are not. */
export function reportServerAnswer(): void {
  set({ freshAt: Date.now() });
  if (state.connection === 'offline') void probe();
}

/** The data shown came from the mirror, saved at `savedAt`: the status says how old it is. */
export function reportMirrorAge(savedAt: number): void {
  if (state.freshAt === null || savedAt > state.freshAt) set({ freshAt: savedAt });
}

/** Runs `listen` when the network returns (before the status goes back to normal); returns the undo. */
export function onReconnect(listen: () => Promise<void> | void): () => void {
  reconnectListeners.add(listen);
  return () => reconnectListeners.delete(listen);
}

export function isOffline(): boolean {
  return state.connection === 'offline';
}

function start() {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('offline', () => void probe());
  window.addEventListener('online', () => void probe());
  if (!navigator.onLine) void probe();
}

function subscribe(listen: () => void) {
  start();
  listeners.add(listen);
  return () => listeners.delete(listen);
}

const serverState: ConnectivityState = { connection: 'online', freshAt: null };

export function useConnectivity(): ConnectivityState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => serverState,
  );
}
