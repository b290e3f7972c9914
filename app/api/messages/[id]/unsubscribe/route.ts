// GET /api/messages/:id/unsubscribe — what its List-Unsubscribe offers; POST { method } — unsubscribe (one-click or mailto:).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import type { UnsubscribeOfferDto, UnsubscribeResultDto } from '@/lib/mail/types';
import { unsubscribe, unsubscribeOffer } from '@/lib/mail/unsubscribe';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const body = z.object({ method: z.enum(['one-click', 'mailto']) }).strict();

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json<UnsubscribeOfferDto>(await unsubscribeOffer(user.id, id));
});

export const POST = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const { method } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<UnsubscribeResultDto>(await unsubscribe(user.id, id, method));
});
