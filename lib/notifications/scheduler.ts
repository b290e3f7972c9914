import 'server-only';
import { parseDatabaseUrl } from '../database/url';
import { env } from '../env';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { runMaintenance } from './maintenance';
import { processQueue, releaseClaimsOfDeadProcesses } from './processor';
import { safetyNet } from './safety-net';

const SWEEP_MS = 10_000;

/**
 * On a long-running Node host, the in-process stand-in for the cron route: sweep the queue every 10 s
 * (rows left by a crash), maintenance every third of the safety net's bound (5 minutes; safety-net.ts), and
 * at start: rows a killed process had claimed are released, then one catch-up round runs so a server that
 * was down for hours reconciles every mailbox.
 */
export function startScheduler(): void {
  processSingleton('notificationScheduler', () => {
    const sweep = setInterval(
      () => void processQueue().catch((e: unknown) => logger.warn('sweep failed', { error: String(e) })),
      SWEEP_MS,
    );
    const maintain = setInterval(
      () =>
        void runMaintenance().catch((e: unknown) => logger.warn('maintenance failed', { error: String(e) })),
      safetyNet().everyMs,
    );
    sweep.unref();
    maintain.unref();
    const embedded = parseDatabaseUrl(env.DATABASE_URL).kind !== 'postgres';
    void (embedded ? releaseClaimsOfDeadProcesses() : Promise.resolve(0))
      .then(() => runMaintenance({ reconcileAll: true }))
      .then((result) => logger.info('start-up catch-up done', result))
      .catch((e: unknown) => logger.warn('start-up catch-up failed', { error: String(e) }));
    return { sweep, maintain };
  });
}
