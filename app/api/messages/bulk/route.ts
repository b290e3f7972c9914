// POST /api/messages/bulk { changes: [{ id, folderId?, isRead?, flagStatus?, categories?, addCategories?, removeCategories? }] } — many at once.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { applyBulk } from '@/lib/mail/bulk';
import { BULK_LIMIT, type BulkResponseDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const change = z
  .object({
    id: z.string().min(1),
    folderId: z.string().min(1).optional(),
    isRead: z.boolean().optional(),
    flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
    categories: z.array(z.string().min(1).max(255)).max(25).optional(),
    addCategories: z.array(z.string().min(1).max(255)).max(25).optional(),
    removeCategories: z.array(z.string().min(1).max(255)).max(25).optional(),
  })
  .strict();
const body = z.object({ changes: z.array(change).min(1).max(BULK_LIMIT) }).strict();

export const POST = withUser(async (request, user) => {
  const { changes } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<BulkResponseDto>({ results: await applyBulk(user.id, changes) });
});
