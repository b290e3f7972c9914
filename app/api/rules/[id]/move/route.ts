// POST /api/rules/:id/move { direction: up|down } — one place earlier or later in the order; answers the list.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { moveRule } from '@/lib/mail/rules';
import type { RuleListDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const body = z.strictObject({ direction: z.enum(['up', 'down']) });

export const POST = withUser(async (request, user, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { direction } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<RuleListDto>({ rules: await moveRule(user.id, id, direction) });
});
