// GET /api/folders — the person's mail folders with counts, from the cache.
// POST /api/folders { displayName, parentId? } — create a folder, at the top or under a parent.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { folderName } from '@/lib/mail/folder-name';
import { createFolder } from '@/lib/mail/folders';
import { getFolders } from '@/lib/mail/messages';
import type { FolderDto, FolderListDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type FoldersResponse = FolderListDto;

export const GET = withUser(async (_request, user) =>
  NextResponse.json<FoldersResponse>({ folders: await getFolders(user.id) }),
);

const createBody = z.object({ displayName: folderName, parentId: z.string().min(1).optional() });

export const POST = withUser(async (request, user) => {
  const input = createBody.parse(await request.json().catch(() => null));
  return NextResponse.json<FolderDto>(await createFolder(user.id, input), { status: 201 });
});
