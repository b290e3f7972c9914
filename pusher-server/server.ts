/*
 * A local Pusher Channels server for development and tests: the WebSocket protocol at /app/:key and the
 * signed HTTP API at /apps/:id, enough for the official `pusher` and `pusher-js` libraries to work
 * unchanged. Everything lives in memory. See pusher-server/README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { Hub } from './hub';
import { handleRest } from './rest';
import type { PusherApp } from './signatures';

export type { PusherApp } from './signatures';

export interface PusherServerOptions {
  host?: string;
  port?: number;
  apps: PusherApp[];
  /** Seconds of silence after which a client should ping; Pusher's default is 120. */
  activityTimeoutSeconds?: number;
  /** How long a pinged socket may stay silent before it is closed; Pusher waits 30 seconds. */
  pongTimeoutMs?: number;
  /** How often idle sockets are checked; short in tests that exercise the timeout. */
  sweepIntervalMs?: number;
}

export interface RunningPusherServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Far above any valid request (100 channels and 10 KB of data), so only abuse is cut off. */
const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: ServerResponse, status: number, body: unknown) {
  if (typeof body === 'string') {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
  } else {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

export async function startPusherServer(options: PusherServerOptions): Promise<RunningPusherServer> {
  const {
    host = '127.0.0.1',
    port = 6001,
    apps,
    activityTimeoutSeconds = 120,
    pongTimeoutMs = 30_000,
    sweepIntervalMs = 5_000,
  } = options;
  if (apps.length === 0) throw new Error('startPusherServer needs at least one app');
  const hubsById = new Map(apps.map((app) => [app.id, new Hub(app, activityTimeoutSeconds, pongTimeoutMs)]));
  const hubsByKey = new Map([...hubsById.values()].map((hub) => [hub.app.key, hub]));

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) reply(response, 413, 'Request body is too large');
      else reply(response, 500, 'Internal error');
    });
  });

  // A test double's switch, not a Pusher API: simulate an outage (sockets dropped, new ones and REST refused).
  let outage = false;

  async function handleHttp(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      reply(response, outage ? 503 : 200, { ok: !outage });
      return;
    }
    if (url.pathname === '/_control/outage' && request.method === 'POST') {
      outage = (JSON.parse((await readBody(request)) || '{}') as { down?: unknown }).down === true;
      if (outage) for (const client of wss.clients) client.terminate();
      reply(response, 200, { outage });
      return;
    }
    if (outage) {
      reply(response, 503, 'Service unavailable');
      return;
    }
    const match = /^\/apps\/([^/]+)(\/.*)$/.exec(url.pathname);
    const appId = match?.[1];
    const subPath = match?.[2];
    if (appId === undefined || subPath === undefined) {
      reply(response, 404, 'Not found');
      return;
    }
    const hub = hubsById.get(decodeURIComponent(appId));
    if (hub === undefined) {
      reply(response, 404, `Unknown app ${appId}`);
      return;
    }
    const body = await readBody(request);
    const method = request.method ?? 'GET';
    const result = handleRest(hub, { method, path: url.pathname, query: url.searchParams, body }, subPath);
    reply(response, result.status, result.body);
  }

  // noServer, so that one port serves both the HTTP API and WebSockets, as Pusher's hosts do.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (request, socket, head) => {
    if (outage) {
      socket.destroy();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    if (match?.[1] === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const key = decodeURIComponent(match[1]);
    const protocol = url.searchParams.get('protocol');
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Pusher accepts the upgrade and then explains the refusal in a pusher:error before closing.
      const refuse = (code: number, message: string) => {
        ws.send(JSON.stringify({ event: 'pusher:error', data: JSON.stringify({ code, message }) }));
        ws.close(code, message);
      };
      const hub = hubsByKey.get(key);
      if (hub === undefined) refuse(4001, `App key ${key} does not exist`);
      else if (protocol !== null && !['5', '6', '7'].includes(protocol)) {
        refuse(4007, `Unsupported protocol version ${protocol}`);
      } else hub.connect(ws);
    });
  });

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const hub of hubsById.values()) hub.sweep(now);
  }, sweepIntervalMs);
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: async () => {
      clearInterval(sweeper);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
