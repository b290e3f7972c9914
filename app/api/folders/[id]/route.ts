// PATCH /api/folders/:id { displayName } — rename a folder.
// DELETE /api/folders/:id — delete a folder: into Deleted Items with its subfolders and mail, or for good there.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withUser } from '@/lib/api/handler';
import { folderName } from '@/lib/mail/folder-name';
import { deleteFolder, renameFolder } from '@/lib/mail/folders';
import type { DeleteFolderDto, FolderDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const renameBody = z.object({ displayName: folderName });

export const PATCH = withUser(async (request, user, { params }: Context) => {
  const { id } = await params;
  const { displayName } = renameBody.parse(await request.json().catch(() => null));
  return NextResponse.json<FolderDto>(await renameFolder(user.id, id, displayName));
});

export const DELETE = withUser(async (_request, user, { params }: Context) => {
  const { id } = await params;
  return NextResponse.json<DeleteFolderDto>(await deleteFolder(user.id, id));
});
