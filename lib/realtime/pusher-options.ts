import type Pusher from 'pusher';

/** The Pusher variables as the environment holds them (validated by lib/env.ts, or raw for the doctor). */
export interface PusherVariables {
  PUSHER_APP_ID?: string;
  PUSHER_KEY?: string;
  PUSHER_SECRET?: string;
  PUSHER_CLUSTER?: string;
  PUSHER_HOST?: string;
  PUSHER_PORT?: string | number;
  PUSHER_USE_TLS?: string;
}

/** The server SDK's options from those variables: Pusher's own hosts, or a self-hosted server's. */
export function pusherOptions(vars: PusherVariables): Pusher.Options {
  return {
    appId: vars.PUSHER_APP_ID ?? '',
    key: vars.PUSHER_KEY ?? '',
    secret: vars.PUSHER_SECRET ?? '',
    cluster: vars.PUSHER_CLUSTER || 'mt1',
    useTLS: vars.PUSHER_USE_TLS === 'true',
    ...(vars.PUSHER_HOST ? { host: vars.PUSHER_HOST } : {}),
    ...(vars.PUSHER_PORT ? { port: String(vars.PUSHER_PORT) } : {}),
  };
}
