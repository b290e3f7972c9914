import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ONE_CLICK_BODY, type OneClickOptions, postOneClick, USER_AGENT } from './unsubscribe-post';

/*
 * The one-click POST against a real HTTP listener on loopback, reached as a public-looking host: the
 * resolver answers 203.0.113.7 for news.example.com, and the connection to that checked address is sent to
 * the listener (the test seam of unsubscribe-overrides.ts).
 */

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let port: number;
let seen: Seen[] = [];
/** What the listener does with the next request. */
let answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end('ok');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  answer = (res) => res.writeHead(200).end('ok');
});

const DNS: Record<string, string[]> = {
  'news.example.com': ['203.0.113.7'],
  'intranet.example.com': ['192.168.10.5'],
  'mixed.example.com': ['203.0.113.7', '10.0.0.5'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'nowhere.example.com': [],
};

const options = (extra: Partial<OneClickOptions> = {}): OneClickOptions => ({
  resolve: async (host) => DNS[host] ?? [],
  // Only the checked public address leads to the listener; nothing else is mapped.
  connectTo: (address) => (address === '203.0.113.7' ? { host: '127.0.0.1', port } : undefined),
  ...extra,
});

describe('one-click unsubscribe', () => {
  it('POSTs exactly once, with RFC 8058’s body and nothing that identifies the person', async () => {
    const outcome = await postOneClick(new URL('http://news.example.com/unsubscribe?u=abc%20123'), options());
    expect(outcome).toEqual({ ok: true, host: 'news.example.com', status: 200, redirected: false });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', url: '/unsubscribe?u=abc%20123', body: ONE_CLICK_BODY });
    expect(request?.headers).toMatchObject({
      host: 'news.example.com',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': USER_AGENT,
      'content-length': String(ONE_CLICK_BODY.length),
    });
    for (const name of ['cookie', 'authorization', 'referer', 'origin'])
      expect(request?.headers[name]).toBeUndefined();
  });

  it('refuses private, loopback and mapped addresses, named or literal, and the listener gets nothing', async () => {
    const refused = [
      `http://127.0.0.1:${port}/unsubscribe`,
      `http://[::1]:${port}/unsubscribe`,
      `http://[::ffff:127.0.0.1]:${port}/unsubscribe`,
      'http://10.0.0.5/unsubscribe',
      'http://169.254.169.254/latest/meta-data',
      'http://intranet.example.com/unsubscribe',
      'http://mapped.example.com/unsubscribe',
      // One public and one private address: whoever answers DNS could pick the private one.
      'http://mixed.example.com/unsubscribe',
    ];
    for (const url of refused) {
      const outcome = await postOneClick(new URL(url), options());
      expect(outcome.ok, url).toBe(false);
      if (!outcome.ok) {
        expect(outcome.reason, url).toBe('refused');
        expect(outcome.message, url).toMatch(/not to the public internet/);
      }
    }
    expect(
      (await postOneClick(new URL('http://intranet.example.com/u'), options())) as { message: string },
    ).toMatchObject({
      message: expect.stringContaining('a private address (192.168.10.5)'),
    });
    expect(seen).toHaveLength(0);
  });

  it('follows no redirect: a 3xx is the answer, and where it points is never asked', async () => {
    answer = (res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const outcome = await postOneClick(new URL('http://news.example.com/unsubscribe'), options());
    expect(outcome).toMatchObject({ ok: true, status: 302, redirected: true });
    expect(seen.map((s) => s.url)).toEqual(['/unsubscribe']);
  });

  it('gives up at its deadline when the server never answers', async () => {
    answer = () => {};
    const outcome = await postOneClick(new URL('http://news.example.com/slow'), options({ timeoutMs: 300 }));
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
    expect(seen).toHaveLength(1);
  });

  it('says the server refused on a 4xx or 5xx, and stops reading a large answer', async () => {
    answer = (res) => res.writeHead(500, 'Internal Server Error').end('no');
    expect(await postOneClick(new URL('http://news.example.com/u'), options())).toMatchObject({
      ok: false,
      reason: 'rejected',
      message: expect.stringContaining('HTTP 500'),
    });
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
    };
    expect(await postOneClick(new URL('http://news.example.com/u'), options())).toMatchObject({
      ok: true,
      status: 200,
    });
    expect(seen).toHaveLength(2);
  });

  it('reports a name that does not resolve, a server not listening, and links with credentials or other schemes', async () => {
    expect(await postOneClick(new URL('http://nowhere.example.com/u'), options())).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
    const closed = await postOneClick(new URL('http://news.example.com/u'), {
      ...options(),
      connectTo: () => ({ host: '127.0.0.1', port: 1 }),
    });
    expect(closed).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await postOneClick(new URL('http://user:pw@news.example.com/u'), options())).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await postOneClick(new URL('ftp://news.example.com/u'), options())).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(seen).toHaveLength(0);
  });
});
