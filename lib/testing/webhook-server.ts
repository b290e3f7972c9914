import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * The app's two webhook routes on a plain Node server, for integration tests that need Graph (the
 * emulator) to reach us without running Next.js. Requests go to the same handler the route files export.
 */
export async function startWebhookServer(): Promise<{
  url: string;
  close: () => Promise<void>;
  server: Server;
}> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = `http://127.0.0.1${req.url ?? '/'}`;
    const path = new URL(url).pathname;
    const kind =
      path === '/api/graph/notifications' ? 'change' : path === '/api/graph/lifecycle' ? 'lifecycle' : null;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404).end();
      return;
    }
    const { handleWebhook } = await import('../notifications/webhook');
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    const response = await handleWebhook(
      new Request(url, { method: 'POST', headers, body: Buffer.concat(chunks) }),
      kind,
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
