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

/*
 * A token read and opened is kept in this process for ACCESS_TOKEN_CACHE_MS at most, and never past its
 * refresh margin. Every Graph call used to read it from the database, and on PGlite that read waits behind
 * whatever is writing (a first sign-in's Inbox page, a burst's queue): exactly when Graph calls are many.
 * A refresh, a refusal, and a sign-in's new tokens replace or drop the entry here; on another instance
 * its copy lasts until its bound, and a token Graph stops taking meanwhile is refreshed on its 401
 * (forceRefresh) as before.
 */
export const ACCESS_TOKEN_CACHE_MS = 60_000;
const opened = processSingleton('accessTokens', () => new Map<string, { token: string; until: number }>());

function keep(userId: string, token: string, expiresAt: number | null): string {
  const until = Math.min(
    Date.now() + ACCESS_TOKEN_CACHE_MS,
    ((expiresAt ?? 0) - EXPIRY_MARGIN_SECONDS) * 1000,
  );
  if (token && until > Date.now()) opened.set(userId, { token, until });
  return token;
}

/** Drops this process's copy of a person's access token (new tokens stored, tests that expire one). */
export function forgetAccessToken(userId: string): void {
  opened.delete(userId);
}

/**
 * A valid Graph access token for a user, with or without a request around it (webhooks at 3 a.m. too).
 * Refreshes before expiry; concurrent callers that need a refresh share one. A refresh the identity
 * platform refuses for good marks the account as needing sign-in and throws ReauthRequiredError.
 */
export async function getAccessToken(
  userId: string,
  options: { forceRefresh?: boolean } = {},
): Promise<string> {
  const kept = opened.get(userId);
  if (!options.forceRefresh && kept && kept.until > Date.now()) return kept.token;
  const account = await loadAccount(userId);
  if (account.reauthRequiredAt) throw new ReauthRequiredError(userId);
  if (!options.forceRefresh && isFresh(account))
    return keep(userId, openToken(account, 'access_token', account.access_token) ?? '', account.expires_at);
  opened.delete(userId);

  let refresh = inFlight.get(userId);
  if (!refresh) {
    const seen = account.access_token;
    refresh = (async () => {
      // Another caller may have refreshed between our read and now: use its token rather than refresh twice.
      const current = await loadAccount(userId);
      if (current.access_token !== seen && isFresh(current))
        return keep(
          userId,
          openToken(current, 'access_token', current.access_token) ?? '',
          current.expires_at,
        );
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
  const expiresAt = Math.floor(Date.now() / 1000) + tokens.expires_in;
  await db.account.update({
    where: { id: account.id },
    data: {
      access_token: sealToken(account, 'access_token', tokens.access_token),
      // Entra may rotate the refresh token; keep the old one when it does not.
      refresh_token: sealToken(account, 'refresh_token', tokens.refresh_token ?? refreshToken),
      expires_at: expiresAt,
      reauthRequiredAt: null,
    },
  });
  logger.info('access token refreshed', { userId: account.userId });
  return keep(account.userId, tokens.access_token, expiresAt);
}

async function markReauthRequired(account: StoredAccount, reason: string): Promise<never> {
  forgetAccessToken(account.userId);
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
