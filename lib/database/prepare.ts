import 'server-only';
import { env } from '../env';
import { logger } from '../logger';
import { attachPgliteThread, closePglite, createAdapterFactory, openPglite } from './adapter';
import { applyMigrations } from './migrations';
import { connectPgliteHost, startPgliteHost } from './pglite-host';
import { describeDatabaseTarget, parseDatabaseUrl } from './url';

/**
 * Brings the embedded database up to date before the app serves anything, so a first run needs no manual
 * step. PostgreSQL deployments apply migrations as a release step instead (`npm run db:deploy`), since
 * several instances may start at once. With `thread`, a server then moves the embedded database to a thread
 * of its own (pglite-host.ts).
 */
export async function prepareDatabase(options: { thread?: boolean } = {}): Promise<void> {
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const where = describeDatabaseTarget(target);
  if (target.kind === 'postgres') {
    logger.info('database', { target: where });
    return;
  }
  const applied = await applyMigrations(createAdapterFactory(target));
  if (options.thread && target.kind === 'pglite') {
    // A server hands the data folder to the database thread, off the event loop that answers requests.
    await closePglite(openPglite(target));
    startPgliteHost(target.dataDir);
    attachPgliteThread(connectPgliteHost('foreground'));
  }
  logger.info('database ready', {
    target: where,
    appliedMigrations: applied,
    thread: Boolean(options.thread && target.kind === 'pglite'),
  });
}
