import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { HistoryDiagnostic, MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schema-engine';

/** Where the schema and its migrations live; tests point these at copies. */
export interface MigrationPaths {
  schemaPath: string;
  migrationsDir: string;
}

export const defaultMigrationPaths = (cwd: string = process.cwd()): MigrationPaths => ({
  schemaPath: path.join(cwd, 'prisma', 'schema.prisma'),
  migrationsDir: path.join(cwd, 'prisma', 'migrations'),
});

export const LOCKFILE = 'migration_lock.toml';
export const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Reads the committed migrations the way Prisma's CLI hands them to the schema engine. */
export async function loadMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(/* turbopackIgnore: true */ migrationsDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => {
      const file = path.join(migrationsDir, dir, 'migration.sql');
      const content = await readFile(/* turbopackIgnore: true */ file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      );
      return { path: dir, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockContent = await readFile(
    /* turbopackIgnore: true */ path.join(migrationsDir, LOCKFILE),
    'utf8',
  ).catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: '',
  };
}

export async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths,
  work: (engine: Awaited<ReturnType<typeof openSchemaEngine>>) => Promise<T>,
): Promise<T> {
  const content = await readFile(/* turbopackIgnore: true */ paths.schemaPath, 'utf8');
  const engine = await openSchemaEngine(factory, { path: path.basename(paths.schemaPath), content });
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

/** Applies pending migrations; returns the names applied (empty when already up to date). */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string[]> {
  const migrationsList = await loadMigrations(paths.migrationsDir);
  return withEngine(factory, paths, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return appliedMigrationNames;
  });
}

export interface MigrationStatus {
  migrations: string[];
  upToDate: boolean;
  history: HistoryDiagnostic | null;
  failedMigrationNames: string[];
  editedMigrationNames: string[];
}

export async function migrationStatus(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<MigrationStatus> {
  const migrationsList = await loadMigrations(paths.migrationsDir);
  return withEngine(factory, paths, async (engine) => {
    const result = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    });
    return {
      migrations: migrationsList.migrationDirectories.map((d) => d.path),
      upToDate: result.history === null && result.failedMigrationNames.length === 0,
      history: result.history,
      failedMigrationNames: result.failedMigrationNames,
      editedMigrationNames: result.editedMigrationNames,
    };
  });
}

/** Drops everything in the database, then applies every migration again. */
export async function resetDatabase(
  factory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string[]> {
  await withEngine(factory, paths, (engine) => engine.reset({ filter: NO_FILTER }));
  return applyMigrations(factory, paths);
}
