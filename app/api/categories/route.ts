// GET /api/categories — the mailbox's Outlook categories with their colours.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { listCategories } from '@/lib/mail/categories';
import type { CategoryListDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (_request, user) =>
  NextResponse.json<CategoryListDto>(await listCategories(user.id)),
);
