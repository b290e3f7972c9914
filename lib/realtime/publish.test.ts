import PusherJs from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPusherServer, startPusherServer } from '../../pusher-server/server';

/* Publishing through the official pusher library to the local Pusher server, heard by pusher-js. */

let server: RunningPusherServer;
let lib: typeof import('./publish') & typeof import('./events');

beforeAll(async () => {
  server = await startPusherServer({
    port: 0,
    apps: [{ id: 'tidings', key: 'tidings-key', secret: 'tidings-secret' }],
  });
  Object.assign(process.env, {
    PUSHER_APP_ID: 'tidings',
    PUSHER_KEY: 'tidings-key',
    PUSHER_SECRET: 'tidings-secret',
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(server.port),
    PUSHER_USE_TLS: 'false',
  });
  lib = { ...(await import('./publish')), ...(await import('./events')) };
});
afterAll(() => server.close());

function connect(userId: string, channel = `private-user-${userId}`) {
  const client = new PusherJs('tidings-key', {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: {
      endpoint: 'unused',
      transport: 'ajax',
      // Stands in for POST /api/pusher/auth of a person signed in as `userId`.
      customHandler: ({ socketId, channelName }, callback) => {
        const auth = lib.authorizeUserChannel(userId, socketId, channelName);
        if (auth) callback(null, auth);
        else callback(new Error('forbidden'), null);
      },
    },
  });
  return { client, channel: client.subscribe(channel) };
}

describe('real-time publishing', () => {
  it('delivers events on the person’s own channel, after subscription succeeds', async () => {
    const { client, channel } = connect('u1');
    try {
      await new Promise<void>((resolve, reject) => {
        channel.bind('pusher:subscription_succeeded', () => resolve());
        channel.bind('pusher:subscription_error', reject);
      });
      const received = new Promise<unknown>((resolve) => channel.bind('message.deleted', resolve));
      await lib.publish('u1', [{ name: 'message.deleted', data: { id: 'm1', folderId: 'f1' } }]);
      expect(await received).toEqual({ id: 'm1', folderId: 'f1' });
    } finally {
      client.disconnect();
    }
  });

  it('refuses a subscription to someone else’s channel', async () => {
    expect(lib.authorizeUserChannel('u1', '1.2', lib.userChannel('u2'))).toBeNull();
    const { client, channel } = connect('u1', lib.userChannel('u2'));
    try {
      const outcome = await new Promise<string>((resolve) => {
        channel.bind('pusher:subscription_succeeded', () => resolve('subscribed'));
        channel.bind('pusher:subscription_error', () => resolve('refused'));
      });
      expect(outcome).toBe('refused');
    } finally {
      client.disconnect();
    }
  });

  it('hands the browser a config without secrets', () => {
    const config = lib.realtimeClientConfig('u1');
    expect(config).toMatchObject({
      key: 'tidings-key',
      wsHost: '127.0.0.1',
      wsPort: server.port,
      forceTLS: false,
      channel: 'private-user-u1',
    });
    expect(JSON.stringify(config)).not.toContain('tidings-secret');
  });
});
