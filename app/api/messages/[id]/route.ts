// GET /api/messages/:id[?showImages=1] — one message with its safe body; PATCH — read/flag/categories/Focused-Other; DELETE — to Deleted Items.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { getMessageDetail, moveToFolder, updateMessage } from '@/lib/mail/messages';
import type { MessageDetailDto, MessageSummaryDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };
export type MessageResponse = MessageDetailDto;
export type MessageChangeResponse = MessageSummaryDto;

const patchBody = z
  .object({
    isRead: z.boolean().optional(),
    flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
    categories: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
    inferenceClassification: z.enum(['focused', 'other']).optional(),
  })
  .strict()
  .refine(
    (p) => Object.values(p).some((value) => value !== undefined),
    'name isRead, flagStatus, categories or inferenceClassification',
  );

export const GET = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const showImages = new URL(request.url).searchParams.get('showImages') === '1';
  return NextResponse.json<MessageResponse>(await getMessageDetail(user.id, id, showImages));
});

export const PATCH = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const patch = patchBody.parse(await request.json().catch(() => null));
  return NextResponse.json<MessageChangeResponse>(await updateMessage(user.id, id, patch));
});

export const DELETE = withUser(async (_request, user, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json<MessageChangeResponse>(await moveToFolder(user.id, id, 'deleteditems'));
});
