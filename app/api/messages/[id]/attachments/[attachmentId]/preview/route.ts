// GET /api/messages/:id/attachments/:attachmentId/preview[?size=thumbnail] — the attachment as the app shows it: an image (or its thumbnail), a PDF or text, sandboxed; 415 for anything else.
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { previewResponse, withPreviewPolicy } from '@/lib/mail/attachment-preview';
import { thumbnailResponse } from '@/lib/mail/attachment-thumbnail';
import { getAttachment } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

const query = z.object({ size: z.enum(['full', 'thumbnail']).default('full') });

export const GET = withPreviewPolicy(
  withUser(async (request, user, { params }: { params: Promise<{ id: string; attachmentId: string }> }) => {
    const { id, attachmentId } = await params;
    const { size } = query.parse({ size: new URL(request.url).searchParams.get('size') ?? undefined });
    const file = await getAttachment(user.id, id, attachmentId);
    return size === 'thumbnail' ? thumbnailResponse(file) : previewResponse(file);
  }),
);
