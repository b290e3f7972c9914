// GET /api/rules — the Inbox rules in the order they run; POST — a new rule, run after the others.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { createRule, listRules } from '@/lib/mail/rules';
import { ruleInputSchema } from '@/lib/mail/rules-input';
import type { RuleDto, RuleListDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (_request, user) =>
  NextResponse.json<RuleListDto>({ rules: await listRules(user.id) }),
);

export const POST = withUser(async (request, user) => {
  const input = ruleInputSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<RuleDto>(await createRule(user.id, input), { status: 201 });
});
