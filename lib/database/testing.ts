import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { postgresAdapterFactory } from './postgres-adapter';
import { parseDatabaseUrl } from './url';

/*
 * Fresh, empty databases for integration tests: an in-memory PGlite always, and a throwaway PostgreSQL
 * database when one is reachable (CI starts one; locally set TEST_POSTGRES_URL or a postgres DATABASE_URL).
 */

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** postgres:// URL of the database (PostgreSQL only). */
  url?: string;
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

export function testPostgresUrl(): string | undefined {
  const candidates = [process.env.TEST_POSTGRES_URL, process.env.DATABASE_URL];
  for (const raw of candidates) {
    if (!raw?.trim()) continue;
    const target = parseDatabaseUrl(raw);
    if (target.kind === 'postgres') return target.url;
  }
  return undefined;
}

export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const db = new PGlite();
  return {
    kind: 'pglite',
    factory: new PrismaPGlite(db),
    query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
    drop: () => db.close(),
  };
}

/** Creates a uniquely named database next to the one `adminUrl` names, and drops it afterwards. */
export async function createPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `tidings_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    kind: 'postgres',
    url: url.toString(),
    factory: postgresAdapterFactory(pool),
    query: async <T extends Record<string, unknown>>(sql: string) => (await pool.query<T>(sql)).rows,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
