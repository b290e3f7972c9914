// POST /api/drafts/:id/send — send a draft; on failure it stays in Drafts untouched. With an
// Idempotency-Key, a retry of a send that went through answers 202 again without sending twice.
import { withUser } from '@/lib/api/handler';
import { send } from '@/lib/mail/compose';
import { sendOnce } from '@/lib/mail/compose-once';
import { idempotencyKeyOf } from '@/lib/mail/idempotency';
import { IDEMPOTENT_REPLAYED_HEADER } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const POST = withUser(async (request, user, { params }: { params: Promise<{ id: string }> }) => {
  const key = idempotencyKeyOf(request);
  const draftId = (await params).id;
  if (!key) {
    await send(user.id, draftId);
    return new Response(null, { status: 202 });
  }
  const { replayed } = await sendOnce(user.id, draftId, key);
  return new Response(null, {
    status: 202,
    headers: replayed ? { [IDEMPOTENT_REPLAYED_HEADER]: 'true' } : {},
  });
});
