// POST /api/messages/:id/respond { kind: reply|replyAll|forward } — a response draft made by Exchange.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { startResponse } from '@/lib/mail/compose';
import { respondSchema } from '@/lib/mail/compose-input';
import type { DraftDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type RespondResponse = DraftDto;

export const POST = withUser(async (request, user, { params }: { params: Promise<{ id: string }> }) => {
  const { kind } = respondSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<RespondResponse>(await startResponse(user.id, (await params).id, kind), {
    status: 201,
  });
});
