// GET /api/scheduled — mail waiting in the Outbox for its send time; POST — send a saved draft later.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { listScheduled, scheduleSend } from '@/lib/mail/scheduled';
import type { ScheduledMessageDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const scheduleSchema = z
  .object({ draftId: z.string().min(1), sendAt: z.iso.datetime({ offset: true }) })
  .strict();

export const GET = withUser(async (_request, user) =>
  NextResponse.json<ScheduledMessageDto[]>(await listScheduled(user.id)),
);

export const POST = withUser(async (request, user) => {
  const { draftId, sendAt } = scheduleSchema.parse(await request.json().catch(() => null));
  return NextResponse.json(await scheduleSend(user.id, draftId, new Date(sendAt)), { status: 202 });
});
