import { z } from 'zod';
import { parseEncryptionKey } from './auth/token-crypto';
import { parseDatabaseUrl } from './database/url';
import { parseConnectOverrides, parseResolveOverrides } from './mail/unsubscribe-overrides';

/**
 * Every environment variable Tidings reads, validated once. Code reads `env.X`, never `process.env.X`.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default instead of failing.
 * `.env.example` lists every variable with a comment; keep the two in step.
 */
const emptyAsUnset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyAsUnset, schema.default(fallback as never));
const requiredText = () =>
  z.preprocess(
    emptyAsUnset,
    z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') }),
  );
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));

const serverSchema = z.object({
  NODE_ENV: withDefault(z.enum(['development', 'test', 'production']), 'development'),
  DATABASE_URL: optional(z.string()).superRefine((value, ctx) => {
    try {
      parseDatabaseUrl(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^DATABASE_URL /, '') });
    }
  }),
  LOG_LEVEL: withDefault(z.enum(['debug', 'info', 'warn', 'error']), 'info'),

  // Sign-in with Microsoft Entra ID (or the local emulator's issuer).
  AZURE_AD_CLIENT_ID: requiredText(),
  AZURE_AD_CLIENT_SECRET: requiredText(),
  AZURE_AD_TENANT_ID: withDefault(z.string(), 'organizations'),
  AZURE_AD_AUTHORITY: withDefault(httpUrl, 'https://login.microsoftonline.com'),
  GRAPH_BASE_URL: withDefault(httpUrl, 'https://graph.microsoft.com'),
  NEXTAUTH_URL: optional(httpUrl),
  NEXTAUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)')),
  // Where Graph delivers change notifications: <PUBLIC_URL>/api/graph/notifications (default NEXTAUTH_URL).
  PUBLIC_URL: optional(httpUrl),
  // In-process queue sweeper and subscription maintenance (on a Node host); "off" where a cron calls the route.
  NOTIFICATIONS_SCHEDULER: withDefault(z.enum(['on', 'off']), 'on'),
  /** Subscriptions with includeResourceData (rich notifications, lib/notifications/certificate.ts). */
  RICH_NOTIFICATIONS: withDefault(z.enum(['on', 'off']), 'off'),
  /** The time a mail's sanitizing may take, queueing included, before the plain-text fallback is shown. */
  MAIL_RENDER_BUDGET_MS: withDefault(z.coerce.number().int().min(100).max(600_000), 4_000),
  /** The longest a change Graph never announced may take to reach the cache (lib/notifications/safety-net.ts). */
  SAFETY_NET_MINUTES: withDefault(z.coerce.number().min(0.1).max(1440), 15),
  /** What each browser keeps for offline use (lib/offline/prefetch.ts): the newest messages of the Inbox… */
  OFFLINE_INBOX_MESSAGES: withDefault(z.coerce.number().int().min(0).max(5_000), 500),
  /** …of every other folder… */
  OFFLINE_FOLDER_MESSAGES: withDefault(z.coerce.number().int().min(0).max(5_000), 100),
  /** …how many messages' bodies (the newest unread, then the newest), and the most space bodies may take. */
  OFFLINE_BODIES: withDefault(z.coerce.number().int().min(0).max(2_000), 50),
  OFFLINE_BODY_SPACE_MB: withDefault(z.coerce.number().min(1).max(1_000), 25),
  // Bearer secret for GET /api/cron/subscriptions; while unset the route refuses every call.
  CRON_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  // Pusher Channels for live updates; all unset turns real time off (the app still works, it just polls less).
  PUSHER_APP_ID: optional(z.string()),
  PUSHER_KEY: optional(z.string()),
  PUSHER_SECRET: optional(z.string()),
  PUSHER_CLUSTER: withDefault(z.string(), 'mt1'),
  // A self-hosted or local Pusher-protocol server instead of Pusher's cluster hosts (browser and server alike).
  PUSHER_HOST: optional(z.string()),
  PUSHER_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  PUSHER_USE_TLS: withDefault(z.enum(['true', 'false']), 'true'),
  /*
   * Tests only: one-click unsubscribe's seam (lib/mail/unsubscribe-overrides.ts). RESOLVE replaces a name's
   * DNS answer ("news.example.com=203.0.113.7"), which is still checked; CONNECT sends a connection to an
   * address that passed the check elsewhere ("203.0.113.7=127.0.0.1:4730"). Refused in production unless
   * UNSUBSCRIBE_TEST_MODE=on.
   */
  UNSUBSCRIBE_TEST_RESOLVE: optional(z.string()).superRefine((value, ctx) => {
    try {
      parseResolveOverrides(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  UNSUBSCRIBE_TEST_CONNECT: optional(z.string()).superRefine((value, ctx) => {
    try {
      parseConnectOverrides(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  UNSUBSCRIBE_TEST_MODE: withDefault(z.enum(['on', 'off']), 'off'),
  TOKEN_ENCRYPTION_KEY: requiredText().superRefine((value, ctx) => {
    try {
      parseEncryptionKey(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
});

export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Validates a set of variables; throws an EnvError naming each bad variable and what it expects. */
export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverSchema.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const received = issue.code === 'invalid_value' ? `; got "${source[name] ?? ''}"` : '';
        return `${name}: ${issue.message}${received}`;
      });
  // Checked outside the schema so it is reported together with any other problem.
  if (source.NODE_ENV === 'production' && !source.NEXTAUTH_SECRET?.trim()) {
    problems.push('NEXTAUTH_SECRET: is required in production');
  }
  // The unsubscribe test seam redirects connections: never on a real deployment by accident.
  const seams = (['UNSUBSCRIBE_TEST_RESOLVE', 'UNSUBSCRIBE_TEST_CONNECT'] as const).filter((n) =>
    source[n]?.trim(),
  );
  if (source.NODE_ENV === 'production' && source.UNSUBSCRIBE_TEST_MODE?.trim() !== 'on') {
    for (const name of seams)
      problems.push(`${name}: is for tests only; in production it needs UNSUBSCRIBE_TEST_MODE=on`);
  }
  // Pusher needs all three credentials or none: a half-filled set would fail later, at the first event.
  const pusher = ['PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET'] as const;
  const pusherSet = pusher.filter((name) => source[name]?.trim());
  if (pusherSet.length > 0 && pusherSet.length < pusher.length) {
    for (const name of pusher.filter((n) => !pusherSet.includes(n))) {
      problems.push(
        `${name}: is required when ${pusherSet.join(' and ')} ${pusherSet.length > 1 ? 'are' : 'is'} set`,
      );
    }
  }
  if (!result.success || problems.length) throw new EnvError(problems);
  return result.data;
}

/*
 * `next build` imports route modules to collect page data, without the deployment's secrets. Validation
 * then runs when the server starts (instrumentation.ts imports this module first), which is where a
 * missing variable must stop it.
 */
const building = process.env.NEXT_PHASE === 'phase-production-build';

export const env: ServerEnv = building ? (process.env as unknown as ServerEnv) : parseEnv(process.env);
