/*
 * The WebSocket side of the Pusher Channels protocol (version 7): connections, subscriptions, presence
 * members, client events and the activity timeout. One Hub per app.
 */
import { randomInt } from 'node:crypto';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isValidChannelAuth, type PusherApp } from './signatures';

export const CHANNEL_NAME = /^[-a-zA-Z0-9_=@,.;]{1,164}$/;

interface PresenceMember {
  userId: string;
  userInfo: unknown;
}

export interface Connection {
  socket: WebSocket;
  socketId: string;
  /** Channel name → the presence member it joined as (undefined for public and private channels). */
  channels: Map<string, PresenceMember | undefined>;
  lastSeen: number;
  pingedAt: number | undefined;
}

const frameSchema = z.object({
  event: z.string().min(1),
  channel: z.string().optional(),
  data: z.unknown().optional(),
});

const subscribeSchema = z.object({
  channel: z.string(),
  auth: z.string().optional(),
  channel_data: z.string().optional(),
});

const channelDataSchema = z.object({
  user_id: z.union([z.string().min(1), z.number()]).transform(String),
  user_info: z.unknown().optional(),
});

export function isPrivate(channel: string): boolean {
  return channel.startsWith('private-');
}

export function isPresence(channel: string): boolean {
  return channel.startsWith('presence-');
}

/** Frames the server sends carry `data` as a JSON string, which is what pusher-js expects. */
export function send(socket: WebSocket, event: string, data: unknown, channel?: string) {
  if (socket.readyState !== socket.OPEN) return;
  const frame: Record<string, string> = {
    event,
    data: typeof data === 'string' ? data : JSON.stringify(data),
  };
  if (channel !== undefined) frame.channel = channel;
  socket.send(JSON.stringify(frame));
}

function sendError(socket: WebSocket, code: number | null, message: string) {
  send(socket, 'pusher:error', { code, message });
}

export class Hub {
  readonly connections = new Set<Connection>();
  readonly channels = new Map<string, Set<Connection>>();

  constructor(
    readonly app: PusherApp,
    private readonly activityTimeoutSeconds: number,
    private readonly pongTimeoutMs: number,
  ) {}

  connect(socket: WebSocket): Connection {
    const connection: Connection = {
      socket,
      socketId: `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`,
      channels: new Map(),
      lastSeen: Date.now(),
      pingedAt: undefined,
    };
    this.connections.add(connection);
    send(socket, 'pusher:connection_established', {
      socket_id: connection.socketId,
      activity_timeout: this.activityTimeoutSeconds,
    });
    socket.on('message', (raw) => this.receive(connection, raw.toString()));
    // A WebSocket-level pong also proves the client is alive.
    socket.on('pong', () => this.touch(connection));
    socket.on('close', () => this.disconnect(connection));
    return connection;
  }

  /** Members of a presence channel, one per user id however many sockets that user has. */
  members(channel: string): Map<string, unknown> {
    const members = new Map<string, unknown>();
    for (const connection of this.channels.get(channel) ?? []) {
      const member = connection.channels.get(channel);
      if (member !== undefined && !members.has(member.userId)) members.set(member.userId, member.userInfo);
    }
    return members;
  }

  /** Delivers an event to every subscriber of the channel except the socket that caused it. */
  publish(channel: string, event: string, data: string, exceptSocketId?: string) {
    for (const connection of this.channels.get(channel) ?? []) {
      if (connection.socketId !== exceptSocketId) send(connection.socket, event, data, channel);
    }
  }

  /**
   * Called periodically: pings sockets silent for the activity timeout, and closes those that then stay
   * silent for the pong timeout, as Pusher does (close code 4201).
   */
  sweep(now: number) {
    const timeoutMs = this.activityTimeoutSeconds * 1000;
    for (const connection of this.connections) {
      if (connection.pingedAt !== undefined && now - connection.pingedAt > this.pongTimeoutMs) {
        connection.socket.close(4201, 'Pong reply not received');
      } else if (connection.pingedAt === undefined && now - connection.lastSeen > timeoutMs) {
        connection.pingedAt = now;
        send(connection.socket, 'pusher:ping', {});
      }
    }
  }

  private touch(connection: Connection) {
    connection.lastSeen = Date.now();
    connection.pingedAt = undefined;
  }

