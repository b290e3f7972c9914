import 'server-only';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/api-error';
import { withGraph } from '../graph/client';
import { requireDraft } from './compose';
import { DIRECT_ATTACHMENT_LIMIT } from './compose-graph';
import { bareContentId, inlineImageUrl } from './compose-inline-html';
import { attachmentSchema, fetchAttachmentBytes, listAttachments } from './graph-mail';
import type { InlineImageDto } from './types';

/*
 * Images pasted or dropped into a message: inline attachments of the draft (Graph's fileAttachment with
 * isInline and a contentId), referred to from the body as cid:<contentId> (see compose-inline-html.ts).
 * Raster formats only, as the reading pane shows them; at most 3 MB each, what one POST of an attachment
 * takes (a bigger picture belongs attached, not in the text).
 */

export const INLINE_IMAGE_TYPES = /^image\/(?:png|jpeg|gif|webp)$/i;
export const MAX_INLINE_IMAGE_BYTES = DIRECT_ATTACHMENT_LIMIT;

export function inlineImageTooLarge(name: string): ApiError {
  return new ApiError(
    413,
    'image_too_large',
    `“${name}” is larger than 3 MB, the most a picture in the text can be. Attach it instead.`,
  );
}

export async function addInlineImage(
  userId: string,
  draftId: string,
  file: { name: string; contentType: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<InlineImageDto> {
  if (!INLINE_IMAGE_TYPES.test(file.contentType)) {
    throw new ApiError(
      415,
      'unsupported_image',
      `“${file.name}” isn’t a PNG, JPEG, GIF or WebP picture, so it can’t go in the text. Attach it instead.`,
    );
  }
  if (file.bytes.byteLength > MAX_INLINE_IMAGE_BYTES) throw inlineImageTooLarge(file.name);
  await requireDraft(userId, draftId);
  const contentId = `${randomBytes(12).toString('hex')}@tidings`;
  const created = await withGraph(userId, async (client) =>
    attachmentSchema.parse(
      await client.api(`/me/messages/${draftId}/attachments`).post({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: file.name,
        contentType: file.contentType,
        contentBytes: Buffer.from(file.bytes).toString('base64'),
        isInline: true,
        contentId,
      }),
    ),
  );
  return { attachmentId: created.id, contentId, url: inlineImageUrl(draftId, contentId) };
}

/** The bytes of the draft's inline image with this Content-ID, for the editor. */
export async function inlineImageOfDraft(userId: string, draftId: string, contentId: string) {
  const wanted = bareContentId(contentId);
  const attachment = (await listAttachments(userId, draftId)).find(
    (a) => a.isInline && bareContentId(a.contentId ?? '') === wanted,
  );
  if (!attachment) throw new ApiError(404, 'not_found', 'That picture is no longer in the draft.');
  return {
    bytes: await fetchAttachmentBytes(userId, draftId, attachment.id),
    name: attachment.name ?? 'image',
    contentType: attachment.contentType ?? 'application/octet-stream',
  };
}
