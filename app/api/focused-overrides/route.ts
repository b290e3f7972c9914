// POST /api/focused-overrides { address, name?, classifyAs } — always put a sender's mail in Focused or Other.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { alwaysClassifySender } from '@/lib/mail/focused';
import type { FocusedOverrideDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const body = z.object({
  address: z.email(),
  name: z.string().max(255).optional(),
  classifyAs: z.enum(['focused', 'other']),
});

export const POST = withUser(async (request, user) => {
  const input = body.parse(await request.json().catch(() => null));
  return NextResponse.json<FocusedOverrideDto>(await alwaysClassifySender(user.id, input));
});
