import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { externalDeliveries } from '../../emulator/graph/compose-delivery';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * Unsubscribing from a message in the emulator's mailbox: the offer read from its headers through Graph,
 * the one-click POST reaching a local listener as news.example.com (the environment's test seam, as the
 * end-to-end tests run it), a private address refused, and a mailto: unsubscribe sent through Graph.
 */

let emulator: RunningEmulator;
let server: http.Server;
let posts: { url: string; body: string }[] = [];
let megan: string;
let lib: typeof import('./unsubscribe');
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      posts.push({ url: req.url ?? '', body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  // lib/env reads these once, on import: set before the app's modules load.
  process.env.UNSUBSCRIBE_TEST_RESOLVE = 'news.example.com=203.0.113.7,intranet.example.com=192.168.10.5';
  process.env.UNSUBSCRIBE_TEST_CONNECT = `203.0.113.7=127.0.0.1:${port}`;
  emulator = await startAppEmulator();
  lib = await import('./unsubscribe');
  ({ userId: megan } = await signInUser(emulator, 'megan'));
});
afterAll(async () => {
  await emulator.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  posts = [];
});

async function deliver(
  headers: { name: string; value: string }[],
  from = 'news@example.com',
): Promise<string> {
  const response = await emulatorControl(emulator, '/mail', {
    to: 'megan',
    from,
    fromName: 'Example News',
    subject: 'This week',
    headers,
  });
  return ((await response.json()) as { id: string }).id;
}

const ONE_CLICK = { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' };

describe('unsubscribe', () => {
  it('offers one-click and mail from the headers, named after the list', async () => {
    const id = await deliver([
      { name: 'List-Id', value: 'Example News <news.example.com>' },
      {
        name: 'List-Unsubscribe',
        value: '<https://news.example.com/u?id=7>, <mailto:leave@example.com?subject=stop>',
      },
      ONE_CLICK,
    ]);
    expect(await lib.unsubscribeOffer(megan, id)).toEqual({
      methods: ['one-click', 'mailto'],
      listName: 'Example News',
      oneClickHost: 'news.example.com',
      mailtoAddress: 'leave@example.com',
      linkUrl: null,
    });
    const plain = await deliver([]);
    expect((await lib.unsubscribeOffer(megan, plain)).methods).toEqual([]);
    const pageOnly = await deliver([{ name: 'List-Unsubscribe', value: '<https://news.example.com/page>' }]);
    expect(await lib.unsubscribeOffer(megan, pageOnly)).toMatchObject({
      methods: ['link'],
      listName: 'Example News',
      linkUrl: 'https://news.example.com/page',
    });
  });

  it('posts once to the list’s server, reached as a public host', async () => {
    const id = await deliver([
      { name: 'List-Unsubscribe', value: '<http://news.example.com/u?id=7>' },
      ONE_CLICK,
    ]);
    const result = await lib.unsubscribe(megan, id, 'one-click');
    expect(result.message).toMatch(/You’re unsubscribed from Example News\. It may take a few days/);
    expect(posts).toEqual([{ url: '/u?id=7', body: 'List-Unsubscribe=One-Click' }]);
  });

  it('refuses a link to a private address, saying so, and nothing is sent', async () => {
    for (const link of [`http://127.0.0.1:${port}/u`, 'http://intranet.example.com/u']) {
      const id = await deliver([{ name: 'List-Unsubscribe', value: `<${link}>` }, ONE_CLICK]);
      await expect(lib.unsubscribe(megan, id, 'one-click')).rejects.toMatchObject({
        status: 422,
        code: 'unsubscribe_refused',
        message: expect.stringMatching(/not to the public internet/),
      });
    }
    expect(posts).toHaveLength(0);
  });

  it('sends the mailto: unsubscribe through Graph, with the subject the list asked for', async () => {
    const id = await deliver([
      { name: 'List-Unsubscribe', value: '<mailto:leave@example.com?subject=stop%20please>' },
    ]);
    const before = externalDeliveries(emulator.ctx).length;
    const result = await lib.unsubscribe(megan, id, 'mailto');
    expect(result.message).toMatch(/leave@example\.com/);
    const sent = externalDeliveries(emulator.ctx).slice(before);
    expect(sent).toEqual([expect.objectContaining({ to: ['leave@example.com'], subject: 'stop please' })]);
  });

  it('answers 409 for a way the message does not offer', async () => {
    const id = await deliver([]);
    await expect(lib.unsubscribe(megan, id, 'one-click')).rejects.toMatchObject({ status: 409 });
    await expect(lib.unsubscribe(megan, id, 'mailto')).rejects.toMatchObject({ status: 409 });
  });
});
