import { createHash, createHmac } from 'node:crypto';
import Pusher from 'pusher';
import PusherJs, { type Channel } from 'pusher-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningPusherServer, startPusherServer } from './server';

const APP = { id: 'test-app', key: 'test-key', secret: 'test-secret' };

let server: RunningPusherServer;
let rest: Pusher;
const clients: PusherJs[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startPusherServer({ port: 0, apps: [APP] });
  rest = new Pusher({ ...restOptions(), secret: APP.secret });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
  for (const socket of sockets.splice(0)) socket.terminate();
});
afterAll(() => server.close());

function restOptions() {
  return {
    appId: APP.id,
    key: APP.key,
    secret: APP.secret,
    host: '127.0.0.1',
    port: String(server.port),
    useTLS: false,
  };
}

/** The official client, as the browser runs it, signing subscriptions with the official server library. */
async function connect(options: { signer?: Pusher; userId?: string } = {}): Promise<PusherJs> {
  const signer = options.signer ?? rest;
  const client = new PusherJs(APP.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const presence = options.userId === undefined ? undefined : { user_id: options.userId };
        callback(null, signer.authorizeChannel(socketId, channelName, presence));
      },
    },
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.connection.bind('connected', () => resolve());
    client.connection.bind('failed', () => reject(new Error('pusher-js could not connect')));
  });
  return client;
}

function subscribed(client: PusherJs, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve(channel));
    channel.bind('pusher:subscription_error', (error: unknown) =>
      reject(new Error(`subscription failed: ${JSON.stringify(error)}`)),
    );
  });
}

function nextEvent(channel: Channel, event: string): Promise<unknown> {
  return new Promise((resolve) => {
    const handler = (data: unknown) => {
      channel.unbind(event, handler);
      resolve(data);
    };
    channel.bind(event, handler);
  });
}

/** Collects every event of a name, to prove later that something was not delivered. */
function record(channel: Channel, event: string): unknown[] {
  const seen: unknown[] = [];
  channel.bind(event, (data: unknown) => seen.push(data));
  return seen;
}

interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
}

