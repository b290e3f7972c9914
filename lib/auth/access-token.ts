import 'server-only';
import { z } from 'zod';
import { db } from '../db';
import { env } from '../env';
import { ReauthRequiredError } from '../graph/errors';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { openToken, sealToken } from './account-tokens';
import { discover, SIGN_IN_SCOPES } from './oidc';

export const PROVIDER = 'azure-ad';
/** Refresh this long before expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_SECONDS = 120;

/** Token errors that mean the grant is gone for good, not that the network hiccupped. */
const PERMANENT_ERRORS = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
]);

const tokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.coerce.number(),
});

const inFlight = processSingleton('tokenRefreshes', () => new Map<string, Promise<string>>());

/**
 * A valid Graph access token for a user, with or without a request around it (webhooks at 3 a.m. too).
 * Refreshes before expiry; concurrent callers that need a refresh share one. A refresh the identity
 * platform refuses for good marks the account as needing sign-in and throws ReauthRequiredError.
 */
export async function getAccessToken(
  userId: string,
  options: { forceRefresh?: boolean } = {},
): Promise<string> {
  const account = await loadAccount(userId);
  if (account.reauthRequiredAt) throw new ReauthRequiredError(userId);
  if (!options.forceRefresh && isFresh(account))
    return openToken(account, 'access_token', account.access_token) ?? '';

  let refresh = inFlight.get(userId);
  if (!refresh) {
    const seen = account.access_token;
    refresh = (async () => {
      // Another caller may have refreshed between our read and now: use its token rather than refresh twice.
      const current = await loadAccount(userId);
      if (current.access_token !== seen && isFresh(current))
        return openToken(current, 'access_token', current.access_token) ?? '';
      return refreshAccessToken(current);
    })().finally(() => inFlight.delete(userId));
    inFlight.set(userId, refresh);
  }
  return refresh;
}

function isFresh(account: StoredAccount): boolean {
  return !!account.access_token && (account.expires_at ?? 0) - EXPIRY_MARGIN_SECONDS > Date.now() / 1000;
}

async function loadAccount(userId: string) {
  const account = await db.account.findFirst({
    where: { userId, provider: PROVIDER },
    omit: { access_token: false, refresh_token: false },
  });
  if (!account) throw new ReauthRequiredError(userId);
  return account;
}

type StoredAccount = Awaited<ReturnType<typeof loadAccount>>;

async function refreshAccessToken(account: StoredAccount): Promise<string> {
  const refreshToken = openToken(account, 'refresh_token', account.refresh_token);
  if (!refreshToken) return markReauthRequired(account, 'no refresh token stored');

  const { token_endpoint } = await discover();
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: env.AZURE_AD_CLIENT_ID,
      client_secret: env.AZURE_AD_CLIENT_SECRET,
      // What this sign-in was granted: a permission added to the app since (MailboxSettings for categories)
      // is asked for at the next sign-in, not here, where asking for more than was granted fails the refresh.
      scope: account.scope?.trim() || SIGN_IN_SCOPES,
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const body: unknown = await response.json().catch(() => ({}));

  if (!response.ok) {
    const error =
      typeof body === 'object' && body && 'error' in body ? String(body.error) : `http_${response.status}`;
    if (response.status === 400 && PERMANENT_ERRORS.has(error)) return markReauthRequired(account, error);
    logger.warn('token refresh failed', { userId: account.userId, status: response.status, error });
    throw new Error(`Token refresh failed (${error}); Microsoft sign-in may be unavailable.`);
  }

  const tokens = tokenResponse.parse(body);
  await db.account.update({
    where: { id: account.id },
    data: {
      access_token: sealToken(account, 'access_token', tokens.access_token),
      // Entra may rotate the refresh token; keep the old one when it does not.
      refresh_token: sealToken(account, 'refresh_token', tokens.refresh_token ?? refreshToken),
      expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
      reauthRequiredAt: null,
    },
  });
  logger.info('access token refreshed', { userId: account.userId });
  return tokens.access_token;
}

async function markReauthRequired(account: StoredAccount, reason: string): Promise<never> {
  await db.account.update({ where: { id: account.id }, data: { reauthRequiredAt: new Date() } });
  logger.warn('sign-in required again', { userId: account.userId, reason });
  throw new ReauthRequiredError(account.userId);
}

/** Whether the person must sign in again before Tidings can reach their mailbox. */
export async function needsReauthentication(userId: string): Promise<boolean> {
  const account = await db.account.findFirst({
    where: { userId, provider: PROVIDER },
    select: { reauthRequiredAt: true },
  });
  return !account || account.reauthRequiredAt !== null;
}
