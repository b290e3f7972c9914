// GET /api/messages?folder=<id|wellKnownName>&view=focused|other&category=&cursor=&limit= — a page of a folder, newest first.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { getMessagePage } from '@/lib/mail/messages';
import type { MessagePageDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type MessagesResponse = MessagePageDto;

const query = z.object({
  folder: z.string().min(1).default('inbox'),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  view: z.enum(['focused', 'other']).optional(),
  category: z.string().min(1).max(255).optional(),
});

export const GET = withUser(async (request, user) => {
  const { folder, cursor, limit, view, category } = query.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  return NextResponse.json<MessagesResponse>(
    await getMessagePage(user.id, folder, cursor ?? null, limit, { view, category }),
  );
});
