/*
 * The floor for webhook acknowledgements (npm run bench): a bare node:http server doing what any webhook
 * must do and nothing else: read the body, JSON.parse it, check each notification's clientState against a
 * subscription held in memory, store the good ones with one INSERT … ON CONFLICT DO NOTHING into the same
 * NotificationQueue table on the same kind of database (its own), and answer 202 once that committed.
 *   FLOOR_PORT, FLOOR_DATABASE_URL (pglite:<folder> or postgres://…), FLOOR_SUBSCRIPTION_ID, FLOOR_USER_ID,
 *   FLOOR_CLIENT_STATE_HASH (sha256 hex)
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const databaseUrl = env('FLOOR_DATABASE_URL');
const subscriptionId = env('FLOOR_SUBSCRIPTION_ID');
const userId = env('FLOOR_USER_ID');
const expected = Buffer.from(env('FLOOR_CLIENT_STATE_HASH'), 'hex');

type Query = (sql: string, params: (string | null)[]) => Promise<unknown>;
let query: Query;
let close: () => Promise<void>;
if (databaseUrl.startsWith('pglite:')) {
  const db = new PGlite(databaseUrl.slice('pglite:'.length));
  query = (sql, params) => db.query(sql, params);
  close = () => db.close();
} else {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  query = (sql, params) => pool.query(sql, params);
  close = () => pool.end();
}

interface Item {
  subscriptionId?: string;
  clientState?: string;
  changeType?: string;
  resourceData?: { id?: string; '@odata.etag'?: string };
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    let items: Item[];
    try {
      items = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: Item[] }).value;
      if (!Array.isArray(items)) throw new Error('no value');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const values: (string | null)[] = [];
    const tuples: string[] = [];
    for (const item of items) {
      const given = createHash('sha256')
        .update(item.clientState ?? '')
        .digest();
      if (item.subscriptionId !== subscriptionId || !timingSafeEqual(given, expected)) continue;
      const messageId = item.resourceData?.id ?? null;
      const key = createHash('sha256')
        .update(
          ['change', subscriptionId, item.changeType, messageId, item.resourceData?.['@odata.etag']].join(
            '|',
          ),
        )
        .digest('hex');
      const base = values.length;
      values.push(randomUUID(), key, 'change', userId, subscriptionId, item.changeType ?? null, messageId);
      tuples.push(`(${Array.from({ length: 7 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
    }
    try {
      if (tuples.length)
        await query(
          `INSERT INTO "NotificationQueue" (id, "idempotencyKey", kind, "userId", "subscriptionId", "changeType", "messageId") VALUES ${tuples.join(', ')} ON CONFLICT ("idempotencyKey") DO NOTHING`,
          values,
        );
      res.writeHead(202).end();
    } catch {
      res.writeHead(503).end();
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env('FLOOR_PORT')), '127.0.0.1', () => console.log('READY'));
process.on('SIGTERM', () => {
  server.close();
  void close().finally(() => process.exit(0));
});
