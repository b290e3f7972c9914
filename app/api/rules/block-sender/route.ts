// POST /api/rules/block-sender { messageId } — a rule moving the sender's mail to Junk Email, and the message moved there.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { blockSender } from '@/lib/mail/rules';
import type { BlockSenderDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const body = z.strictObject({ messageId: z.string().min(1).max(500) });

export const POST = withUser(async (request, user) => {
  const { messageId } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<BlockSenderDto>(await blockSender(user.id, messageId));
});
