// GET /api/drafts/:id — resume a draft; PATCH — save it; DELETE — discard it.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { discardDraft, loadDraft, saveDraft } from '@/lib/mail/compose';
import { draftInputSchema } from '@/lib/mail/compose-input';
import type { DraftDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };
export type DraftResponse = DraftDto;

export const GET = withUser(async (_request, user, { params }: Context) =>
  NextResponse.json<DraftResponse>(await loadDraft(user.id, (await params).id)),
);

export const PATCH = withUser(async (request, user, { params }: Context) => {
  const input = draftInputSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<DraftResponse>(await saveDraft(user.id, (await params).id, input));
});

export const DELETE = withUser(async (_request, user, { params }: Context) => {
  await discardDraft(user.id, (await params).id);
  return new Response(null, { status: 204 });
});
