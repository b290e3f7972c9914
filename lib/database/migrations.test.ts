import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigration } from './author-migration';
import {
  applyMigrations,
  defaultMigrationPaths,
  loadMigrations,
  migrationStatus,
  resetDatabase,
} from './migrations';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
  testPostgresUrl,
} from './testing';

const committed = defaultMigrationPaths();
const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.drop()));
});

async function pglite() {
  const db = await createPgliteTestDatabase();
  open.push(db);
  return db;
}

/** Tables, columns, types, nullability, defaults and indexes: what the app can observe of a schema. */
async function describeSchema(db: TestDatabase) {
  const columns = await db.query<Record<string, string>>(`
    SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS column_default
    FROM information_schema.columns WHERE table_schema = 'public'
    ORDER BY table_name, column_name`);
  const indexes = await db.query<Record<string, string>>(`
    SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
    ORDER BY tablename, indexname`);
  return { columns, indexes };
}

describe('migrations on the embedded database', () => {
  it('applies the committed migrations to an empty database, then is a no-op', async () => {
    const db = await pglite();
    const names = (await loadMigrations(committed.migrationsDir)).migrationDirectories.map((d) => d.path);
    expect(names.length).toBeGreaterThan(0);

    expect(await migrationStatus(db.factory)).toMatchObject({
      upToDate: false,
      history: { diagnostic: 'databaseIsBehind', unappliedMigrationNames: names },
    });
    expect(await applyMigrations(db.factory)).toEqual(names);
    const tables = (await describeSchema(db)).columns.map((c) => c.table_name);
    expect(new Set(tables)).toEqual(
      new Set([
        '_prisma_migrations',
        'User',
        'Account',
        'Session',
        'VerificationToken',
        'MailFolder',
        'MailMessage',
        'MailSyncState',
        'TrustedSender',
        'DraftPart',
        'RenderedBody',
        'GraphSubscription',
        'NotificationQueue',
        'IdempotentRequest',
        'Signature',
        'EncryptionCertificate',
      ]),
    );
    const history = await db.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((row) => row.migration_name)).toEqual(names);

    const before = await describeSchema(db);
    expect(await applyMigrations(db.factory)).toEqual([]);
    expect(await applyMigrations(db.factory)).toEqual([]);
    expect(await describeSchema(db)).toEqual(before);
    expect(await db.query('SELECT migration_name FROM _prisma_migrations')).toHaveLength(names.length);
    expect(await migrationStatus(db.factory)).toMatchObject({ upToDate: true, history: null });
  });

  it('reset drops data and reapplies every migration', async () => {
    const db = await pglite();
    await applyMigrations(db.factory);
    await db.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('u1', 'a@b.test', now())`);
    await resetDatabase(db.factory);
    expect(await db.query('SELECT * FROM "User"')).toEqual([]);
    expect(await migrationStatus(db.factory)).toMatchObject({ upToDate: true });
  });
});

describe('authoring a migration', () => {
  let workdir: string;
  afterEach(async () => {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('writes a migration holding only the schema change, and nothing when there is none', async () => {
    workdir = await mkdtemp(path.join(tmpdir(), 'tidings-migrate-'));
    const paths = {
      schemaPath: path.join(workdir, 'schema.prisma'),
      migrationsDir: path.join(workdir, 'migrations'),
    };
    await cp(committed.migrationsDir, paths.migrationsDir, { recursive: true });
    const schema = await readFile(committed.schemaPath, 'utf8');
    await writeFile(paths.schemaPath, schema);

    expect(await createMigration('nothing', paths)).toBeNull();

    await writeFile(
      paths.schemaPath,
      `${schema}\nmodel Label {\n  id   String @id\n  name String @unique\n}\n`,
    );
    const created = await createMigration('Add labels!', paths, new Date('2030-01-02T03:04:05Z'));
    expect(created?.name).toBe('20300102030405_add_labels');
    const sql = created?.sql ?? '';
    expect(sql).toContain('CREATE TABLE "Label"');
    expect(sql).toContain('CREATE UNIQUE INDEX "Label_name_key"');
    // Only the change: no statement touches the existing tables.
    expect(sql).not.toMatch(
      /"(User|Account|Session|VerificationToken|MailFolder|MailMessage|MailSyncState|TrustedSender|GraphSubscription|NotificationQueue)"/,
    );
    const statements = sql.split(';').filter((s) => s.replace(/--.*$/gm, '').trim());
    expect(statements).toHaveLength(2);

    const dirs = await readdir(paths.migrationsDir);
    expect(dirs).toContain('20300102030405_add_labels');
    expect(await readFile(path.join(paths.migrationsDir, created?.name ?? '', 'migration.sql'), 'utf8')).toBe(
      sql,
    );

    // The new migration applies on top of the old ones, and the schema then matches it exactly.
    const db = await pglite();
    expect(await applyMigrations(db.factory, paths)).toContain('20300102030405_add_labels');
    expect(await createMigration('again', paths)).toBeNull();
    // The schema engine diffs every migration three times over: on a loaded 2-core machine that took longer
    // than the suite's minute.
  }, 240_000);

  it('refuses a name with no letters or digits', async () => {
    await expect(createMigration('!!!')).rejects.toThrow(/needs a name/);
  });
});

const postgresUrl = testPostgresUrl();

describe.skipIf(!postgresUrl)('migrations on PostgreSQL', () => {
  it('give the same tables, columns and indexes as on PGlite, and deploy twice is a no-op', async () => {
    const embedded = await pglite();
    const server = await createPostgresTestDatabase(postgresUrl ?? '');
    open.push(server);

    const appliedEmbedded = await applyMigrations(embedded.factory);
    const appliedServer = await applyMigrations(server.factory);
    expect(appliedServer).toEqual(appliedEmbedded);
    expect(await applyMigrations(server.factory)).toEqual([]);

    const serverSchema = await describeSchema(server);
    expect(serverSchema.columns.length).toBeGreaterThan(0);
    expect(serverSchema).toEqual(await describeSchema(embedded));
    expect(await migrationStatus(server.factory)).toMatchObject({ upToDate: true });
  });
});
