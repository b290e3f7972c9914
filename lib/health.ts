import 'server-only';
import { db } from './db';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { reachable: boolean; latencyMs: number | null };
}

/** What an operator or an uptime check needs to know; never secrets. */
export async function checkHealth(): Promise<HealthReport> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return {
      status: 'ok',
      database: { reachable: true, latencyMs: Math.round(performance.now() - started) },
    };
  } catch {
    return { status: 'degraded', database: { reachable: false, latencyMs: null } };
  }
}
