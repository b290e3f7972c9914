import 'server-only';
import { createHash } from 'node:crypto';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { GraphRequestError } from '../graph/errors';
import { findMessage, upsertMessages } from './cache';
import {
  addDraftAttachment,
  createDraft,
  createResponseDraft,
  type DraftFields,
  deleteDraft,
  type GraphDraft,
  getDraft,
  type ReplyKind,
  removeDraftAttachment,
  sendDraft,
  updateDraft,
} from './compose-graph';
import { bareContentId, fromCidReferences, toCidReferences } from './compose-inline-html';
import { displayText } from './display-text';
import { listAttachments } from './graph-mail';
import { renderMessageBody } from './render-body';
import { defaultSignatureHtml } from './signatures';
import { bodyWithSignature } from './signatures-block';
import { storable } from './storable';
import type { Address, DraftDto, DraftInput } from './types';

/*
 * Writing mail for one person. Drafts live in Graph's Drafts folder from the first keystroke the client
 * saves, so nothing typed is lost to a reload, another device, or a failed send: a send that fails leaves
 * the draft exactly as it was.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The draft split into what the person wrote and the quote below it, from the parts we stored when we last
 * wrote it. Without parts, or when its body changed elsewhere since (Outlook, a phone), the body is taken
 * whole as the person's text: nothing in the body itself decides where a quote starts.
 */
async function draftParts(
  userId: string,
  draft: GraphDraft,
): Promise<{ replyHtml: string; quoteHtml: string }> {
  const whole = { replyHtml: draft.body.content, quoteHtml: '' };
  if (draft.body.contentType !== 'html') return whole;
  const part = await db.draftPart.findUnique({
    where: { userId_draftGraphId: { userId, draftGraphId: draft.id } },
  });
  return part && part.bodyHash === sha256(draft.body.content) ? part : whole;
}

async function rememberParts(
  userId: string,
  draft: GraphDraft,
  parts: { replyHtml: string; quoteHtml: string },
) {
  const data = { ...storable(parts), bodyHash: sha256(draft.body.content) };
  await db.draftPart.upsert({
    where: { userId_draftGraphId: { userId, draftGraphId: draft.id } },
    create: { userId, draftGraphId: draft.id, ...data },
    update: data,
  });
}

const addresses = (list: GraphDraft['toRecipients']) =>
  (list ?? []).flatMap((r) => (r.emailAddress.address ? [r.emailAddress.address] : []));

async function toDraftDto(userId: string, draft: GraphDraft): Promise<DraftDto> {
  const { replyHtml, quoteHtml } = await draftParts(userId, draft);
  const [attachments, quote] = await Promise.all([
    // Graph's hasAttachments leaves inline attachments out: a body naming a cid: is read for them too.
    draft.hasAttachments || /cid:/i.test(replyHtml) ? listAttachments(userId, draft.id) : [],
    // The quote is someone else's mail: shown like the reading pane, sanitized, remote content blocked.
    quoteHtml
      ? renderMessageBody({
          body: { contentType: 'html', content: quoteHtml },
          inlineImages: {},
          allowRemoteContent: false,
          frame: 'quote',
        })
      : null,
  ]);
  return {
    id: draft.id,
    conversationId: draft.conversationId ?? draft.id,
    to: addresses(draft.toRecipients),
    cc: addresses(draft.ccRecipients),
    bcc: addresses(draft.bccRecipients),
    subject: draft.subject ?? '',
    // Untrusted too (a draft can be written anywhere): the editor sanitizes it before it reaches the page.
    // Pasted images are cid: references on Graph; the editor shows them from our route.
    bodyHtml:
      draft.body.contentType === 'html'
        ? fromCidReferences(replyHtml, draft.id, inlineContentIds(attachments))
        : escapeText(replyHtml),
    quoteDocument: quote?.document ?? null,
    importance: draft.importance ?? 'normal',
    attachments: attachments
      .filter((a) => !a.isInline)
      .map((a) => ({
        id: a.id,
        name: displayText(a.name ?? 'attachment'),
        contentType: a.contentType ?? 'application/octet-stream',
        size: a.size ?? 0,
      })),
  };
}

const inlineContentIds = (attachments: { isInline?: boolean | null; contentId?: string | null }[]) =>
  new Set(attachments.flatMap((a) => (a.isInline && a.contentId ? [bareContentId(a.contentId)] : [])));

const escapeText = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split(/\r?\n/)
    .map((line) => `<p>${line}</p>`)
    .join('');

export async function requireDraft(userId: string, draftId: string): Promise<GraphDraft> {
  const draft = await getDraft(userId, draftId).catch((error: unknown) => {
    if (error instanceof GraphRequestError && error.kind === 'not-found') {
      throw new ApiError(
        404,
        'not_found',
        'That draft no longer exists. It may have been sent or discarded on another device.',
      );
    }
    throw error;
  });
  if (!draft.isDraft) throw new ApiError(409, 'already_sent', 'That message has already been sent.');
  return draft;
}