/** A bare WebSocket, to check the wire format itself. */
async function rawSocket(port = server.port, key = APP.key) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/app/${key}?protocol=7&client=js&version=8.6.0`);
  sockets.push(socket);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (event: string): Promise<Frame> => {
    for (;;) {
      const index = frames.findIndex((f) => f.event === event);
      const found = frames[index];
      if (found !== undefined) {
        frames.splice(index, 1);
        return found;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, next, send: (frame: Frame) => socket.send(JSON.stringify(frame)) };
}

function sign(method: string, path: string, params: Record<string, string>, secret = APP.secret) {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHmac('sha256', secret).update(`${method}\n${path}\n${query}`).digest('hex');
}

describe('connections', () => {
  it('pusher-js connects and gets a socket id in Pusher’s format', async () => {
    const client = await connect();
    expect(client.connection.socket_id).toMatch(/^\d+\.\d+$/);
  });

  it('sends connection_established with data as a JSON string and answers pings', async () => {
    const raw = await rawSocket();
    const established = await raw.next('pusher:connection_established');
    expect(typeof established.data).toBe('string');
    expect(JSON.parse(String(established.data))).toEqual({
      socket_id: expect.stringMatching(/^\d+\.\d+$/),
      activity_timeout: 120,
    });
    raw.send({ event: 'pusher:ping', data: {} });
    expect((await raw.next('pusher:pong')).event).toBe('pusher:pong');
  });

  it('refuses an unknown app key with error 4001', async () => {
    const raw = await rawSocket(server.port, 'nope');
    const closed = new Promise<number>((resolve) => raw.socket.once('close', (code) => resolve(code)));
    const error = await raw.next('pusher:error');
    expect(JSON.parse(String(error.data))).toMatchObject({ code: 4001 });
    expect(await closed).toBe(4001);
  });

  it('pings a silent socket after the activity timeout and closes it when no pong comes', async () => {
    const quick = await startPusherServer({
      port: 0,
      apps: [APP],
      activityTimeoutSeconds: 1,
      pongTimeoutMs: 200,
      sweepIntervalMs: 50,
    });
    try {
      const raw = await rawSocket(quick.port);
      const closed = new Promise<number>((resolve) => raw.socket.once('close', (code) => resolve(code)));
      await raw.next('pusher:ping');
      expect(await closed).toBe(4201);
    } finally {
      await quick.close();
    }
  });

  it('health answers without authentication', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('channel authorization', () => {
  it('accepts a private channel signed with the app secret', async () => {
    const client = await connect();
    await expect(subscribed(client, 'private-user-1')).resolves.toBeDefined();
  });

  it('refuses a private channel signed with the wrong secret', async () => {
    const wrong = new Pusher({ ...restOptions(), secret: 'wrong-secret' });
    const client = await connect({ signer: wrong });
    const channel = client.subscribe('private-user-1');
    const error = await nextEvent(channel, 'pusher:subscription_error');
    expect(error).toMatchObject({ type: 'AuthError', status: 401 });
  });

  it('refuses a private subscription without auth on the wire', async () => {
    const raw = await rawSocket();
    await raw.next('pusher:connection_established');
    raw.send({ event: 'pusher:subscribe', data: { channel: 'private-x' } });
    const error = await raw.next('pusher:subscription_error');
    expect(error.channel).toBe('private-x');
    expect(JSON.parse(String(error.data))).toMatchObject({ status: 401 });
  });

  it('tracks presence members', async () => {
    const alice = await connect({ userId: 'alice' });
    const presence = await subscribed(alice, 'presence-room');
    const added = nextEvent(presence, 'pusher:member_added');
    const bob = await connect({ userId: 'bob' });
    await subscribed(bob, 'presence-room');
    expect(await added).toMatchObject({ id: 'bob' });
    const users = await rest.get({ path: '/channels/presence-room/users' });
    expect(await users.json()).toEqual({ users: [{ id: 'alice' }, { id: 'bob' }] });
    const removed = nextEvent(presence, 'pusher:member_removed');
    bob.disconnect();
    expect(await removed).toMatchObject({ id: 'bob' });
  });
});

describe('triggering events', () => {
  it('delivers an event triggered by the official server library with its exact data', async () => {
    const client = await connect();
    const channel = await subscribed(client, 'private-user-1');
    const received = nextEvent(channel, 'new-mail');
    const data = { id: 'AAMk=', subject: 'Grüße 👋', tags: [1, null, true] };
    const response = await rest.trigger('private-user-1', 'new-mail', data);
    expect(response.status).toBe(200);
    expect(await received).toEqual(data);
  });

  it('delivers to public channels and to several channels at once', async () => {
    const client = await connect();
    const a = await subscribed(client, 'news');
    const b = await subscribed(client, 'private-b');
    const both = Promise.all([nextEvent(a, 'hello'), nextEvent(b, 'hello')]);
    await rest.trigger(['news', 'private-b'], 'hello', { n: 1 });
    expect(await both).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('refuses a wrong secret with 401 and delivers nothing', async () => {
    const client = await connect();
    const channel = await subscribed(client, 'private-user-1');
    const seen = record(channel, 'forged');
    const forger = new Pusher({ ...restOptions(), secret: 'wrong-secret' });
    await expect(forger.trigger('private-user-1', 'forged', {})).rejects.toMatchObject({ status: 401 });

    const body = JSON.stringify({ name: 'forged', channels: ['private-user-1'], data: '{}' });
    const path = `/apps/${APP.id}/events`;
    const params = {
      auth_key: APP.key,
      auth_timestamp: String(Math.floor(Date.now() / 1000)),
      auth_version: '1.0',
      body_md5: createHash('md5').update(body).digest('hex'),
    };
    const badSignature = '0'.repeat(64);
    const query = new URLSearchParams({ ...params, auth_signature: badSignature });
    const response = await fetch(`${server.url}${path}?${query}`, { method: 'POST', body });
    expect(response.status).toBe(401);

    // A correctly signed request still works, and is delivered after anything sent before it.
    const good = new URLSearchParams({ ...params, auth_signature: sign('POST', path, params) });
    const ok = nextEvent(channel, 'forged');
    expect((await fetch(`${server.url}${path}?${good}`, { method: 'POST', body })).status).toBe(200);
    await ok;
    expect(seen).toHaveLength(1);
  });

  it('refuses a body that does not match body_md5', async () => {
    const path = `/apps/${APP.id}/events`;
    const signedBody = JSON.stringify({ name: 'e', channels: ['news'], data: '1' });
    const params = {
      auth_key: APP.key,
      auth_timestamp: String(Math.floor(Date.now() / 1000)),
      auth_version: '1.0',
      body_md5: createHash('md5').update(signedBody).digest('hex'),
    };
    const query = new URLSearchParams({ ...params, auth_signature: sign('POST', path, params) });
    const tampered = JSON.stringify({ name: 'e', channels: ['news'], data: '2' });
    const response = await fetch(`${server.url}${path}?${query}`, { method: 'POST', body: tampered });
    expect(response.status).toBe(401);
  });

  it('refuses event data over 10 KB with 413', async () => {
    await expect(rest.trigger('news', 'big', 'x'.repeat(10 * 1024 + 1))).rejects.toMatchObject({
      status: 413,
    });
    await expect(rest.trigger('news', 'fits', 'x'.repeat(10 * 1024))).resolves.toMatchObject({ status: 200 });
  });

  it('refuses more than 100 channels in one trigger with 400', async () => {
    const channels = Array.from({ length: 101 }, (_, i) => `c${i}`);
    // The library refuses this itself, so the request is made by hand.
    const body = JSON.stringify({ name: 'e', channels, data: '{}' });
    const path = `/apps/${APP.id}/events`;
    const params = {
      auth_key: APP.key,
      auth_timestamp: String(Math.floor(Date.now() / 1000)),
      auth_version: '1.0',
      body_md5: createHash('md5').update(body).digest('hex'),
    };
    const query = new URLSearchParams({ ...params, auth_signature: sign('POST', path, params) });
    expect((await fetch(`${server.url}${path}?${query}`, { method: 'POST', body })).status).toBe(400);
  });

  it('stops delivering after unsubscribe', async () => {
    const client = await connect();
    const channel = await subscribed(client, 'private-user-2');
    const seen = record(channel, 'after');
    client.unsubscribe('private-user-2');
    // A second subscriber proves the event went out, and when.
    const other = await connect();
    const witness = await subscribed(other, 'private-user-2');
    const delivered = nextEvent(witness, 'after');
    await rest.trigger('private-user-2', 'after', {});
    await delivered;
    // Give the unsubscribed client the same chance to have received it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([]);
  });

  it('does not echo an event to the socket_id that caused it', async () => {
    const sender = await connect();
    const receiver = await connect();
    const senderChannel = await subscribed(sender, 'private-room');
    const receiverChannel = await subscribed(receiver, 'private-room');
    const echoed = record(senderChannel, 'typed');
    const delivered = nextEvent(receiverChannel, 'typed');
    await rest.trigger('private-room', 'typed', { by: 'sender' }, { socket_id: sender.connection.socket_id });
    expect(await delivered).toEqual({ by: 'sender' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(echoed).toEqual([]);
  });

  it('delivers batch events', async () => {
    const client = await connect();
    const a = await subscribed(client, 'private-a');
    const b = await subscribed(client, 'news');
    const both = Promise.all([nextEvent(a, 'one'), nextEvent(b, 'two')]);
    const response = await rest.triggerBatch([
      { channel: 'private-a', name: 'one', data: { n: 1 } },
      { channel: 'news', name: 'two', data: 'plain text' },
    ]);
    expect(response.status).toBe(200);
    expect(await both).toEqual([{ n: 1 }, 'plain text']);
  });

  it('forwards client events to the other subscribers of a private channel only', async () => {
    const sender = await connect();
    const receiver = await connect();
    const senderChannel = await subscribed(sender, 'private-chat');
    const receiverChannel = await subscribed(receiver, 'private-chat');
    const echoed = record(senderChannel, 'client-typing');
    const delivered = nextEvent(receiverChannel, 'client-typing');
    expect(senderChannel.trigger('client-typing', { draft: true })).toBe(true);
    expect(await delivered).toEqual({ draft: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(echoed).toEqual([]);
  });

  it('lists occupied channels', async () => {
    const client = await connect();
    await subscribed(client, 'private-listed');
    const response = await rest.get({ path: '/channels', params: { filter_by_prefix: 'private-listed' } });
    expect(await response.json()).toEqual({ channels: { 'private-listed': {} } });
  });
});

describe('test control', () => {
  it('simulates an outage and recovers', async () => {
    const server = await startPusherServer({
      port: 0,
      apps: [{ id: 'o', key: 'o-key', secret: 'o-secret' }],
    });
    try {
      const down = await fetch(`${server.url}/_control/outage`, {
        method: 'POST',
        body: JSON.stringify({ down: true }),
      });
      expect(await down.json()).toEqual({ outage: true });
      expect((await fetch(`${server.url}/health`)).status).toBe(503);
      expect((await fetch(`${server.url}/apps/o/events`, { method: 'POST', body: '{}' })).status).toBe(503);
      await fetch(`${server.url}/_control/outage`, { method: 'POST', body: JSON.stringify({ down: false }) });
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
