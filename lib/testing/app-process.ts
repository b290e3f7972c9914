/*
 * The notification side of the app as a separate process, for the crash test: it owns an embedded
 * database folder, answers Graph's webhooks on PORT, and on start does what the real server does
 * (migrations, then the scheduler: release dead claims, catch up). GET /debug/message/:id tells the test
 * whether a message reached the cache, since only this process can open the folder.
 *   SETUP=<json of user and tokens>  first start: store the signed-in user, sync, subscribe.
 *   THREADS=1  as the real server runs: the database on its own thread, processing and syncs on the
 *              background worker; with SETUP the first sync then runs there instead of before READY.
 *              GET /debug/sync says whether it still runs and how many messages are cached.
 * Run with: node --conditions=react-server --import tsx lib/testing/app-process.ts
 */
import { createServer } from 'node:http';
import { sendFetchResponse, toFetchRequest } from './node-request';

async function main() {
  const port = Number(process.env.PORT);
  const { prepareDatabase } = await import('../database/prepare');
  const threads = process.env.THREADS === '1';
  await prepareDatabase({ thread: threads });
  const { db } = await import('../db');

  if (process.env.SETUP) {
    const setup = JSON.parse(process.env.SETUP) as {
      name: string;
      email: string;
      providerAccountId: string;
      tokens: {
        access_token: string;
        refresh_token: string;
        id_token: string;
        expires_in: number;
        scope: string;
      };
    };
    const { encryptedPrismaAdapter } = await import('../auth/adapter');
    const user = await db.user.create({ data: { name: setup.name, email: setup.email } });
    await encryptedPrismaAdapter().linkAccount?.({
      userId: user.id,
      type: 'oauth',
      provider: 'azure-ad',
      providerAccountId: setup.providerAccountId,
      ...setup.tokens,
      expires_at: Math.floor(Date.now() / 1000) + setup.tokens.expires_in,
      token_type: 'Bearer',
    });
    if (!threads) {
      const { syncMailbox } = await import('../mail/sync');
      await syncMailbox(user.id);
    }
  }

  const { handleWebhook } = await import('../notifications/webhook');
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/debug/sync') {
      const { isSyncing } = await import('../mail/sync');
      const user = await db.user.findFirst();
      const cached = await db.mailMessage.count();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ syncing: user ? isSyncing(user.id) : false, cached }));
      return;
    }
    const debug = /^\/debug\/message\/(.+)$/.exec(url.pathname);
    if (debug?.[1]) {
      const id = decodeURIComponent(debug[1]);
      const message = await db.mailMessage.findFirst({ where: { graphId: id } });
      const queue = await db.notificationQueue.findMany({
        where: { messageId: id },
        select: { status: true },
      });
      res
        .writeHead(message ? 200 : 404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ queue }));
      return;
    }
    const kind =
      url.pathname === '/api/graph/notifications'
        ? 'change'
        : url.pathname === '/api/graph/lifecycle'
          ? 'lifecycle'
          : null;
    if (!kind) {
      res.writeHead(404).end();
      return;
    }
    await sendFetchResponse(res, await handleWebhook(await toFetchRequest(req, url), kind));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  if (threads) {
    const { requestBackgroundSync, startBackgroundWorker } = await import('../background');
    startBackgroundWorker();
    if (process.env.SETUP) {
      const { createUserSubscription } = await import('../notifications/subscription-manager');
      const user = await db.user.findFirstOrThrow();
      await createUserSubscription(user.id);
      requestBackgroundSync(user.id);
    }
  } else if (process.env.SETUP) {
    const { createUserSubscription } = await import('../notifications/subscription-manager');
    const user = await db.user.findFirstOrThrow();
    await createUserSubscription(user.id);
  } else {
    const { startScheduler } = await import('../notifications/scheduler');
    startScheduler();
  }
  process.stdout.write('READY\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`app-process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
