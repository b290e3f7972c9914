// GET /api/sync — where the mailbox sync stands; POST — start a sync round (the first fills the cache).
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { getSyncStatus, startSync } from '@/lib/mail/sync';
import type { SyncStatusDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type SyncResponse = SyncStatusDto;

export const GET = withUser(async (_request, user) =>
  NextResponse.json<SyncResponse>(await getSyncStatus(user.id)),
);
export const POST = withUser(async (_request, user) =>
  NextResponse.json<SyncResponse>(await startSync(user.id)),
);
