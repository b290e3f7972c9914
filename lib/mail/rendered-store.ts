import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { db } from '../db';
import { logger } from '../logger';
import { inlineLinkFor } from './inline-links';
import type { RenderedBody } from './render-body';
import { SANITIZE_WORKER_FILE } from './sanitize-pool';

/*
 * Sanitized bodies, kept (RenderedBody rows) so that opening a message again neither reads its raw body,
 * which can be megabytes, nor sanitizes it again.
 *
 * - Valid while the body it was made from is the one cached (the message's bodyFetchedAt: a body fetched
 *   again, as a draft's is after it changed, gets a new one) and the renderer and the app's URL are the
 *   ones it was made with (renderKey).
 * - Inline images are shown through signed links that expire (inline-links.ts), so the stored document
 *   holds placeholders instead: `<app>/api/inline/ph-<nonce>-<n>`, n the index of the inline attachment,
 *   nonce random per render so that no text of the mail can spell one. Each read puts fresh links in.
 * - A fallback because the sanitizer ran out of time or its worker died says more about the machine's
 *   load than about the mail: it is kept for TRANSIENT_FALLBACK_MS, so a hostile mail opened again and
 *   again stays cheap, and then rendered again. A fallback for size or nesting is kept like a rendering.
 */

/** Bump when what renderMessageBody makes changes outside the worker bundle (the fallback document). */
const RENDER_FORMAT = 1;
export const TRANSIENT_FALLBACK_MS = 5 * 60_000;

let rendererHash: string | undefined;
/** The sanitizer's build: a new one (another allow-list, another CSP) invalidates what the old one made. */
function rendererVersion(): string {
  if (rendererHash === undefined) {
    try {
      rendererHash = createHash('sha256').update(readFileSync(SANITIZE_WORKER_FILE)).digest('hex');
    } catch {
      // No bundle: the render fails anyway and its fallback is not kept for long.
      rendererHash = 'missing';
    }
  }
  return rendererHash;
}

export function renderKey(baseUrl: string): string {
  return createHash('sha256')
    .update(JSON.stringify([RENDER_FORMAT, rendererVersion(), baseUrl]))
    .digest('base64url');
}

export interface InlineTarget {
  /** Content-ID without angle brackets. */
  contentId: string;
  attachmentId: string;
}

export interface Placeholders {
  nonce: string;
  /** Content-ID → placeholder URL, what the renderer is given instead of signed links. */
  inlineImages: Record<string, string>;
}

export function inlinePlaceholders(baseUrl: string, targets: InlineTarget[]): Placeholders {
  const nonce = randomBytes(16).toString('hex');
  const inlineImages: Record<string, string> = {};
  targets.forEach((target, index) => {
    inlineImages[target.contentId] = `${baseUrl}/api/inline/ph-${nonce}-${index}`;
  });
  return { nonce, inlineImages };
}

/** The document with a fresh signed link in place of each inline-image placeholder. */
export function withFreshLinks(
  document: string,
  nonce: string,
  targets: InlineTarget[],
  owner: { userId: string; messageId: string },
): string {
  if (!targets.length) return document;
  const links = targets.map((t) => inlineLinkFor({ ...owner, attachmentId: t.attachmentId }));
  return document.replace(new RegExp(`ph-${nonce}-(\\d+)(?![0-9])`, 'g'), (placeholder, index: string) => {
    return links[Number(index)] ?? placeholder;
  });
}

export interface StoredRendering extends Pick<RenderedBody, 'document' | 'hasRemoteContent' | 'tooComplex'> {
  placeholderNonce: string;
}

export interface Key {
  userId: string;
  messageGraphId: string;
  remoteAllowed: boolean;
  bodyFetchedAt: Date;
  renderKey: string;
}

type Row = Awaited<ReturnType<typeof db.renderedBody.findMany>>[number];

function valid(row: Row | null | undefined, key: Key): row is Row {
  return (
    !!row &&
    row.remoteAllowed === key.remoteAllowed &&
    row.bodyFetchedAt.getTime() === key.bodyFetchedAt.getTime() &&
    row.renderKey === key.renderKey &&
    (!row.expiresAt || row.expiresAt.getTime() > Date.now())
  );
}

/** The stored rendering for this body and renderer, or null when there is none that is still valid. */
export async function findRendering(key: Key): Promise<StoredRendering | null> {
  const row = await db.renderedBody.findUnique({
    where: {
      userId_messageGraphId_remoteAllowed: {
        userId: key.userId,
        messageGraphId: key.messageGraphId,
        remoteAllowed: key.remoteAllowed,
      },
    },
  });
  return valid(row, key) ? row : null;
}

/** findRendering for several messages (a conversation) in one query; absent keys have none. */
export async function findRenderings(keys: Key[]): Promise<Map<string, StoredRendering>> {
  const found = new Map<string, StoredRendering>();
  const userId = keys[0]?.userId;
  if (!userId) return found;
  const rows = await db.renderedBody.findMany({
    where: { userId, messageGraphId: { in: keys.map((k) => k.messageGraphId) } },
  });
  for (const key of keys) {
    const row = rows.find((r) => r.messageGraphId === key.messageGraphId && valid(r, key));
    if (row) found.set(key.messageGraphId, row);
  }
  return found;
}

/** Keeps a rendering made with `placeholderNonce`; failing to keep it never fails the read. */
export async function saveRendering(
  key: Key,
  rendered: RenderedBody,
  placeholderNonce: string,
): Promise<void> {
  const transient = rendered.fallback === 'time' || rendered.fallback === 'failed';
  const fields = {
    bodyFetchedAt: key.bodyFetchedAt,
    renderKey: key.renderKey,
    placeholderNonce,
    document: rendered.document,
    hasRemoteContent: rendered.hasRemoteContent,
    tooComplex: rendered.tooComplex,
    expiresAt: transient ? new Date(Date.now() + TRANSIENT_FALLBACK_MS) : null,
  };
  try {
    await db.renderedBody.upsert({
      where: {
        userId_messageGraphId_remoteAllowed: {
          userId: key.userId,
          messageGraphId: key.messageGraphId,
          remoteAllowed: key.remoteAllowed,
        },
      },
      create: {
        userId: key.userId,
        messageGraphId: key.messageGraphId,
        remoteAllowed: key.remoteAllowed,
        ...fields,
      },
      update: fields,
    });
  } catch (error) {
    // The message was deleted (moved away, emptied) while it was being rendered: nothing to keep.
    if (error instanceof Error && 'code' in error && error.code === 'P2003') return;
    // Anything else: the next open renders again.
    logger.warn('could not keep a rendered body', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}
