/*
 * The HTTP API of Pusher Channels: trigger events, batch events and channel queries, each signed with
 * the app secret. Errors answer with a plain-text reason and the status Pusher uses.
 */
import { z } from 'zod';
import { CHANNEL_NAME, type Hub, isPresence } from './hub';
import { checkRestSignature } from './signatures';

/** Pusher's documented limits. */
export const MAX_EVENT_DATA_BYTES = 10 * 1024;
const MAX_CHANNELS_PER_TRIGGER = 100;
const MAX_BATCH_EVENTS = 10;

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface RestResponse {
  status: number;
  body: unknown;
}

const socketId = z.string().regex(/^\d+\.\d+$/, 'socket_id must look like 123.456');
const channelName = z.string().regex(CHANNEL_NAME, 'invalid channel name');
const eventName = z.string().min(1).max(200);

const triggerSchema = z
  .object({
    name: eventName,
    data: z.string(),
    channels: z.array(channelName).min(1).max(MAX_CHANNELS_PER_TRIGGER).optional(),
    channel: channelName.optional(),
    socket_id: socketId.optional(),
    info: z.string().optional(),
  })
  .refine((body) => body.channels !== undefined || body.channel !== undefined, 'channels is required');

const batchSchema = z.object({
  batch: z
    .array(
      z.object({
        channel: channelName,
        name: eventName,
        data: z.string(),
        socket_id: socketId.optional(),
        info: z.string().optional(),
      }),
    )
    .max(MAX_BATCH_EVENTS),
});

const text = (status: number, message: string): RestResponse => ({ status, body: message });

function parseBody<T>(
  schema: z.ZodType<T>,
  body: string,
): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'The body must be JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

function channelInfo(hub: Hub, channel: string, info: string | undefined | null) {
  const wanted = new Set((info ?? '').split(',').filter(Boolean));
  const result: Record<string, number> = {};
  if (wanted.has('subscription_count')) result.subscription_count = hub.channels.get(channel)?.size ?? 0;
  if (wanted.has('user_count') && isPresence(channel)) result.user_count = hub.members(channel).size;
  return result;
}

/** Answers a request under /apps/:id for the hub of that app. */
export function handleRest(hub: Hub, request: RestRequest, subPath: string): RestResponse {
  const auth = checkRestSignature(hub.app, request.method, request.path, request.query, request.body);
  if (!auth.ok) return text(401, auth.message);

  if (subPath === '/events') {
    if (request.method !== 'POST') return text(405, 'Use POST');
    const parsed = parseBody(triggerSchema, request.body);
    if (!parsed.ok) return text(400, parsed.error);
    const event = parsed.value;
    if (Buffer.byteLength(event.data, 'utf8') > MAX_EVENT_DATA_BYTES)
      return text(413, 'Event data is over 10 KB');
    const channels = event.channels ?? (event.channel === undefined ? [] : [event.channel]);
    for (const channel of channels) hub.publish(channel, event.name, event.data, event.socket_id);
    if (event.info === undefined) return { status: 200, body: {} };
    return {
      status: 200,
      body: { channels: Object.fromEntries(channels.map((c) => [c, channelInfo(hub, c, event.info)])) },
    };
  }

  if (subPath === '/batch_events') {
    if (request.method !== 'POST') return text(405, 'Use POST');
    const parsed = parseBody(batchSchema, request.body);
    if (!parsed.ok) return text(400, parsed.error);
    const events = parsed.value.batch;
    // Pusher checks the whole batch before sending any of it.
    if (events.some((e) => Buffer.byteLength(e.data, 'utf8') > MAX_EVENT_DATA_BYTES)) {
      return text(413, 'Event data is over 10 KB');
    }
    for (const e of events) hub.publish(e.channel, e.name, e.data, e.socket_id);
    if (events.every((e) => e.info === undefined)) return { status: 200, body: {} };
    return { status: 200, body: { batch: events.map((e) => channelInfo(hub, e.channel, e.info)) } };
  }

  if (request.method !== 'GET') return text(405, 'Use GET');
  if (subPath === '/channels') {
    const prefix = request.query.get('filter_by_prefix') ?? '';
    const info = request.query.get('info');
    if (info?.includes('user_count') && !prefix.startsWith('presence-')) {
      return text(400, 'info=user_count needs filter_by_prefix=presence-');
    }
    const channels = [...hub.channels.keys()].filter((c) => c.startsWith(prefix));
    return {
      status: 200,
      body: { channels: Object.fromEntries(channels.map((c) => [c, channelInfo(hub, c, info)])) },
    };
  }

  const usersMatch = /^\/channels\/([^/]+)\/users$/.exec(subPath);
  if (usersMatch?.[1] !== undefined) {
    const channel = decodeURIComponent(usersMatch[1]);
    if (!isPresence(channel)) return text(400, 'Users can only be listed for presence channels');
    return { status: 200, body: { users: [...hub.members(channel).keys()].map((id) => ({ id })) } };
  }

  const channelMatch = /^\/channels\/([^/]+)$/.exec(subPath);
  if (channelMatch?.[1] !== undefined) {
    const channel = decodeURIComponent(channelMatch[1]);
    const occupied = (hub.channels.get(channel)?.size ?? 0) > 0;
    return { status: 200, body: { occupied, ...channelInfo(hub, channel, request.query.get('info')) } };
  }
  return text(404, 'Not found');
}
