'use client';

import { ApiFetchError, apiRequest, isNetworkError } from '@/lib/hooks/api-client';
import type { DraftDto, DraftInput } from '@/lib/mail/types';
import type { LocalDraft, MirrorDb } from './mirror-db';

/*
 * Every change to a draft is written here first, then to Microsoft 365, so nothing typed depends on the
 * network: a reload, a closed tab or a crash offline finds the words here. A draft that exists only here
 * is named in the URL as `local:<id>`; its id on Microsoft 365 is created with the local id as the
 * idempotency key, so the compose pane and the reconnect sweep can both try without making two drafts.
 */

export const LOCAL_PREFIX = 'local:';

export type TypedFields = LocalDraft['typed'];

export const newLocalId = () => crypto.randomUUID();

export const localRef = (localId: string) => `${LOCAL_PREFIX}${localId}`;

export function parseLocalRef(ref: string): string | null {
  return ref.startsWith(LOCAL_PREFIX) ? ref.slice(LOCAL_PREFIX.length) : null;
}

/**
 * Saves what is typed, as of `changedAt` (the compose pane's clock for the change, so that markSaved can
 * tell a saved change from a later one); `savedAt` stays until Microsoft 365 has it.
 */
export async function keepLocally(
  db: MirrorDb,
  localId: string,
  draftId: string | null,
  typed: TypedFields,
  changedAt: number = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    const before = await db.drafts.get(localId);
    await db.drafts.put({
      localId,
      draftId: draftId ?? before?.draftId ?? null,
      typed,
      updatedAt: changedAt,
      savedAt: before?.savedAt ?? 0,
    });
  });
}

/** Microsoft 365 has the draft as it was at `changedAt` (the local change that save carried). */
export async function markSaved(
  db: MirrorDb,
  localId: string,
  draftId: string,
  changedAt: number,
): Promise<void> {
  await db.transaction('rw', db.drafts, async () => {
    const row = await db.drafts.get(localId);
    if (row) await db.drafts.update(localId, { draftId, savedAt: Math.max(row.savedAt, changedAt) });
  });
}

export const findLocal = (db: MirrorDb, localId: string) => db.drafts.get(localId);

export const findByDraftId = (db: MirrorDb, draftId: string) =>
  db.drafts.where('draftId').equals(draftId).first();

export const forgetLocal = (db: MirrorDb, localId: string) => db.drafts.delete(localId);

/** Creates the draft on Microsoft 365 (once per local id) or updates it; returns its id there. */
export async function saveToGraph(
  localId: string,
  draftId: string | null,
  input: DraftInput,
): Promise<string> {
  const body = JSON.stringify(input);
  if (draftId) {
    await apiRequest<DraftDto>(`/api/drafts/${encodeURIComponent(draftId)}`, { method: 'PATCH', body });
    return draftId;
  }
  const draft = await apiRequest<DraftDto>('/api/drafts', {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': localId },
  });
  return draft.id;
}

/** Local ids of the drafts open in a compose pane in this tab (other tabs hold a Web Lock). */
const openHere = new Set<string>();

const lockName = (localId: string) => `tidings-draft-${localId}`;

/**
 * Marks a draft as open in a compose pane until the returned function is called: the reconnect sweep
 * leaves it to the pane, which saves its own newest words (in this tab, and in others through a lock).
 */
export function holdDraft(localId: string): () => void {
  openHere.add(localId);
  let release: () => void = () => {};
  if (typeof navigator !== 'undefined' && navigator.locks) {
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    void navigator.locks.request(lockName(localId), () => held).catch(() => undefined);
  }
  return () => {
    openHere.delete(localId);
    release();
  };
}

/** Runs `work` unless the draft is open in a pane somewhere; resolves false if it was. */
async function unlessOpen(localId: string, work: () => Promise<void>): Promise<boolean> {
  if (openHere.has(localId)) return false;
  if (typeof navigator === 'undefined' || !navigator.locks) {
    await work();
    return true;
  }
  return navigator.locks.request(lockName(localId), { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await work();
    return true;
  });
}

/** Whether a draft kept here has words Microsoft 365 does not have yet. */
export const hasUnsavedWords = (draft: Pick<LocalDraft, 'updatedAt' | 'savedAt'>) =>
  draft.updatedAt > draft.savedAt;

/** Drafts kept here whose newest words Microsoft 365 does not have yet. */
export async function unsavedDrafts(db: MirrorDb): Promise<number> {
  return (await db.drafts.toArray()).filter(hasUnsavedWords).length;
}

/**
 * After reconnecting (and on every start while online): every draft with words Microsoft 365 doesn't have
 * yet goes there, except one open in a compose pane (it saves its own, newer words). Each row is read
 * again just before it is saved. A draft deleted on Microsoft 365 meanwhile is created again rather than
 * losing the words; a network failure stops the sweep (the next reconnect goes on), any other failure
 * skips that draft.
 */
export async function saveWaitingDrafts(
  db: MirrorDb,
  toInput: (typed: TypedFields) => DraftInput,
): Promise<void> {
  // A draft queued to be sent goes with its send (lib/offline/outbox.ts), not as a draft.
  const queued = new Set(
    (await db.outbox.toArray()).flatMap((item) =>
      item.action.kind === 'send' && item.action.localId ? [item.action.localId] : [],
    ),
  );
  const waiting = (await db.drafts.toArray()).filter((d) => hasUnsavedWords(d) && !queued.has(d.localId));
  for (const { localId } of waiting) {
    try {
      await unlessOpen(localId, async () => {
        const draft = await db.drafts.get(localId);
        if (!draft || !hasUnsavedWords(draft)) return;
        const input = toInput(draft.typed);
        let draftId: string;
        try {
          draftId = await saveToGraph(localId, draft.draftId, input);
        } catch (error) {
          if (!(error instanceof ApiFetchError && error.status === 404 && draft.draftId)) throw error;
          // Deleted on Microsoft 365 (or sent elsewhere) while its words waited here: a new draft keeps them.
          draftId = await saveToGraph(`${localId}-again-${Date.now()}`, null, input);
        }
        await markSaved(db, localId, draftId, draft.updatedAt);
      });
    } catch (error) {
      if (isNetworkError(error)) throw error;
    }
  }
}
