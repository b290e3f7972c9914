'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/*
 * Registers the service worker (lib/offline/service-worker.ts, served at /serwist/sw.js) and tells the
 * page when a new version is installed and waiting. It takes over only when the person chooses "Reload to
 * update", after what registered with onBeforeUpdate (every change to a draft is already kept on this
 * device; a send waiting out its Undo goes first), so an update never loses anything; the page
 * then reloads once the new version controls it. The registration's own events are used rather than a
 * wrapper's, so any newer worker counts (a deployment, or another tab that registered it first).
 */

export const SERVICE_WORKER_URL = '/serwist/sw.js';

/** What must finish before the page reloads into a new version (a send waiting out its Undo, say). */
const beforeUpdate = new Set<() => Promise<void>>();

/** Registers work to finish before an update reloads the page; returns the undo. */
export function onBeforeUpdate(work: () => Promise<void>): () => void {
  beforeUpdate.add(work);
  return () => beforeUpdate.delete(work);
}

export function useAppUpdate() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  const updating = useRef(false);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || process.env.NODE_ENV !== 'production') return;
    const container = navigator.serviceWorker;
    let registration: ServiceWorkerRegistration | null = null;
    // A new worker waits only when an older one controls the page; the first install just takes over.
    const check = () => {
      if (registration?.waiting && container.controller) setWaiting(registration.waiting);
    };
    const onFound = () => {
      const installing = registration?.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed') check();
      });
    };
    const onControllerChange = () => {
      if (updating.current) window.location.reload();
    };
    container.addEventListener('controllerchange', onControllerChange);
    void container
      .register(SERVICE_WORKER_URL, { scope: '/' })
      .then((found) => {
        registration = found;
        found.addEventListener('updatefound', onFound);
        check();
      })
      .catch(() => undefined);
    return () => {
      container.removeEventListener('controllerchange', onControllerChange);
      registration?.removeEventListener('updatefound', onFound);
    };
  }, []);

  const update = useCallback(async () => {
    if (!waiting) return;
    await Promise.all([...beforeUpdate].map((work) => work().catch(() => undefined)));
    updating.current = true;
    waiting.postMessage({ type: 'SKIP_WAITING' });
  }, [waiting]);

  return { updateWaiting: waiting !== null, update };
}
