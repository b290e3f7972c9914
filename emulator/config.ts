/**
 * Settings of one emulator process. `main.ts` reads them from EMULATOR_* variables (see README.md);
 * tests pass them directly to startEmulator().
 */
export interface EmulatorConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The one tenant the emulator serves; ID tokens carry it as `tid`. */
  tenantId: string;
  /** Seed for the deterministic mailbox contents. */
  seed: string;
  /**
   * How much faster than real time the emulator's delivery clock runs: retries with backoff, the 4-hour
   * retry window, subscription expiry checks. 1 is real time; 3600 makes an hour pass in a second.
   */
  timeScale: number;
  /** Lifetime of access tokens in seconds (short in tests, to exercise refresh). */
  accessTokenTtlSeconds: number;
  /** Graph requests allowed per app per mailbox in a 10-minute window before 429s (Outlook: 10,000). */
  requestBudget: number;
  /** Concurrent Graph requests allowed per app per mailbox before 429s (Outlook: 4). */
  maxConcurrentPerMailbox: number;
  /** The registered app that signs users in (Entra ID "app registration"). */
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  /** Window in which changes are gathered into one notification POST, in ms of real time. */
  notificationBatchWindowMs: number;
}

export const DEFAULT_TENANT_ID = '7f3c1d2e-5a4b-4c6d-8e9f-0a1b2c3d4e5f';
export const DEFAULT_EMULATOR_PORT = 4000;

/** The redirect URI Tidings sends when it runs at `appUrl` (next-auth's Azure AD callback). */
export function authCallbackUrl(appUrl: string): string {
  return new URL('/api/auth/callback/azure-ad', appUrl).href;
}

export function defaultConfig(overrides: Partial<EmulatorConfig> = {}): EmulatorConfig {
  return {
    host: '127.0.0.1',
    port: DEFAULT_EMULATOR_PORT,
    tenantId: DEFAULT_TENANT_ID,
    seed: 'tidings',
    timeScale: 1,
    accessTokenTtlSeconds: 3600,
    requestBudget: 10_000,
    maxConcurrentPerMailbox: 4,
    client: {
      clientId: 'tidings-local',
      clientSecret: 'tidings-local-secret',
      redirectUris: [3000, 3100].map((port) => authCallbackUrl(`http://localhost:${port}`)),
    },
    notificationBatchWindowMs: 100,
    ...overrides,
  };
}
