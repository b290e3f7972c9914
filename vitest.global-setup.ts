import { applyMigrations } from './lib/database/migrations';
import { createPostgresTestDatabase } from './lib/database/testing';
import { parseDatabaseUrl } from './lib/database/url';
import { buildWorkers } from './scripts/build-workers';

/**
 * Once per run. Builds the worker bundles (dist/workers). With a postgres:// DATABASE_URL (CI's second
 * pass) the tests get a throwaway database on that server, migrated before any test file starts and
 * dropped at the end: every run starts empty, and the database the URL names is never written to. Test
 * workers start after this and inherit the new URL.
 */
export default async function setup() {
  // The mail sanitizer runs on worker threads that load a bundle, not TypeScript: fresh from lib/ each run.
  await buildWorkers();
  const target = parseDatabaseUrl(process.env.DATABASE_URL || 'pglite:memory');
  if (target.kind !== 'postgres') return;
  const database = await createPostgresTestDatabase(target.url);
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.factory);
  return () => database.drop();
}
