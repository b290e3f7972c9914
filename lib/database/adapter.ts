import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseTarget } from './url';

/*
 * A PGlite data folder may be opened by one PGlite instance at a time, and Next.js can load a module more
 * than once per process, so open instances live on globalThis keyed by folder.
 */
const globalForPglite = globalThis as unknown as { tidingsPglite?: Map<string, PGlite> };

export function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' | 'pglite-memory' }>): PGlite {
  const key = target.kind === 'pglite' ? target.dataDir : ':memory:';
  globalForPglite.tidingsPglite ??= new Map();
  let db = globalForPglite.tidingsPglite.get(key);
  if (!db) {
    if (target.kind === 'pglite') mkdirSync(target.dataDir, { recursive: true });
    db = target.kind === 'pglite' ? new PGlite(target.dataDir) : new PGlite();
    globalForPglite.tidingsPglite.set(key, db);
  }
  return db;
}

/** Closes a PGlite opened by openPglite (tests and scripts; the app keeps its one open). */
export async function closePglite(db: PGlite): Promise<void> {
  for (const [key, open] of globalForPglite.tidingsPglite ?? []) {
    if (open === db) globalForPglite.tidingsPglite?.delete(key);
  }
  if (!db.closed) await db.close();
}

/** A Prisma driver-adapter factory for the target; also what the schema engine migrates through. */
export function createAdapterFactory(
  target: DatabaseTarget,
  pglite?: PGlite,
): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === 'postgres') return new PrismaPg({ connectionString: target.url });
  return new PrismaPGlite(pglite ?? openPglite(target));
}
