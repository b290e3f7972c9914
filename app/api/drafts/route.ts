// POST /api/drafts — start a new draft in Drafts; with an Idempotency-Key, once per key (a retry gets it again).
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { startDraft } from '@/lib/mail/compose';
import { draftInputSchema } from '@/lib/mail/compose-input';
import { startDraftOnce } from '@/lib/mail/compose-once';
import { idempotencyKeyOf } from '@/lib/mail/idempotency';
import { type DraftDto, IDEMPOTENT_REPLAYED_HEADER } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type DraftResponse = DraftDto;

export const POST = withUser(async (request, user) => {
  const key = idempotencyKeyOf(request);
  const input = draftInputSchema.parse(await request.json().catch(() => null));
  if (!key) return NextResponse.json<DraftResponse>(await startDraft(user.id, input), { status: 201 });
  const { result, replayed } = await startDraftOnce(user.id, input, key);
  return NextResponse.json<DraftResponse>(result, {
    status: replayed ? 200 : 201,
    headers: replayed ? { [IDEMPOTENT_REPLAYED_HEADER]: 'true' } : undefined,
  });
});
