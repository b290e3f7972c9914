// GET /api/messages/:id/meeting — the meeting a message is about, or null; POST { response, comment? } — answer it.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { getMeeting, respondToMeeting } from '@/lib/mail/meeting';
import type { MeetingDto, MeetingLookupDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };
export type MeetingResponse = MeetingLookupDto;
export type MeetingAnswerResponse = MeetingDto;

const answerBody = z
  .object({
    response: z.enum(['accept', 'tentative', 'decline']),
    comment: z.string().max(2000).optional(),
  })
  .strict();

export const GET = withUser(async (_request, user, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json<MeetingResponse>({ meeting: await getMeeting(user.id, id) });
});

export const POST = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const { response, comment } = answerBody.parse(await request.json().catch(() => null));
  return NextResponse.json<MeetingAnswerResponse>(await respondToMeeting(user.id, id, response, comment));
});
