// GET /api/automatic-replies — the mailbox's automatic replies (out of office); PATCH — change them.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { getAutomaticReplies, setAutomaticReplies } from '@/lib/mail/automatic-replies';
import { automaticRepliesInputSchema } from '@/lib/mail/automatic-replies-input';
import type { AutomaticRepliesDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (_request, user) =>
  NextResponse.json<AutomaticRepliesDto>(await getAutomaticReplies(user.id)),
);

export const PATCH = withUser(async (request, user) => {
  const input = automaticRepliesInputSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<AutomaticRepliesDto>(await setAutomaticReplies(user.id, input));
});
