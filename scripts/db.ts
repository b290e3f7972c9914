/*
 * Database commands that work without Prisma's native schema engine (see README, "Database"):
 *   npm run db:migrate -- --name <name>   author a migration from schema changes
 *   npm run db:deploy                     apply pending migrations to DATABASE_URL
 *   npm run db:status                     compare the database with prisma/migrations
 *   npm run db:reset [-- --force]         drop everything and apply every migration again
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { closePglite, createAdapterFactory, openPglite } from '../lib/database/adapter';
import { createMigration } from '../lib/database/author-migration';
import { applyMigrations, migrationStatus, resetDatabase } from '../lib/database/migrations';
import { type DatabaseTarget, describeDatabaseTarget, parseDatabaseUrl } from '../lib/database/url';

async function withTarget<T>(
  work: (factory: ReturnType<typeof createAdapterFactory>, target: DatabaseTarget) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const pglite = target.kind === 'postgres' ? undefined : openPglite(target);
  try {
    return await work(createAdapterFactory(target, pglite), target);
  } finally {
    if (pglite) await closePglite(pglite);
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, force: { type: 'boolean', default: false } },
  });

  switch (command) {
    case 'migrate': {
      if (!values.name) {
        console.error('Name the migration: npm run db:migrate -- --name add_folders');
        return 2;
      }
      const created = await createMigration(values.name);
      if (!created) {
        console.log('The schema matches the committed migrations: no migration written.');
        return 0;
      }
      console.log(
        `Wrote ${created.file}\nApply it with: npm run db:deploy (the app applies it itself on start).`,
      );
      return 0;
    }
    case 'deploy':
      return withTarget(async (factory, target) => {
        const applied = await applyMigrations(factory);
        console.log(
          applied.length
            ? `Applied ${applied.length} migration(s) to ${describeDatabaseTarget(target)}:\n  ${applied.join('\n  ')}`
            : `${describeDatabaseTarget(target)} is up to date: nothing to apply.`,
        );
        return 0;
      });
    case 'status':
      return withTarget(async (factory, target) => {
        const status = await migrationStatus(factory);
        console.log(
          `${status.migrations.length} migration(s) in prisma/migrations; ${describeDatabaseTarget(target)}:`,
        );
        if (status.upToDate) {
          console.log('  up to date.');
          return 0;
        }
        if (status.history) console.log(`  ${JSON.stringify(status.history)}`);
        if (status.failedMigrationNames.length)
          console.log(`  failed: ${status.failedMigrationNames.join(', ')}`);
        console.log('  Run npm run db:deploy to apply pending migrations.');
        return 1;
      });
    case 'reset':
      return withTarget(async (factory, target) => {
        const where = describeDatabaseTarget(target);
        if (!values.force && !(await confirm(`Drop every table in ${where} and start again?`))) {
          console.error(`Not reset. To reset ${where} without a prompt: npm run db:reset -- --force`);
          return 1;
        }
        const applied = await resetDatabase(factory);
        console.log(`Reset ${where}; applied ${applied.length} migration(s).`);
        return 0;
      });
    default:
      console.error('Usage: tsx scripts/db.ts migrate --name <name> | deploy | status | reset [--force]');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
