import { createHash, randomBytes } from 'node:crypto';
import type { RunningEmulator } from '../server';

/*
 * The OAuth 2.0 authorization-code flow against the emulator's issuer, done over HTTP the way a browser and
 * a confidential web app (next-auth) do it, so tests get real tokens through the real sign-in form.
 */

export const DEFAULT_SIGN_IN_SCOPE = 'openid profile email offline_access User.Read Mail.ReadWrite Mail.Send';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

export interface CodeFlowOptions {
  scope?: string;
  /** Defaults to the first registered redirect URI. */
  redirectUri?: string;
  /** Send a PKCE S256 challenge, as next-auth does. Default true. */
  pkce?: boolean;
  /** How the app authenticates at the token endpoint. Default client_secret_post. */
  clientAuth?: 'client_secret_post' | 'client_secret_basic';
}

/** A page the browser ended on, or the redirect back to the app that ends the flow. */
export type Navigation =
  | { kind: 'page'; url: string; status: number; html: string }
  | { kind: 'callback'; url: URL };

/** A cookie-keeping browser that follows redirects by hand and stops at the app's redirect URI. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly isCallback: (url: URL) => boolean) {}

  async navigate(url: string, init: RequestInit = {}): Promise<Navigation> {
    let current = url;
    let request: RequestInit = init;
    for (let hop = 0; hop < 20; hop += 1) {
      const headers = new Headers(request.headers);
      if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
      const response = await fetch(current, { ...request, headers, redirect: 'manual' });
      this.keepCookies(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const next = new URL(location, current);
        if (this.isCallback(next)) return { kind: 'callback', url: next };
        current = next.href;
        request = {};
        continue;
      }
      return { kind: 'page', url: current, status: response.status, html: await response.text() };
    }
    throw new Error(`more than 20 redirects starting at ${url}`);
  }

  /** Submits the page's (first) form with the given fields, as a browser would. */
  submitForm(page: { url: string; html: string }, fields: Record<string, string>): Promise<Navigation> {
    const action = /<form[^>]*\saction="([^"]*)"/i.exec(page.html)?.[1];
    if (action === undefined) throw new Error(`no form on ${page.url}`);
    const target = new URL(unescapeHtml(action), page.url).href;
    return this.navigate(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private keepCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.split('=');
        const lower = key.trim().toLowerCase();
        if (lower === 'max-age') return Number(raw) <= 0;
        if (lower === 'expires') return Date.parse(raw) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier: string | undefined;
  redirectUri: string;
}

/** An authorization request URL like next-auth's azure-ad provider builds it. */
export function authorizationRequest(
  emulator: RunningEmulator,
  options: CodeFlowOptions & { extraParams?: Record<string, string> } = {},
): AuthorizationRequest {
  const redirectUri = options.redirectUri ?? firstRedirectUri(emulator);
  const state = randomBytes(16).toString('base64url');
  const codeVerifier = options.pkce === false ? undefined : randomBytes(32).toString('base64url');
  const url = new URL(`${emulator.ctx.issuer()}/authorize`);
  url.search = new URLSearchParams({
    client_id: emulator.config.client.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: options.scope ?? DEFAULT_SIGN_IN_SCOPE,
    state,
    ...(codeVerifier
      ? {
          code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
          code_challenge_method: 'S256',
        }
      : {}),
    ...options.extraParams,
  }).toString();
  return { url: url.href, state, codeVerifier, redirectUri };
}

export function browserFor(emulator: RunningEmulator): Browser {
  const redirectUris = emulator.config.client.redirectUris;
  return new Browser((url) => redirectUris.some((uri) => url.href.startsWith(`${uri}?`) || url.href === uri));
}

/**
 * Signs `login` in through the emulator's sign-in form and exchanges the code for tokens. Throws with the
 * page's error message when sign-in fails.
 */
export async function signInWithCodeFlow(
  emulator: RunningEmulator,
  login: string,
  password: string,
  options: CodeFlowOptions = {},
): Promise<TokenSet> {
  const request = authorizationRequest(emulator, options);
  const browser = browserFor(emulator);
  const form = await browser.navigate(request.url);
  if (form.kind !== 'page' || !form.html.includes('name="password"')) {
    throw new Error(`expected the sign-in form, got ${describe(form)}`);
  }
  const result = await browser.submitForm(form, { login, password });
  if (result.kind !== 'callback') throw new Error(`sign-in did not return to the app: ${describe(result)}`);
  const params = result.url.searchParams;
  const error = params.get('error');
  if (error) throw new Error(`authorization failed: ${error}: ${params.get('error_description') ?? ''}`);
  if (params.get('state') !== request.state) throw new Error('state mismatch in the authorization response');
  const code = params.get('code');
  if (!code) throw new Error(`no code in ${result.url.href}`);
  return exchangeCode(emulator, code, request, options.clientAuth);
}

export async function exchangeCode(
  emulator: RunningEmulator,
  code: string,
  request: Pick<AuthorizationRequest, 'redirectUri' | 'codeVerifier'>,
  clientAuth: CodeFlowOptions['clientAuth'] = 'client_secret_post',
): Promise<TokenSet> {
  return tokenRequest(
    emulator,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: request.redirectUri,
      ...(request.codeVerifier ? { code_verifier: request.codeVerifier } : {}),
    },
    clientAuth,
  );
}

/** Redeems a refresh token as the registered app. Throws TokenEndpointError on an error answer. */
export function refreshWithToken(
  emulator: RunningEmulator,
  refreshToken: string,
  options: { scope?: string; clientAuth?: CodeFlowOptions['clientAuth'] } = {},
): Promise<TokenSet> {
  return tokenRequest(
    emulator,
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(options.scope ? { scope: options.scope } : {}),
    },
    options.clientAuth ?? 'client_secret_post',
  );
}

export class TokenEndpointError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`token endpoint answered ${status} ${error}: ${description}`);
    this.name = 'TokenEndpointError';
  }
}

async function tokenRequest(
  emulator: RunningEmulator,
  fields: Record<string, string>,
  clientAuth: NonNullable<CodeFlowOptions['clientAuth']>,
): Promise<TokenSet> {
  const { clientId, clientSecret } = emulator.config.client;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(fields);
  if (clientAuth === 'client_secret_basic') {
    // RFC 6749 §2.3.1: id and secret are form-encoded before base64.
    const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  } else {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  }
  const response = await fetch(await tokenEndpoint(emulator), { method: 'POST', headers, body });
  const json: unknown = await response.json();
  const answer = (json ?? {}) as Record<string, unknown>;
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new TokenEndpointError(response.status, String(answer.error), String(answer.error_description));
  }
  return answer as unknown as TokenSet;
}

async function tokenEndpoint(emulator: RunningEmulator): Promise<string> {
  const response = await fetch(`${emulator.ctx.issuer()}/.well-known/openid-configuration`);
  const discovery = (await response.json()) as { token_endpoint?: unknown };
  if (typeof discovery.token_endpoint !== 'string') throw new Error('discovery names no token endpoint');
  return discovery.token_endpoint;
}

function firstRedirectUri(emulator: RunningEmulator): string {
  const uri = emulator.config.client.redirectUris[0];
  if (!uri) throw new Error('the emulator has no registered redirect URI');
  return uri;
}

function describe(navigation: Navigation): string {
  if (navigation.kind === 'callback') return `a redirect to ${navigation.url.href}`;
  const error = /role="alert">([^<]*)</.exec(navigation.html)?.[1];
  return `${navigation.status} at ${navigation.url}${error ? `: ${unescapeHtml(error)}` : ''}`;
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
