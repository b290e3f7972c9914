import 'server-only';
import { env } from '../env';
import { logger } from '../logger';
import { createAdapterFactory } from './adapter';
import { applyMigrations } from './migrations';
import { describeDatabaseTarget, parseDatabaseUrl } from './url';

/**
 * Brings the embedded database up to date before the app serves anything, so a first run needs no manual
 * step. PostgreSQL deployments apply migrations as a release step instead (`npm run db:deploy`), since
 * several instances may start at once.
 */
export async function prepareDatabase(): Promise<void> {
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const where = describeDatabaseTarget(target);
  if (target.kind === 'postgres') {
    logger.info('database', { target: where });
    return;
  }
  const applied = await applyMigrations(createAdapterFactory(target));
  logger.info('database ready', { target: where, appliedMigrations: applied });
}
