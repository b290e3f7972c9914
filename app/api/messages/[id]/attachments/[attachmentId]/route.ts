// GET /api/messages/:id/attachments/:attachmentId — download an attachment, byte for byte.
import { withUser } from '@/lib/api/handler';
import { attachmentResponse } from '@/lib/mail/attachment-response';
import { getAttachment } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

export const GET = withUser(
  async (_request, user, { params }: { params: Promise<{ id: string; attachmentId: string }> }) => {
    const { id, attachmentId } = await params;
    return attachmentResponse(await getAttachment(user.id, id, attachmentId), 'attachment');
  },
);
