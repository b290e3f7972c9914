'use client';

import Dexie from 'dexie';
import { PERSONAL_CACHES } from './cache-names';
import { hasUnsavedWords } from './local-drafts';
import { deleteAllMirrors, MIRROR_PREFIX } from './mirror-db';

/* Signing out on this browser: what of the person stays until then, and removing it from every tab. */

const CHANNEL = 'tidings-session';

/** Removes everything of the signed-in person from this browser: the mirror, the outbox, saved pages. */
export async function clearThisDevice(): Promise<void> {
  // Other tabs first, so they close their connections for good instead of reopening the mirror.
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage('signed-out');
    channel.close();
  }
  await deleteAllMirrors();
  if (typeof caches !== 'undefined') {
    await Promise.all(PERSONAL_CACHES.map((name) => caches.delete(name)));
  }
}

/** Calls `signedOut` when another tab signs out; returns the undo. */
export function onSignedOutElsewhere(signedOut: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    if (event.data === 'signed-out') signedOut();
  };
  return () => channel.close();
}

/**
 * What signing out would delete that exists nowhere else yet: changes and sends waiting in an outbox, and
 * drafts whose newest words only this browser has.
 */
export async function waitingOnThisDevice(): Promise<number> {
  let waiting = 0;
  for (const name of await Dexie.getDatabaseNames()) {
    if (!name.startsWith(MIRROR_PREFIX)) continue;
    const db = new Dexie(name);
    try {
      await db.open();
      const has = (table: string) => db.tables.some((t) => t.name === table);
      if (has('outbox')) waiting += await db.table('outbox').count();
      if (has('drafts')) {
        const drafts = (await db.table('drafts').toArray()) as { updatedAt: number; savedAt: number }[];
        waiting += drafts.filter(hasUnsavedWords).length;
      }
    } finally {
      db.close();
    }
  }
  return waiting;
}
