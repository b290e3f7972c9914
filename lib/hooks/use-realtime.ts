'use client';

import type Pusher from 'pusher-js';
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { RealtimeClientConfig, RealtimeEventName, RealtimeEvents } from '@/lib/realtime/events';

/*
 * One Pusher connection per tab, shared by every component that listens. pusher-js is imported
 * dynamically, in the browser only, so the server bundle never loads it.
 */

export type ConnectionState =
  | 'initialized'
  | 'connecting'
  | 'connected'
  | 'unavailable'
  | 'failed'
  | 'disconnected';

type AnyEvent = { [N in RealtimeEventName]: { name: N; data: RealtimeEvents[N] } }[RealtimeEventName];

const EVENT_NAMES: RealtimeEventName[] = [
  'message.created',
  'message.updated',
  'message.deleted',
  'folders.counts',
  'folders.changed',
  'mailbox.changed',
];

interface Connection {
  id: string;
  pusher: Promise<Pusher | null>;
  state: ConnectionState;
  everConnected: boolean;
  stateListeners: Set<() => void>;
  eventListeners: Set<(event: AnyEvent) => void>;
  reconnectListeners: Set<() => void>;
}

let shared: Connection | null = null;

const RETRY_MS = 3000;

const configId = (config: RealtimeClientConfig) =>
  [config.key, config.wsHost, config.wsPort, config.channel].join('|');

function connect(config: RealtimeClientConfig): Connection {
  const id = configId(config);
  if (shared?.id === id) return shared;
  if (shared) void shared.pusher.then((old) => old?.disconnect());
  const connection: Connection = {
    id,
    pusher: Promise.resolve(null),
    state: 'initialized',
    everConnected: false,
    stateListeners: new Set(),
    eventListeners: new Set(),
    reconnectListeners: new Set(),
  };
  connection.pusher = import('pusher-js')
    .then(({ default: PusherJs }) => {
      const pusher = new PusherJs(config.key, {
        cluster: config.cluster,
        ...(config.wsHost ? { wsHost: config.wsHost } : {}),
        ...(config.wsPort ? { wsPort: config.wsPort, wssPort: config.wsPort } : {}),
        forceTLS: config.forceTLS,
        enabledTransports: config.forceTLS ? ['wss'] : ['ws'],
        channelAuthorization: { endpoint: config.authEndpoint, transport: 'ajax' },
      });
      // After a failed attempt pusher-js waits out a 15–60 s timer before the next one, so a server that
      // came back stays unheard for up to a minute; while down we start a fresh attempt every few seconds.
      let nudge: ReturnType<typeof setInterval> | null = null;
      pusher.connection.bind('state_change', ({ current }: { current: ConnectionState }) => {
        if ((current === 'connecting' || current === 'unavailable') && !nudge) {
          nudge = setInterval(() => {
            pusher.disconnect();
            pusher.connect();
          }, RETRY_MS);
        } else if ((current === 'connected' || current === 'failed') && nudge) {
          clearInterval(nudge);
          nudge = null;
        }
        const reconnected = current === 'connected' && connection.everConnected;
        if (current === 'connected') connection.everConnected = true;
        connection.state = current;
        for (const listener of connection.stateListeners) listener();
        // Whatever was published while we were away is not replayed: listeners re-read their data.
        if (reconnected) for (const listener of connection.reconnectListeners) listener();
      });
      const channel = pusher.subscribe(config.channel);
      for (const name of EVENT_NAMES) {
        channel.bind(name, (data: unknown) => {
          const event = { name, data } as AnyEvent;
          for (const listener of connection.eventListeners) listener(event);
        });
      }
      return pusher;
    })
    .catch((error: unknown) => {
      console.error('realtime: could not start pusher-js', error);
      return null;
    });
  shared = connection;
  return connection;
}

const noop = () => {};

/** pusher-js's connection state, or null when real time isn't configured. */
export function useRealtimeState(config: RealtimeClientConfig | null): ConnectionState | null {
  return useSyncExternalStore(
    (onChange) => {
      if (!config) return noop;
      const connection = connect(config);
      connection.stateListeners.add(onChange);
      return () => connection.stateListeners.delete(onChange);
    },
    () => {
      if (!config) return null;
      return shared?.id === configId(config) ? shared.state : 'initialized';
    },
    () => null,
  );
}

/** Calls `onEvent` for every event on the person's channel and `onReconnect` after each reconnect. */
export function useRealtimeEvents(
  config: RealtimeClientConfig | null,
  onEvent: (event: AnyEvent) => void,
  onReconnect: () => void,
) {
  const handleEvent = useEffectEvent(onEvent);
  const handleReconnect = useEffectEvent(onReconnect);
  useEffect(() => {
    if (!config) return;
    const connection = connect(config);
    const eventListener = (event: AnyEvent) => handleEvent(event);
    const reconnectListener = () => handleReconnect();
    connection.eventListeners.add(eventListener);
    connection.reconnectListeners.add(reconnectListener);
    return () => {
      connection.eventListeners.delete(eventListener);
      connection.reconnectListeners.delete(reconnectListener);
    };
  }, [config]);
}

export type { AnyEvent as RealtimeEvent };

/* Messages that just arrived, so their rows can flash once. */
const FRESH_MS = 2500;
const fresh = new Set<string>();
const freshListeners = new Set<() => void>();

export function markFresh(id: string) {
  fresh.add(id);
  for (const listener of freshListeners) listener();
  setTimeout(() => {
    fresh.delete(id);
    for (const listener of freshListeners) listener();
  }, FRESH_MS);
}

export function useIsFresh(id: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      freshListeners.add(onChange);
      return () => freshListeners.delete(onChange);
    },
    () => fresh.has(id),
    () => false,
  );
}
