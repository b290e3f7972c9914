// POST /api/messages/:id/move { destination } — move to a folder (id or well-known name, e.g. archive).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { moveToFolder } from '@/lib/mail/messages';
import type { MessageSummaryDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type MoveResponse = MessageSummaryDto;

const body = z.object({ destination: z.string().min(1) });

export const POST = withUser(async (request, user, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { destination } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<MoveResponse>(await moveToFolder(user.id, id, destination));
});
