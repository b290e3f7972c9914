// GET /api/health — { status } for anyone (uptime checks); the full report with `Authorization: Bearer
// $CRON_SECRET` (operators): subscription expiry, queue depth and webhook timings are not the public's.
import { NextResponse } from 'next/server';
import { hasBearerSecret } from '@/lib/api/bearer-secret';
import { env } from '@/lib/env';
import { checkHealth, checkStatus, type HealthReport } from '@/lib/health';

export const dynamic = 'force-dynamic';

export type PublicHealthResponse = Pick<HealthReport, 'status'>;
export type HealthResponse = HealthReport;

export async function GET(request: Request) {
  const body: PublicHealthResponse | HealthResponse = hasBearerSecret(request, env.CRON_SECRET)
    ? await checkHealth()
    : { status: await checkStatus() };
  return NextResponse.json(body, {
    status: body.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
