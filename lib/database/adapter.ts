import { mkdirSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { processSingleton } from '../process-singleton';
import { postgresAdapterFactory } from './postgres-adapter';
import { remoteAdapterFactory } from './remote-adapter';
import type { DatabaseTarget } from './url';

/* A PGlite data folder may be opened by one PGlite instance at a time: one per folder per process. */
const openDatabases = processSingleton('pglite', () => new Map<string, PGlite>());

export function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' | 'pglite-memory' }>): PGlite {
  const key = target.kind === 'pglite' ? target.dataDir : ':memory:';
  let db = openDatabases.get(key);
  if (!db) {
    if (target.kind === 'pglite') mkdirSync(target.dataDir, { recursive: true });
    db = target.kind === 'pglite' ? new PGlite(target.dataDir) : new PGlite();
    openDatabases.set(key, db);
  }
  return db;
}

/** Closes a PGlite opened by openPglite (tests and scripts; the app keeps its one open). */
export async function closePglite(db: PGlite): Promise<void> {
  for (const [key, open] of openDatabases) {
    if (open === db) openDatabases.delete(key);
  }
  if (!db.closed) await db.close();
}

/*
 * Where a server runs, its embedded database lives on a thread of its own (pglite-host.ts) and this
 * process (or worker thread) reaches it through a port, registered here before the first query.
 */
const remote = processSingleton('pgliteRemote', () => ({
  factory: null as SqlMigrationAwareDriverAdapterFactory | null,
}));

export function attachPgliteThread(port: MessagePort): void {
  remote.factory = remoteAdapterFactory(port);
}

/** The most PostgreSQL connections this thread's client opens (pg's default, 10, unless set). */
const pool = processSingleton('postgresPool', () => ({ max: undefined as number | undefined }));

export function setPostgresPoolSize(max: number): void {
  pool.max = max;
}

/**
 * A Prisma driver-adapter factory for the target; also what the schema engine migrates through. The
 * embedded database is opened on first connect, not here, so that importing the Prisma client (as
 * `next build` does when it collects page data) never opens or creates a data folder.
 */
export function createAdapterFactory(
  target: DatabaseTarget,
  pglite?: PGlite,
): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === 'postgres')
    return postgresAdapterFactory({ connectionString: target.url, max: pool.max });
  if (pglite) return new PrismaPGlite(pglite);
  const open = () =>
    remote.factory && target.kind === 'pglite' ? remote.factory : new PrismaPGlite(openPglite(target));
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: () => open().connect(),
    connectToShadowDb: () => open().connectToShadowDb(),
  };
}
