import { appEnvForEmulator, appEnvForLocalPusher } from '../emulator/app-env';

/* Ports and environment of the servers the end-to-end tests start (playwright.config.ts). */

export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4100);
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
export const PUSHER_PORT = Number(process.env.E2E_PUSHER_PORT ?? 6101);
export const PUSHER_URL = `http://127.0.0.1:${PUSHER_PORT}`;

/** What the app under test runs with: the emulator for Microsoft 365, fixed test secrets. */
export const APP_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  LOG_LEVEL: 'warn',
  NEXTAUTH_SECRET: 'e2e-only-nextauth-secret-0123456789abcdef',
  TOKEN_ENCRYPTION_KEY: 'ZTJlLW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI',
  ...appEnvForEmulator({ appUrl: APP_URL, emulatorUrl: EMULATOR_URL }),
  ...appEnvForLocalPusher(PUSHER_PORT),
};
