import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

/*
 * Prisma's PostgreSQL adapter, with one difference: a migration script goes to the server whole, as
 * Prisma's own schema engine sends it, instead of cut at every ";". Cut there, a statement holding a
 * semicolon of its own (a trigger function's body, a comment) arrives in pieces and fails. A query without
 * parameters travels by PostgreSQL's simple protocol, which runs the statements one after another; errors
 * come back converted as from any other query. (The embedded database's adapter sends scripts whole too.)
 */

const wholeScripts = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
};

export function postgresAdapterFactory(
  poolOrConfig: pg.Pool | pg.PoolConfig,
): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPg(poolOrConfig);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => wholeScripts(await inner.connect()),
    connectToShadowDb: async () => wholeScripts(await inner.connectToShadowDb()),
  };
}
