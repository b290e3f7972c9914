import { signInWithCodeFlow } from '../../emulator/identity/code-flow';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../../emulator/testing';

/*
 * Integration-test setup for code that calls Graph on a user's behalf: an in-process emulator, the app's
 * environment pointed at it, a migrated database, and users signed in through the real code flow with
 * their tokens stored the way next-auth stores them (through our encrypting adapter).
 * Import app modules only after startAppEmulator(): lib/env reads the environment once, on import.
 */

export const PASSWORDS: Record<string, string> = {
  adele: 'Adele-demo-1',
  alex: 'Alex-demo-1',
  megan: 'Megan-demo-1',
};

export async function startAppEmulator(
  overrides: Parameters<typeof startTestEmulator>[0] = {},
): Promise<RunningEmulator> {
  const emulator = await startTestEmulator(overrides);
  process.env.AZURE_AD_AUTHORITY = emulator.url;
  process.env.GRAPH_BASE_URL = emulator.url;
  process.env.AZURE_AD_TENANT_ID = emulator.config.tenantId;
  process.env.AZURE_AD_CLIENT_ID = emulator.config.client.clientId;
  process.env.AZURE_AD_CLIENT_SECRET = emulator.config.client.clientSecret;
  const { prepareTestDatabase } = await import('./database');
  await prepareTestDatabase();
  return emulator;
}

/**
 * Signs `alias` in through the emulator and stores user, account and tokens; returns the user id. `scope`
 * is what the sign-in asks for (the emulator's default set unless given).
 */
export async function signInUser(
  emulator: RunningEmulator,
  alias: string,
  { scope }: { scope?: string } = {},
): Promise<{ userId: string; refreshToken: string }> {
  const tokens = await signInWithCodeFlow(emulator, `${alias}@contoso.test`, PASSWORDS[alias] ?? '', {
    scope,
  });
  const person = emulator.ctx.store.findUser(alias);
  if (!person) throw new Error(`no seeded user ${alias}`);
  const { db } = await import('../db');
  const { encryptedPrismaAdapter } = await import('../auth/adapter');
  // Unique per test run, so suites sharing one PostgreSQL database never collide.
  const providerAccountId = `${person.id}:${crypto.randomUUID()}`;
  const user = await db.user.create({
    data: { name: person.displayName, email: `${crypto.randomUUID()}.${person.mail}` },
  });
  const adapter = encryptedPrismaAdapter();
  await adapter.linkAccount?.({
    userId: user.id,
    type: 'oauth',
    provider: 'azure-ad',
    providerAccountId,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    id_token: tokens.id_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
    token_type: 'Bearer',
    scope: tokens.scope,
  });
  return { userId: user.id, refreshToken: tokens.refresh_token ?? '' };
}

/** Makes the stored access token look expired, so the next call must refresh. */
export async function expireAccessToken(userId: string): Promise<void> {
  const { db } = await import('../db');
  const { forgetAccessToken } = await import('../auth/access-token');
  await db.account.updateMany({
    where: { userId },
    data: { expires_at: Math.floor(Date.now() / 1000) - 10 },
  });
  // Time passing would end this process's copy too (access-token.ts).
  forgetAccessToken(userId);
}

/** The emulator's control API: POST with a JSON body, or DELETE without one (clearing faults, logs). */
export function emulatorControl(emulator: RunningEmulator, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}/_emulator${path}`, {
    method: body === undefined ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
