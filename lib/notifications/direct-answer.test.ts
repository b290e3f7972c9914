import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Webhooks answered at the HTTP server, before the app's own request handler (Next's router under
 * `next start`): the same answers as the route handler, the same headers, and nothing else intercepted.
 */

let lib: typeof import('./direct-answer') &
  typeof import('./answer-timing') &
  typeof import('./receive') & { db: typeof import('../db').db };
let server: Server;
let base: string;
const routed: string[] = [];
const SECRET = 'direct-answer-secret';
let graphId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = {
    ...(await import('./direct-answer')),
    ...(await import('./answer-timing')),
    ...(await import('./receive')),
    ...(await import('../db')),
  };
  const user = await lib.db.user.create({ data: { email: `direct-${crypto.randomUUID()}@contoso.test` } });
  graphId = `direct-${crypto.randomUUID()}`;
  await lib.db.graphSubscription.create({
    data: {
      userId: user.id,
      graphId,
      resource: 'me/messages',
      changeType: 'created',
      expiresAt: new Date(Date.now() + 3_600_000),
      clientStateHash: lib.hashClientState(SECRET),
    },
  });
  lib.installAnswerTiming({ answer: lib.answerWebhookDirectly });
  // Stands in for Next's router: records what reaches it.
  server = createServer((req, res) => {
    routed.push(req.url ?? '');
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const change = (messageId: string) =>
  JSON.stringify({
    value: [
      {
        subscriptionId: graphId,
        clientState: SECRET,
        changeType: 'created',
        resource: `Users/u/Messages/${messageId}`,
        resourceData: { id: messageId },
      },
    ],
  });

describe('webhooks answered at the HTTP server', () => {
  it('stores a notification and answers 202 with the API headers, without reaching the router', async () => {
    const response = await post('/api/graph/notifications', change('direct-1'));
    expect(response.status).toBe(202);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await lib.db.notificationQueue.count({ where: { messageId: 'direct-1' } })).toBe(1);
    expect(routed).toEqual([]);
  });

  it('answers the validation handshake with the token as plain text', async () => {
    const response = await post('/api/graph/lifecycle?validationToken=%3Cscript%3Ehi', '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('<script>hi');
  });

  it('refuses malformed JSON with 400 and a body over 8 MB with 413, saying why', async () => {
    const bad = await post('/api/graph/notifications', '{"value": [');
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toBe('');
    const big = await post('/api/graph/notifications', `{"value":[],"pad":"${'x'.repeat(8_500_000)}"}`);
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/8 MB/);
  });

  it('leaves every other request to the app', async () => {
    expect((await post('/api/messages', '{}')).status).toBe(204);
    expect((await fetch(`${base}/api/graph/notifications`)).status).toBe(204); // a GET is not a webhook
    expect(routed).toEqual(['/api/messages', '/api/graph/notifications']);
  });
});