export async function startDraft(userId: string, input: DraftInput): Promise<DraftDto> {
  const draft = await createDraft(userId, input);
  await upsertMessages(userId, [draft]);
  return toDraftDto(userId, draft);
}

/** A reply, reply-all or forward of a message in the person's mailbox, made by Exchange. */
export async function startResponse(userId: string, messageId: string, kind: ReplyKind): Promise<DraftDto> {
  const original = await findMessage(userId, messageId);
  if (!original) throw new ApiError(404, 'not_found', 'That message is not in your mailbox.');
  const created = await createResponseDraft(userId, original.graphId, kind);
  // Exchange's body is all quote so far; from now on the person's text is kept apart from it.
  const quoteHtml = created.body.content;
  // The default signature for replies goes above the quote, in the draft itself, as Outlook puts it there.
  const signature = created.body.contentType === 'html' ? await defaultSignatureHtml(userId, 'reply') : null;
  const replyHtml = signature ? bodyWithSignature(signature) : '';
  const draft = signature
    ? await updateDraft(userId, created.id, { bodyHtml: `${replyHtml}${quoteHtml}` })
    : created;
  await rememberParts(userId, draft, { replyHtml, quoteHtml });
  await upsertMessages(userId, [draft]);
  return toDraftDto(userId, draft);
}

export async function loadDraft(userId: string, draftId: string): Promise<DraftDto> {
  return toDraftDto(userId, await requireDraft(userId, draftId));
}

export async function saveDraft(userId: string, draftId: string, input: DraftInput): Promise<DraftDto> {
  const current = await requireDraft(userId, draftId);
  const fields: DraftFields = { ...input };
  let parts: { replyHtml: string; quoteHtml: string } | null = null;
  if (input.bodyHtml !== undefined) {
    const { quoteHtml } = await draftParts(userId, current);
    const replyHtml = toCidReferences(input.bodyHtml, draftId);
    parts = { replyHtml, quoteHtml };
    fields.bodyHtml = `${replyHtml}${quoteHtml}`;
  }
  const draft = await updateDraft(userId, draftId, fields);
  // Saving only the subject or recipients leaves the body, so the stored parts still describe it.
  if (parts) await rememberParts(userId, draft, parts);
  await upsertMessages(userId, [draft]);
  return toDraftDto(userId, draft);
}

export async function discardDraft(userId: string, draftId: string): Promise<void> {
  await requireDraft(userId, draftId);
  await deleteDraft(userId, draftId);
  await forgetDraft(userId, draftId);
}

/** Drops what the cache holds of a draft that left Drafts (sent or discarded). */
export async function forgetDraft(userId: string, draftId: string): Promise<void> {
  await db.mailMessage.deleteMany({ where: { userId, graphId: draftId } });
  await db.draftPart.deleteMany({ where: { userId, draftGraphId: draftId } });
}

/**
 * Sends a draft. On failure the draft stays in Drafts untouched and the error says what happened.
 * `onSending` is called just before Graph is asked to send: from then on a failure may hide a sent mail.
 */
export async function send(
  userId: string,
  draftId: string,
  options: { onSending?: () => void } = {},
): Promise<void> {
  const draft = await requireDraft(userId, draftId);
  if (
    !addresses(draft.toRecipients).length &&
    !addresses(draft.ccRecipients).length &&
    !addresses(draft.bccRecipients).length
  ) {
    throw new ApiError(400, 'no_recipients', 'Add at least one recipient before sending.');
  }
  options.onSending?.();
  await sendDraft(userId, draftId);
  // The sent copy reaches the cache through the next sync or notification; the draft is gone now.
  await forgetDraft(userId, draftId);
}

export async function attach(
  userId: string,
  draftId: string,
  file: { name: string; contentType: string; bytes: Uint8Array<ArrayBuffer> },
) {
  await requireDraft(userId, draftId);
  return addDraftAttachment(userId, draftId, file);
}

export async function detach(userId: string, draftId: string, attachmentId: string): Promise<void> {
  await requireDraft(userId, draftId);
  await removeDraftAttachment(userId, draftId, attachmentId);
}

/** People the person has mailed with, for address suggestions: senders and recipients in the cache. */
export async function suggestPeople(userId: string, query: string, limit = 8): Promise<Address[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const rows = await db.$queryRaw<{ name: string | null; address: string }[]>`
    SELECT DISTINCT ON (lower(address)) name, address FROM (
      SELECT "fromName" AS name, "fromAddress" AS address, "receivedAt" FROM "MailMessage"
        WHERE "userId" = ${userId} AND "fromAddress" IS NOT NULL
      UNION ALL
      SELECT r->>'name', r->>'address', "receivedAt" FROM "MailMessage", jsonb_array_elements("toRecipients") r
        WHERE "userId" = ${userId}
    ) people
    WHERE lower(address) LIKE ${`%${q}%`} OR lower(coalesce(name, '')) LIKE ${`%${q}%`}
    ORDER BY lower(address), "receivedAt" DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ name: displayText(r.name || r.address), address: displayText(r.address) }));
}
