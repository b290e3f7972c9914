// GET /api/people?q= — address suggestions from people already in the mail cache.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { suggestPeople } from '@/lib/mail/compose';
import type { PeopleDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type PeopleResponse = PeopleDto;

const query = z.object({ q: z.string().max(100).default('') });

export const GET = withUser(async (request, user) => {
  const { q } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json<PeopleResponse>({ people: await suggestPeople(user.id, q) });
});
