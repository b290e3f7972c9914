'use client';

import { apiRequest } from '@/lib/hooks/api-client';
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

/**
 * After reconnecting: every draft with words Microsoft 365 doesn't have yet goes there (the open compose
 * pane saves its own too; the idempotency key makes that harmless). Stops at the first failure.
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
  const waiting = (await db.drafts.toArray()).filter(
    (d) => d.updatedAt > d.savedAt && !queued.has(d.localId),
  );
  for (const draft of waiting) {
    const draftId = await saveToGraph(draft.localId, draft.draftId, toInput(draft.typed));
    await markSaved(db, draft.localId, draftId, draft.updatedAt);
  }
}
