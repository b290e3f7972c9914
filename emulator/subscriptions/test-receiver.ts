import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A webhook endpoint for the subscription tests: a real HTTP server on loopback whose answers each test
 * scripts. By default it passes the validation handshake and accepts notifications with 202.
 */

export interface ReceivedRequest {
  path: string;
  rawUrl: string;
  /** The validationToken query value, decoded. */
  validationToken: string | null;
  contentType: string;
  body: string;
  at: number;
}

export interface Reply {
  status?: number;
  contentType?: string;
  body?: string;
  delayMs?: number;
}

export type Behaviour = (request: ReceivedRequest) => Reply | undefined;

export const passHandshake: Behaviour = (request) =>
  request.validationToken !== null
    ? { status: 200, contentType: 'text/plain; charset=utf-8', body: request.validationToken }
    : undefined;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  behave(behaviour: Behaviour): void;
  /** Parsed { value: [...] } items POSTed to a path (validation requests excluded). */
  items(path: string): Array<Record<string, unknown>>;
  posts(path: string): ReceivedRequest[];
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let behaviour: Behaviour = () => undefined;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://receiver');
    const request: ReceivedRequest = {
      path: url.pathname,
      rawUrl: req.url ?? '',
      validationToken: url.searchParams.get('validationToken'),
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    requests.push(request);
    const reply = behaviour(request) ?? passHandshake(request) ?? { status: 202 };
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (res.destroyed) return;
    res.statusCode = reply.status ?? 202;
    if (reply.contentType) res.setHeader('content-type', reply.contentType);
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const posts = (path: string) => requests.filter((r) => r.path === path && r.validationToken === null);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    posts,
    items: (path) =>
      posts(path).flatMap((r) => (JSON.parse(r.body) as { value: Array<Record<string, unknown>> }).value),
    waitFor: async (probe, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error('receiver: timed out waiting for the expected requests');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
