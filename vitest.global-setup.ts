import { createAdapterFactory } from './lib/database/adapter';
import { applyMigrations } from './lib/database/migrations';
import { parseDatabaseUrl } from './lib/database/url';

/** Once per run: a PostgreSQL test database (CI's second pass) gets the migrations before any test file. */
export default async function setup() {
  const target = parseDatabaseUrl(process.env.DATABASE_URL || 'pglite:memory');
  if (target.kind !== 'postgres') return;
  const factory = createAdapterFactory(target);
  await applyMigrations(factory);
}
