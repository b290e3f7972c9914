// POST /api/pusher/auth — may this signed-in person subscribe to this channel? Only to their own.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { appOrigin, errorResponse } from '@/lib/api/handler';
import { crossOriginRefusal, mediaTypeRefusal } from '@/lib/api/same-origin';
import { currentUser } from '@/lib/auth/session';
import { authorizeUserChannel } from '@/lib/realtime/publish';

export const dynamic = 'force-dynamic';

const body = z.object({ socket_id: z.string().regex(/^\d+\.\d+$/), channel_name: z.string().min(1) });

const forbidden = (message: string) =>
  NextResponse.json({ error: { code: 'forbidden', message } }, { status: 403 });

export async function POST(request: Request) {
  // pusher-js posts a form, so this route reads urlencoded; it still answers our own pages only.
  const refusal = crossOriginRefusal(request, appOrigin(request)) ?? mediaTypeRefusal(request, 'form');
  if (refusal) return errorResponse(refusal);
  const user = await currentUser();
  if (!user) return forbidden('Sign in to receive live updates.');
  const parsed = body.safeParse(Object.fromEntries(new URLSearchParams(await request.text())));
  if (!parsed.success)
    return NextResponse.json(
      { error: { code: 'invalid_request', message: 'socket_id and channel_name are required.' } },
      { status: 400 },
    );
  const auth = authorizeUserChannel(user.id, parsed.data.socket_id, parsed.data.channel_name);
  return auth ? NextResponse.json(auth) : forbidden('You may only subscribe to your own channel.');
}
