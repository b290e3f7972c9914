'use client';

import { useSyncExternalStore } from 'react';
import { useSWRConfig } from 'swr';

/*
 * The mail list's first read comes first. On a first sign-in the server is busy (the first sync, the
 * subscription, the sign-in's own reads) and two cores may be shared with the browser, so every other request
 * made while that read is out slows it. What the first screen does not need waits until the list's first read
 * has answered or failed (`markListSettled`), or a bound has passed: the offline mirror's first fill, and the
 * reads of categories, automatic replies and scheduled mail and the page's own sync round. Cached data shows
 * meanwhile. Pages without a mail list (settings) don't wait.
 */

let settled = false;
const waiting = new Set<() => void>();

/** Called once the list's first read has answered or failed; later calls change nothing. */
export function markListSettled(): void {
  if (settled) return;
  settled = true;
  for (const resolve of [...waiting]) resolve();
  waiting.clear();
}

/** Resolves when the list's first read has settled, or after `boundMs`, whichever comes first. */
export function listSettled(boundMs: number): Promise<void> {
  if (settled) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, boundMs);
    waiting.add(done);
  });
}

/** The longest a read waits for the list's first read before going ahead. */
export const FIRST_LIST_BOUND_MS = 10_000;

let gateOpen: boolean | null = null;
const listeners = new Set<() => void>();

/** Whether reads waiting for the list may go now (the snapshot `useAfterFirstList` reads). */
export function afterFirstList(): boolean {
  if (gateOpen === null) {
    gateOpen = settled || !window.location.pathname.startsWith('/mail');
    if (!gateOpen) {
      void listSettled(FIRST_LIST_BOUND_MS).then(() => {
        gateOpen = true;
        for (const listener of listeners) listener();
      });
    }
  }
  return gateOpen;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** True once the list's first read has settled or the bound has passed, at once off the mail screen. */
export function useAfterFirstList(): boolean {
  return useSyncExternalStore(subscribe, afterFirstList, () => false);
}

/**
 * For a read the first screen does not need: its key once `useAfterFirstList`, null before, with what the
 * cache already holds for it as the data meanwhile (so nothing on screen changes while it waits).
 */
export function useKeyAfterFirstList<T>(key: string): { key: string | null; fallbackData: T | undefined } {
  const after = useAfterFirstList();
  const { cache } = useSWRConfig();
  return after ? { key, fallbackData: undefined } : { key: null, fallbackData: cache.get(key)?.data as T };
}
