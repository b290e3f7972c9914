import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendFetchResponse, toFetchRequest } from './node-request';

/*
 * The app's two webhook routes on a plain Node server, for integration tests that need Graph (the
 * emulator) to reach us without running Next.js. Requests go to the same handler the route files export;
 * `onRequest` sees a copy of each first.
 */
export async function startWebhookServer(
  options: { onRequest?: (request: Request, kind: 'change' | 'lifecycle') => void } = {},
): Promise<{
  url: string;
  close: () => Promise<void>;
  server: Server;
}> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const kind =
      url.pathname === '/api/graph/notifications'
        ? 'change'
        : url.pathname === '/api/graph/lifecycle'
          ? 'lifecycle'
          : null;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404).end();
      return;
    }
    const { handleWebhook } = await import('../notifications/webhook');
    const request = await toFetchRequest(req, url);
    options.onRequest?.(request.clone(), kind);
    await sendFetchResponse(res, await handleWebhook(request, kind));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
