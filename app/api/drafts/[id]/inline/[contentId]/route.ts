// GET /api/drafts/:id/inline/:contentId — a picture in a draft's body, shown by the compose editor.
import { withUser } from '@/lib/api/handler';
import { attachmentResponse } from '@/lib/mail/attachment-response';
import { inlineImageOfDraft } from '@/lib/mail/compose-inline';

export const dynamic = 'force-dynamic';

export const GET = withUser(
  async (_request, user, { params }: { params: Promise<{ id: string; contentId: string }> }) => {
    const { id, contentId } = await params;
    return attachmentResponse(await inlineImageOfDraft(user.id, id, contentId), 'inline');
  },
);
