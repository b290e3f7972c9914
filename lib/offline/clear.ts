'use client';

import Dexie from 'dexie';
import { PERSONAL_CACHES } from './cache-names';
import { deleteAllMirrors, MIRROR_PREFIX } from './mirror-db';

/** Removes everything of the signed-in person from this browser: the mirror, the outbox, saved pages. */
export async function clearThisDevice(): Promise<void> {
  await deleteAllMirrors();
  if (typeof caches !== 'undefined') {
    await Promise.all(PERSONAL_CACHES.map((name) => caches.delete(name)));
  }
}

/** How many changes and sends still wait in any mirror on this browser (before signing out loses them). */
export async function waitingOnThisDevice(): Promise<number> {
  let waiting = 0;
  for (const name of await Dexie.getDatabaseNames()) {
    if (!name.startsWith(MIRROR_PREFIX)) continue;
    const db = new Dexie(name);
    try {
      await db.open();
      if (db.tables.some((t) => t.name === 'outbox')) waiting += await db.table('outbox').count();
    } finally {
      db.close();
    }
  }
  return waiting;
}
