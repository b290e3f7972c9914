// GET /api/search?q=&source=cache|graph&cursor= — a page of results: the cache's, or Microsoft 365's merged with it.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { search } from '@/lib/mail/search';
import type { SearchResultDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type SearchResponse = SearchResultDto;

const query = z.object({
  q: z.string().trim().min(1).max(200),
  source: z.enum(['cache', 'graph']).default('cache'),
  cursor: z.string().min(1).max(8_000).optional(),
});

export const GET = withUser(async (request, user) => {
  const { q, source, cursor } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json<SearchResponse>(await search(user.id, q, source, cursor ?? null));
});
