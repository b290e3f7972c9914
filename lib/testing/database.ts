import { createAdapterFactory } from '../database/adapter';
import { applyMigrations } from '../database/migrations';
import { parseDatabaseUrl } from '../database/url';

/**
 * Brings the test database up to date: the process's in-memory PGlite (shared with lib/db), or the
 * PostgreSQL database CI names (applying migrations is idempotent, and they are applied once up front by
 * vitest's global setup, so parallel test files do not race here).
 */
export async function prepareTestDatabase(): Promise<void> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  if (target.kind === 'postgres') return;
  await applyMigrations(createAdapterFactory(target));
}
