import 'server-only';
import { createAdapterFactory } from './database/adapter';
import { parseDatabaseUrl } from './database/url';
import { env } from './env';
import { PrismaClient } from './generated/prisma/client';

/*
 * One Prisma client per process (Next.js may evaluate this module more than once, hence globalThis).
 * Token columns are omitted from every result unless a query asks for them by name, so a stray
 * `findMany` can never leak them into a response or a log.
 */
function createClient() {
  return new PrismaClient({
    adapter: createAdapterFactory(parseDatabaseUrl(env.DATABASE_URL)),
    omit: { account: { access_token: true, refresh_token: true, id_token: true } },
  });
}

const globalForDb = globalThis as unknown as { tidingsDb?: ReturnType<typeof createClient> };

globalForDb.tidingsDb ??= createClient();
export const db = globalForDb.tidingsDb;
