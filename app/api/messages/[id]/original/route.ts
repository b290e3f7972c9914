// GET /api/messages/:id/original — the body exactly as received, as a download (for mail too complex to show).
import { withUser } from '@/lib/api/handler';
import { getOriginalBody } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (_request, user, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { content, fileName } = await getOriginalBody(user.id, id);
  // Hostile markup, so never rendered by the browser: a download of opaque bytes, not sniffed, and a
  // sandbox should anything render it anyway.
  return new Response(content, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    },
  });
});
