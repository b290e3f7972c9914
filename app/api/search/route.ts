// GET /api/search?q=&source=cache|graph — instant results from the cache, or Graph's full-text search.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { search } from '@/lib/mail/messages';
import type { SearchResultDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type SearchResponse = SearchResultDto;

const query = z.object({
  q: z.string().trim().min(1).max(200),
  source: z.enum(['cache', 'graph']).default('cache'),
});

export const GET = withUser(async (request, user) => {
  const { q, source } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json<SearchResponse>(await search(user.id, q, source));
});