  private receive(connection: Connection, raw: string) {
    this.touch(connection);
    let frame: z.infer<typeof frameSchema>;
    try {
      frame = frameSchema.parse(JSON.parse(raw));
    } catch {
      sendError(connection.socket, null, 'Frames must be JSON objects with an event');
      return;
    }
    // Clients send data as an object, but some libraries send it JSON-encoded.
    let data = frame.data;
    if (typeof data === 'string' && frame.event.startsWith('pusher:')) {
      try {
        data = JSON.parse(data);
      } catch {
        // Left as a string; the handlers below reject what they cannot use.
      }
    }
    if (frame.event === 'pusher:ping') send(connection.socket, 'pusher:pong', {});
    else if (frame.event === 'pusher:pong') return;
    else if (frame.event === 'pusher:subscribe') this.subscribe(connection, data);
    else if (frame.event === 'pusher:unsubscribe') this.unsubscribeFrame(connection, data);
    else if (frame.event.startsWith('client-'))
      this.clientEvent(connection, frame.event, frame.channel, data);
    else sendError(connection.socket, null, `Unsupported event ${frame.event}`);
  }

  private subscribe(connection: Connection, data: unknown) {
    const parsed = subscribeSchema.safeParse(data);
    if (!parsed.success || !CHANNEL_NAME.test(parsed.data.channel)) {
      sendError(connection.socket, 4009, 'pusher:subscribe needs a valid channel name');
      return;
    }
    const { channel, auth, channel_data: channelData } = parsed.data;
    const refuse = (error: string) =>
      send(
        connection.socket,
        'pusher:subscription_error',
        { type: 'AuthError', error, status: 401 },
        channel,
      );

    let member: PresenceMember | undefined;
    if (isPresence(channel)) {
      const info = channelDataSchema.safeParse(channelData === undefined ? undefined : safeJson(channelData));
      if (channelData === undefined || !info.success) {
        refuse('Presence channels need channel_data with a user_id');
        return;
      }
      if (!isValidChannelAuth(this.app, connection.socketId, channel, auth, channelData)) {
        refuse(`Invalid signature for ${channel}`);
        return;
      }
      member = { userId: info.data.user_id, userInfo: info.data.user_info };
    } else if (isPrivate(channel) && !isValidChannelAuth(this.app, connection.socketId, channel, auth)) {
      refuse(`Invalid signature for ${channel}`);
      return;
    }

    if (connection.channels.has(channel)) {
      // Resubscribing is harmless: confirm again without announcing the member twice.
      this.confirm(connection, channel);
      return;
    }
    const isNewMember = member !== undefined && !this.members(channel).has(member.userId);
    connection.channels.set(channel, member);
    let subscribers = this.channels.get(channel);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.channels.set(channel, subscribers);
    }
    subscribers.add(connection);
    this.confirm(connection, channel);
    if (member !== undefined && isNewMember) {
      this.publish(
        channel,
        'pusher_internal:member_added',
        JSON.stringify({ user_id: member.userId, user_info: member.userInfo }),
        connection.socketId,
      );
    }
  }

  private confirm(connection: Connection, channel: string) {
    if (!isPresence(channel)) {
      send(connection.socket, 'pusher_internal:subscription_succeeded', {}, channel);
      return;
    }
    const members = this.members(channel);
    send(
      connection.socket,
      'pusher_internal:subscription_succeeded',
      { presence: { ids: [...members.keys()], hash: Object.fromEntries(members), count: members.size } },
      channel,
    );
  }

  private unsubscribeFrame(connection: Connection, data: unknown) {
    const parsed = z.object({ channel: z.string() }).safeParse(data);
    if (parsed.success) this.unsubscribe(connection, parsed.data.channel);
  }

  private unsubscribe(connection: Connection, channel: string) {
    if (!connection.channels.has(channel)) return;
    const member = connection.channels.get(channel);
    connection.channels.delete(channel);
    const subscribers = this.channels.get(channel);
    subscribers?.delete(connection);
    if (subscribers !== undefined && subscribers.size === 0) this.channels.delete(channel);
    if (member !== undefined && !this.members(channel).has(member.userId)) {
      this.publish(channel, 'pusher_internal:member_removed', JSON.stringify({ user_id: member.userId }));
    }
  }

  private clientEvent(connection: Connection, event: string, channel: string | undefined, data: unknown) {
    if (channel === undefined || !(isPrivate(channel) || isPresence(channel))) {
      sendError(connection.socket, null, 'Client events are only supported on private and presence channels');
      return;
    }
    if (!connection.channels.has(channel)) {
      sendError(connection.socket, null, `Client event rejected: not subscribed to ${channel}`);
      return;
    }
    const member = connection.channels.get(channel);
    for (const other of this.channels.get(channel) ?? []) {
      if (other === connection || other.socket.readyState !== other.socket.OPEN) continue;
      const frame: Record<string, string> = {
        event,
        channel,
        data: typeof data === 'string' ? data : JSON.stringify(data ?? {}),
      };
      // Presence channels tell the receivers who sent the event.
      if (member !== undefined) frame.user_id = member.userId;
      other.socket.send(JSON.stringify(frame));
    }
  }

  private disconnect(connection: Connection) {
    for (const channel of [...connection.channels.keys()]) this.unsubscribe(connection, channel);
    this.connections.delete(connection);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
