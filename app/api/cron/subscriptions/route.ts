// GET /api/cron/subscriptions — renew subscriptions, drain the queue, reconcile stale mailboxes.
// Called by Vercel Cron (vercel.json) or any scheduler with `Authorization: Bearer $CRON_SECRET`.
import { NextResponse } from 'next/server';
import { isCronAuthorized, runMaintenance } from '@/lib/notifications/maintenance';

export const dynamic = 'force-dynamic';
export const maxDuration = 300;

export type CronResponse = Awaited<ReturnType<typeof runMaintenance>>;

export async function GET(request: Request) {
  if (!isCronAuthorized(request)) {
    return NextResponse.json(
      { error: { code: 'unauthorized', message: 'A valid CRON_SECRET bearer token is required.' } },
      { status: 401 },
    );
  }
  return NextResponse.json<CronResponse>(await runMaintenance());
}
