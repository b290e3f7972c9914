// GET /api/health — liveness and dependency status for operators and uptime checks.
import { NextResponse } from 'next/server';
import { checkHealth, type HealthReport } from '@/lib/health';

export const dynamic = 'force-dynamic';

export type HealthResponse = HealthReport;

export async function GET() {
  const report = await checkHealth();
  return NextResponse.json<HealthResponse>(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
