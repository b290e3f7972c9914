import { appEnvForEmulator, appEnvForLocalPusher } from '../emulator/app-env';

/* Ports and environment of the servers the end-to-end tests start (playwright.config.ts). */

export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4100);
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
export const PUSHER_PORT = Number(process.env.E2E_PUSHER_PORT ?? 6101);
export const PUSHER_URL = `http://127.0.0.1:${PUSHER_PORT}`;

/*
 * One-click unsubscribe's test seam (lib/mail/unsubscribe-overrides.ts): news.example.com resolves to a
 * public-looking address whose connections reach a listener e2e/unsubscribe-junk.spec.ts runs on this port;
 * intranet.example.com resolves to a private one. Only those names and that address are touched, so no other
 * spec notices.
 */
export const UNSUBSCRIBE_PORT = Number(process.env.E2E_UNSUBSCRIBE_PORT ?? APP_PORT + 2700);
export const UNSUBSCRIBE_PUBLIC_ADDRESS = '203.0.113.7';

/** What the app under test runs with: the emulator for Microsoft 365, fixed test secrets. */
export const APP_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  LOG_LEVEL: 'warn',
  NEXTAUTH_SECRET: 'e2e-only-nextauth-secret-0123456789abcdef',
  TOKEN_ENCRYPTION_KEY: 'ZTJlLW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI',
  ...appEnvForEmulator({ appUrl: APP_URL, emulatorUrl: EMULATOR_URL }),
  ...appEnvForLocalPusher(PUSHER_PORT),
  // Graph's rich notifications (the changed message sealed in the notification): every live update in these
  // tests takes that path, and e2e/live.spec.ts checks that Graph is not asked for the new mail.
  RICH_NOTIFICATIONS: 'on',
  UNSUBSCRIBE_TEST_MODE: 'on',
  UNSUBSCRIBE_TEST_RESOLVE: `news.example.com=${UNSUBSCRIBE_PUBLIC_ADDRESS},intranet.example.com=192.168.10.5`,
  UNSUBSCRIBE_TEST_CONNECT: `${UNSUBSCRIBE_PUBLIC_ADDRESS}=127.0.0.1:${UNSUBSCRIBE_PORT}`,
};
