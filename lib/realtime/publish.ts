import 'server-only';
import Pusher from 'pusher';
import { env } from '../env';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import {
  type RealtimeClientConfig,
  type RealtimeEventName,
  type RealtimeEvents,
  userChannel,
} from './events';
import { pusherOptions } from './pusher-options';

/** Pusher's limit for one event's data; we stay under it with margin. */
const MAX_EVENT_BYTES = 9 * 1024;

export function realtimeEnabled(): boolean {
  return Boolean(env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET);
}

function client(): Pusher | null {
  if (!realtimeEnabled()) return null;
  return processSingleton('pusher', () => new Pusher(pusherOptions(env)));
}

type Payload = RealtimeEvents[RealtimeEventName];

/** Shrinks a message payload to ids when it would not fit; the browser then fetches what it needs. */
function compactData(payload: Payload): Payload {
  if (Buffer.byteLength(JSON.stringify(payload)) <= MAX_EVENT_BYTES) return payload;
  if ('message' in payload) return { id: payload.message.id, folderId: payload.message.folderId };
  return payload;
}

/**
 * Tells a person's open tabs about changes. Call only after the database commit (they will read what
 * changed from our API). Best effort: a failure is logged, and browsers revalidate when they reconnect.
 */
export async function publish(
  userId: string,
  events: { name: RealtimeEventName; data: Payload }[],
): Promise<void> {
  const pusher = client();
  if (!pusher || events.length === 0) return;
  const channel = userChannel(userId);
  try {
    // Pusher's batch trigger takes at most 10 events per call.
    for (let i = 0; i < events.length; i += 10) {
      await pusher.triggerBatch(
        events.slice(i, i + 10).map((e) => ({ channel, name: e.name, data: compactData(e.data) })),
      );
    }
  } catch (error) {
    logger.warn('realtime publish failed', {
      userId,
      events: events.length,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Signs a subscription to the person's own channel, and nothing else. */
export function authorizeUserChannel(
  userId: string,
  socketId: string,
  channel: string,
): Pusher.ChannelAuthResponse | null {
  const pusher = client();
  if (!pusher || channel !== userChannel(userId)) return null;
  return pusher.authorizeChannel(socketId, channel);
}

/** What the browser needs to connect, or null when real time is not configured. */
export function realtimeClientConfig(userId: string): RealtimeClientConfig | null {
  if (!realtimeEnabled()) return null;
  return {
    key: env.PUSHER_KEY ?? '',
    cluster: env.PUSHER_CLUSTER,
    ...(env.PUSHER_HOST ? { wsHost: env.PUSHER_HOST } : {}),
    ...(env.PUSHER_PORT ? { wsPort: env.PUSHER_PORT } : {}),
    forceTLS: env.PUSHER_USE_TLS === 'true',
    authEndpoint: '/api/pusher/auth',
    channel: userChannel(userId),
  };
}
