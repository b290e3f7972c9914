// DELETE /api/scheduled/:id — cancel a scheduled message: it goes back to Drafts, unsent.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { cancelScheduled } from '@/lib/mail/scheduled';

export const dynamic = 'force-dynamic';

export const DELETE = withUser(async (_request, user, { params }: { params: Promise<{ id: string }> }) =>
  NextResponse.json(await cancelScheduled(user.id, (await params).id)),
);
