// POST /api/drafts — start a new draft in Drafts.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { startDraft } from '@/lib/mail/compose';
import { draftInputSchema } from '@/lib/mail/compose-input';
import type { DraftDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type DraftResponse = DraftDto;

export const POST = withUser(async (request, user) => {
  const input = draftInputSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<DraftResponse>(await startDraft(user.id, input), { status: 201 });
});
