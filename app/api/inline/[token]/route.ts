// GET /api/inline/:token — an inline (cid:) image for a message body; the encrypted, 15-minute token
// (lib/mail/inline-links.ts) stands in for the session cookie, which the sandboxed body frame does not send.
import { errorResponse } from '@/lib/api/handler';
import { attachmentResponse } from '@/lib/mail/attachment-response';
import { verifyInlineLink } from '@/lib/mail/inline-links';
import { getAttachment } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const target = verifyInlineLink((await params).token);
  if (!target) return new Response('This image link has expired. Reopen the message.', { status: 404 });
  try {
    const response = attachmentResponse(
      await getAttachment(target.userId, target.messageId, target.attachmentId),
      'inline',
    );
    // Cached no longer than its link lives.
    response.headers.set('Cache-Control', 'private, max-age=900');
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
