import 'server-only';
import { createAdapterFactory } from './database/adapter';
import { parseDatabaseUrl } from './database/url';
import { env } from './env';
import { PrismaClient } from './generated/prisma/client';
import { processSingleton } from './process-singleton';

/*
 * One Prisma client per process. Token columns are omitted from every result unless a query asks for them by name, so a stray
 * `findMany` can never leak them into a response or a log.
 */
function createClient() {
  return new PrismaClient({
    adapter: createAdapterFactory(parseDatabaseUrl(env.DATABASE_URL)),
    omit: { account: { access_token: true, refresh_token: true, id_token: true } },
  });
}

export const db = processSingleton('db', createClient);
