import { authCallbackUrl, DEFAULT_TENANT_ID, defaultConfig } from './config';

/**
 * The environment that points Tidings at a local emulator instead of Microsoft 365: used by
 * `npm run demo` and the Playwright config, so both talk to the emulator the same way.
 */
export function appEnvForEmulator(options: { appUrl: string; emulatorUrl: string }): Record<string, string> {
  const { client } = defaultConfig();
  return {
    AZURE_AD_AUTHORITY: options.emulatorUrl,
    AZURE_AD_TENANT_ID: DEFAULT_TENANT_ID,
    AZURE_AD_CLIENT_ID: client.clientId,
    AZURE_AD_CLIENT_SECRET: client.clientSecret,
    GRAPH_BASE_URL: options.emulatorUrl,
    NEXTAUTH_URL: options.appUrl,
  };
}

/**
 * The environment of an emulator process (`emulator/main.ts`) on `port` that lets the app at `appUrl`
 * sign people in: its redirect URI follows the app's port, whatever it is.
 */
export function emulatorEnvForApp(options: { appUrl: string; port: number }): Record<string, string> {
  return { EMULATOR_PORT: String(options.port), EMULATOR_REDIRECT_URIS: authCallbackUrl(options.appUrl) };
}

/** The environment that points Tidings at the local Pusher-protocol server (pusher-server/). */
export function appEnvForLocalPusher(port: number): Record<string, string> {
  return {
    PUSHER_APP_ID: 'tidings',
    PUSHER_KEY: 'tidings-key',
    PUSHER_SECRET: 'tidings-secret',
    PUSHER_CLUSTER: 'local',
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: 'false',
  };
}
