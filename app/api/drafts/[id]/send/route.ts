// POST /api/drafts/:id/send — send a draft; on failure it stays in Drafts untouched.
import { withUser } from '@/lib/api/handler';
import { send } from '@/lib/mail/compose';

export const dynamic = 'force-dynamic';

export const POST = withUser(async (_request, user, { params }: { params: Promise<{ id: string }> }) => {
  await send(user.id, (await params).id);
  return new Response(null, { status: 202 });
});
