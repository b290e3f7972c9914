// GET /api/folders — the person's mail folders with counts, from the cache.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { getFolders } from '@/lib/mail/messages';
import type { FolderListDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type FoldersResponse = FolderListDto;

export const GET = withUser(async (_request, user) =>
  NextResponse.json<FoldersResponse>({ folders: await getFolders(user.id) }),
);
