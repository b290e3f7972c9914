import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { withGraph } from '../graph/client';
import { attachmentSchema, graphMessageSchema, listAttachments } from './graph-mail';

/*
 * The Graph side of writing mail: drafts in the Drafts folder, replies and forwards created by Exchange
 * (so threading and the quoted original are its own), attachments directly or through an upload session,
 * and sending a draft.
 */

export const DIRECT_ATTACHMENT_LIMIT = 3 * 1024 * 1024;
export const MAX_ATTACHMENT_SIZE = 150 * 1024 * 1024;
/** Upload-session chunks must be multiples of 320 KiB; 10 of them is about 3 MB per request. */
const CHUNK = 320 * 1024 * 10;

export interface DraftFields {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  bodyHtml?: string;
  importance?: 'low' | 'normal' | 'high';
}

const recipients = (addresses: string[] | undefined) =>
  addresses === undefined ? undefined : addresses.map((address) => ({ emailAddress: { address } }));

function toGraphDraft(fields: DraftFields) {
  return {
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    ...(fields.bodyHtml === undefined ? {} : { body: { contentType: 'html', content: fields.bodyHtml } }),
    ...(fields.to === undefined ? {} : { toRecipients: recipients(fields.to) }),
    ...(fields.cc === undefined ? {} : { ccRecipients: recipients(fields.cc) }),
    ...(fields.bcc === undefined ? {} : { bccRecipients: recipients(fields.bcc) }),
    ...(fields.importance === undefined ? {} : { importance: fields.importance }),
  };
}

export const draftSchema = graphMessageSchema.extend({
  body: z.object({ contentType: z.enum(['html', 'text']), content: z.string() }),
  bccRecipients: graphMessageSchema.shape.toRecipients,
});
export type GraphDraft = z.infer<typeof draftSchema>;

const DRAFT_FIELDS =
  'id,parentFolderId,conversationId,subject,bodyPreview,body,from,toRecipients,ccRecipients,bccRecipients,receivedDateTime,isRead,isDraft,flag,hasAttachments,importance,changeKey';

export function createDraft(userId: string, fields: DraftFields): Promise<GraphDraft> {
  return withGraph(userId, async (client) =>
    draftSchema.parse(await client.api('/me/messages').post(toGraphDraft(fields))),
  );
}

export function updateDraft(userId: string, draftId: string, fields: DraftFields): Promise<GraphDraft> {
  return withGraph(userId, async (client) =>
    draftSchema.parse(await client.api(`/me/messages/${draftId}`).patch(toGraphDraft(fields))),
  );
}

export function getDraft(userId: string, draftId: string): Promise<GraphDraft> {
  return withGraph(userId, async (client) =>
    draftSchema.parse(await client.api(`/me/messages/${draftId}`).select(DRAFT_FIELDS).get()),
  );
}

export function deleteDraft(userId: string, draftId: string): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/me/messages/${draftId}`).delete();
  });
}

export type ReplyKind = 'reply' | 'replyAll' | 'forward';
const ACTION: Record<ReplyKind, string> = {
  reply: 'createReply',
  replyAll: 'createReplyAll',
  forward: 'createForward',
};

/** A reply, reply-all or forward draft made by Exchange from the original message. */
export function createResponseDraft(userId: string, messageId: string, kind: ReplyKind): Promise<GraphDraft> {
  return withGraph(userId, async (client) =>
    draftSchema.parse(await client.api(`/me/messages/${messageId}/${ACTION[kind]}`).post({})),
  );
}

export function sendDraft(userId: string, draftId: string): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/me/messages/${draftId}/send`).post(null);
  });
}

export function removeDraftAttachment(userId: string, draftId: string, attachmentId: string): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/me/messages/${draftId}/attachments/${attachmentId}`).delete();
  });
}

/**
 * Attaches a file to a draft: directly when small, through an upload session (chunks PUT to a
 * pre-authenticated URL, without our token) when over 3 MB. Returns the attachment's id.
 */
export async function addDraftAttachment(
  userId: string,
  draftId: string,
  file: { name: string; contentType: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<{ id: string; viaUploadSession: boolean }> {
  if (file.bytes.byteLength > MAX_ATTACHMENT_SIZE) {
    throw new ApiError(
      413,
      'attachment_too_large',
      `"${file.name}" is larger than the 150 MB Microsoft 365 allows for an attachment.`,
    );
  }
  if (file.bytes.byteLength <= DIRECT_ATTACHMENT_LIMIT) {
    const created = await withGraph(userId, async (client) =>
      attachmentSchema.parse(
        await client.api(`/me/messages/${draftId}/attachments`).post({
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: file.name,
          contentType: file.contentType,
          contentBytes: Buffer.from(file.bytes).toString('base64'),
        }),
      ),
    );
    return { id: created.id, viaUploadSession: false };
  }

  const session = await withGraph(userId, async (client) =>
    z.object({ uploadUrl: z.url() }).parse(
      await client.api(`/me/messages/${draftId}/attachments/createUploadSession`).post({
        AttachmentItem: {
          attachmentType: 'file',
          name: file.name,
          size: file.bytes.byteLength,
          contentType: file.contentType,
        },
      }),
    ),
  );
  const total = file.bytes.byteLength;
  for (let start = 0; start < total; start += CHUNK) {
    const end = Math.min(start + CHUNK, total) - 1;
    const response = await fetch(session.uploadUrl, {
      method: 'PUT',
      headers: {
        'Content-Range': `bytes ${start}-${end}/${total}`,
        'Content-Length': String(end - start + 1),
      },
      body: file.bytes.slice(start, end + 1),
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) {
      await fetch(session.uploadUrl, { method: 'DELETE' }).catch(() => {});
      throw new ApiError(
        502,
        'upload_failed',
        `Uploading "${file.name}" to Microsoft 365 failed (HTTP ${response.status}). Try again.`,
      );
    }
  }
  const attachment = (await listAttachments(userId, draftId)).filter((a) => a.name === file.name).at(-1);
  if (!attachment)
    throw new ApiError(502, 'upload_failed', `Microsoft 365 did not keep "${file.name}". Try again.`);
  return { id: attachment.id, viaUploadSession: true };
}
