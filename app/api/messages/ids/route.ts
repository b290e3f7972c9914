// POST /api/messages/ids { folder, upTo, except, view?, category? } — the ids "select all in this folder" covers.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { messageIdsInFolder } from '@/lib/mail/bulk';
import type { MessageIdsDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

const body = z
  .object({
    folder: z.string().min(1),
    upTo: z.iso.datetime({ offset: true }),
    except: z.array(z.string().min(1)).max(10_000).default([]),
    view: z.enum(['focused', 'other']).optional(),
    category: z.string().min(1).max(255).optional(),
  })
  .strict();

export const POST = withUser(async (request, user) => {
  const { folder, upTo, except, view, category } = body.parse(await request.json().catch(() => null));
  return NextResponse.json<MessageIdsDto>(
    await messageIdsInFolder(user.id, folder, new Date(upTo), except, { view, category }),
  );
});
