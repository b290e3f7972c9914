/*
 * `tsx pusher-server/main.ts`: the local Pusher Channels server. Settings come from PUSHER_SERVER_PORT and
 * the app's own PUSHER_APP_ID / PUSHER_KEY / PUSHER_SECRET, so the app and the server agree without extra
 * setup. It binds to loopback and refuses to run with NODE_ENV=production.
 */
import { z } from 'zod';
import { startPusherServer } from './server';

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PUSHER_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(6001),
  PUSHER_APP_ID: z.string().min(1).default('tidings'),
  PUSHER_KEY: z.string().min(1).default('tidings-key'),
  PUSHER_SECRET: z.string().min(1).default('tidings-secret'),
});

async function main() {
  // Empty strings count as unset, as in lib/env.ts.
  const cleaned = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    console.error(
      'The local Pusher server is a development tool; it refuses to run with NODE_ENV=production.',
    );
    process.exit(1);
  }
  const server = await startPusherServer({
    host: '127.0.0.1',
    port: env.PUSHER_SERVER_PORT,
    apps: [{ id: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET }],
  });
  console.log(
    [
      `Local Pusher Channels server on ${server.url}`,
      `  WebSocket: ws://127.0.0.1:${server.port}/app/${env.PUSHER_KEY}`,
      `  HTTP API:  ${server.url}/apps/${env.PUSHER_APP_ID}`,
    ].join('\n'),
  );
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`The local Pusher server could not start: ${error.message}`);
  process.exit(1);
});
