'use client';

import Dexie, { type EntityTable } from 'dexie';
import type { DraftInput } from '@/lib/mail/types';

/*
 * The browser's own copy of one person's mail (IndexedDB, through Dexie), so the app opens, reads and
 * writes without a network. One database per signed-in person (`tidings-<user id>`): signing out deletes
 * it, and opening the app as someone else deletes every other person's first, so nothing of one person is
 * readable by the next. It holds:
 * - responses: what our API answered for reads (folders, list pages, conversations, messages), keyed by
 *   their URL. Bodies in them are the server's sanitized renderings, shown in the same sandboxed frame as
 *   online;
 * - drafts: every change to a draft, saved here before it goes to Microsoft 365;
 * - outbox: actions and sends made offline, replayed in order when the network returns.
 */

export const MIRROR_PREFIX = 'tidings-';

export type ResponseKind = 'folders' | 'list' | 'conversation' | 'message' | 'other';

export interface MirroredResponse {
  url: string;
  kind: ResponseKind;
  data: unknown;
  /** When our server answered it (epoch ms). */
  savedAt: number;
  /** Its size as JSON, for the space the mirror uses. */
  bytes: number;
}

export interface LocalDraft {
  /** The compose pane's own id; stays the same once Microsoft 365 gives the draft an id. */
  localId: string;
  /** The draft's id in Microsoft 365, once it exists there. */
  draftId: string | null;
  /** The fields as typed (addresses still comma-separated). */
  typed: { to: string; cc: string; bcc: string; subject: string; bodyHtml: string };
  updatedAt: number;
  /** The last change Microsoft 365 has (updatedAt of the change it saved). */
  savedAt: number;
}

export type OutboxAction =
  | { kind: 'patch'; messageId: string; body: { isRead?: boolean; flagStatus?: string } }
  | { kind: 'move'; messageId: string; body: { destination: string } }
  | { kind: 'delete'; messageId: string }
  /**
   * A mail to send: a draft on Microsoft 365 already (`draftId`, its text saved), or only on this device
   * (`localId`, its `fields` still to be saved as a draft first).
   */
  | {
      kind: 'send';
      localId: string | null;
      draftId: string | null;
      fields: DraftInput | null;
      /** The fields are in the draft on Microsoft 365 (set by the replay before it sends). */
      saved?: boolean;
    };

export interface OutboxItem {
  seq?: number;
  action: OutboxAction;
  /** For sends: the key the server remembers, so a replay after an unclear failure can't send twice. */
  idempotencyKey: string;
  /** What it does, for a person ("mark “Budget” as read"). */
  label: string;
  createdAt: number;
  attempts: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type MirrorDb = Dexie & {
  responses: EntityTable<MirroredResponse, 'url'>;
  drafts: EntityTable<LocalDraft, 'localId'>;
  outbox: EntityTable<OutboxItem, 'seq'>;
  meta: EntityTable<MetaRow, 'key'>;
};

const open = new Map<string, MirrorDb>();

export function mirrorName(userId: string): string {
  return `${MIRROR_PREFIX}${userId}`;
}

/** The signed-in person's mirror (opened once per page). */
export function mirrorFor(userId: string): MirrorDb {
  let db = open.get(userId);
  if (!db) {
    db = new Dexie(mirrorName(userId)) as MirrorDb;
    db.version(1).stores({
      responses: 'url, kind, savedAt',
      drafts: 'localId, draftId, updatedAt',
      outbox: '++seq',
      meta: 'key',
    });
    // Saved answers have the shape of the build that saved them. A version whose answers changed shape
    // (2: messages carry categories and inferenceClassification) drops the older ones, to be read again
    // and refilled; drafts and the outbox hold the person's own work and stay.
    db.version(2)
      .stores({})
      .upgrade(async (tx) => {
        await tx.table('responses').clear();
        await tx.table('meta').clear();
      });
    open.set(userId, db);
  }
  return db;
}

async function mirrorNames(): Promise<string[]> {
  const names = await Dexie.getDatabaseNames();
  return names.filter((name) => name.startsWith(MIRROR_PREFIX));
}

/**
 * Deletes every person's mirror but this one's (someone else signed in on this browser), and says whether
 * this person has one yet: a first visit need not wait for an empty database to open before the screen
 * shows.
 */
export async function deleteOtherMirrors(userId: string): Promise<{ hasOwn: boolean }> {
  const keep = mirrorName(userId);
  const names = await mirrorNames();
  await Promise.all(names.filter((name) => name !== keep).map((name) => Dexie.delete(name)));
  return { hasOwn: names.includes(keep) };
}

/** Deletes every mirror on this browser (signing out). */
export async function deleteAllMirrors(): Promise<void> {
  for (const [userId, db] of open) {
    // For good: a write still on its way (the cache's, a fill) must not bring the database back.
    db.close({ disableAutoOpen: true });
    open.delete(userId);
  }
  for (const name of await mirrorNames()) await Dexie.delete(name);
}
