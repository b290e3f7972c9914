// DELETE /api/drafts/:id/attachments/:attachmentId — remove an attachment from a draft.
import { withUser } from '@/lib/api/handler';
import { detach } from '@/lib/mail/compose';

export const dynamic = 'force-dynamic';

export const DELETE = withUser(
  async (_request, user, { params }: { params: Promise<{ id: string; attachmentId: string }> }) => {
    const { id, attachmentId } = await params;
    await detach(user.id, id, attachmentId);
    return new Response(null, { status: 204 });
  },
);
