// PATCH /api/rules/:id — rename, turn on or off, or change conditions and actions; DELETE — remove it.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { deleteRule, updateRule } from '@/lib/mail/rules';
import { rulePatchSchema } from '@/lib/mail/rules-input';
import type { RuleDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const PATCH = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const patch = rulePatchSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<RuleDto>(await updateRule(user.id, id, patch));
});

export const DELETE = withUser(async (_request, user, { params }: Context) => {
  const { id } = await params;
  await deleteRule(user.id, id);
  return new NextResponse(null, { status: 204 });
});
