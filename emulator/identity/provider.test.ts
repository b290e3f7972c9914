import { GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, startTestEmulator } from '../testing';
import {
  authorizationRequest,
  browserFor,
  refreshWithToken,
  signInWithCodeFlow,
  TokenEndpointError,
} from './code-flow';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

async function me(token: string): Promise<{ displayName: string; id: string }> {
  return (await graphClient(emulator, { token })).api('/me').get();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function control(path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}/_emulator${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('discovery', () => {
  it('publishes an issuer equal to ctx.issuer() with its endpoints under it', async () => {
    const issuer = emulator.ctx.issuer();
    expect(issuer).toBe(`${emulator.url}/${emulator.config.tenantId}/v2.0`);
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.issuer).toBe(issuer);
    for (const endpoint of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'userinfo_endpoint',
      'end_session_endpoint',
    ]) {
      expect(doc[endpoint], endpoint).toMatch(new RegExp(`^${issuer}/`));
    }
    expect(doc.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
    expect(doc.code_challenge_methods_supported).toContain('S256');
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access']));

    const jwks = await (await fetch(doc.jwks_uri)).json();
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kid: emulator.ctx.tokens.publicJwk.kid, kty: 'RSA' }),
    ]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('authorization-code flow', () => {
  it('signs Adele in and the access token works at Graph', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'adele@contoso.test', 'Adele-demo-1');
    const adele = emulator.ctx.store.findUser('adele');
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBeGreaterThan(3500);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: emulator.ctx.issuer(),
      aud: 'https://graph.microsoft.com',
      oid: adele?.id,
      sub: adele?.id,
      tid: emulator.config.tenantId,
      appid: emulator.config.client.clientId,
      azp: emulator.config.client.clientId,
      scp: 'User.Read Mail.ReadWrite Mail.Send',
    });
    expect(claims).not.toHaveProperty('scope');

    const profile = await me(tokens.access_token);
    expect(profile.displayName).toBe('Adele Vance');
    expect(profile.id).toBe(adele?.id);
  });

  it('puts name, email, preferred_username, oid and tid in the ID token', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'alex', 'Alex-demo-1');
    const alex = emulator.ctx.store.findUser('alex');
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({
      iss: emulator.ctx.issuer(),
      aud: emulator.config.client.clientId,
      sub: alex?.id,
      oid: alex?.id,
      tid: emulator.config.tenantId,
      name: 'Alex Wilber',
      email: 'alex@contoso.test',
      preferred_username: 'alex@contoso.test',
    });
  });

  it('works without PKCE, with client_secret_basic and with resource-prefixed scopes', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'megan', 'Megan-demo-1', {
      pkce: false,
      clientAuth: 'client_secret_basic',
      scope:
        'openid offline_access https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read',
    });
    expect(decodeJwt(tokens.access_token).scp).toBe('Mail.Read User.Read');
    expect((await me(tokens.access_token)).displayName).toBe('Megan Bowen');
  });

  it('answers userinfo for the Graph access token', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'adele', 'Adele-demo-1');
    const doc = await (await fetch(`${emulator.ctx.issuer()}/.well-known/openid-configuration`)).json();
    const response = await fetch(doc.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'Adele Vance', email: 'adele@contoso.test' });
  });

  it('shows the form again with an error on a wrong password, and issues no code', async () => {
    const request = authorizationRequest(emulator);
    const browser = browserFor(emulator);
    const form = await browser.navigate(request.url);
    expect(form.kind).toBe('page');
    if (form.kind !== 'page') return;
    expect(form.html).toContain('<label for="password">');

    const retry = await browser.submitForm(form, { login: 'adele', password: 'wrong' });
    expect(retry.kind).toBe('page');
    if (retry.kind !== 'page') return;
    expect(retry.status).toBe(200);
    expect(retry.html).toMatch(/role="alert">Your account or password is incorrect/);
    expect(retry.html).toContain('value="adele"');

    // The same interaction still accepts the right password afterwards.
    const done = await browser.submitForm(retry, { login: 'adele', password: 'Adele-demo-1' });
    expect(done.kind).toBe('callback');
    if (done.kind !== 'callback') return;
    expect(done.url.searchParams.get('code')).toEqual(expect.any(String));
    expect(done.url.searchParams.get('state')).toBe(request.state);
  });

  it('rejects an unregistered redirect_uri without redirecting to it', async () => {
    const request = authorizationRequest(emulator, { redirectUri: 'https://attacker.example/callback' });
    const response = await fetch(request.url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });
});

describe('refresh tokens', () => {
  it('returns a new access token that Graph accepts', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'adele', 'Adele-demo-1');
    const refreshed = await refreshWithToken(emulator, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(decodeJwt(refreshed.access_token).scp).toBe('User.Read Mail.ReadWrite Mail.Send');
    expect((await me(refreshed.access_token)).displayName).toBe('Adele Vance');
    // Entra keeps refresh tokens valid after use; a second refresh with the same one still works.
    const again = await refreshWithToken(emulator, tokens.refresh_token ?? '', {
      clientAuth: 'client_secret_basic',
    });
    expect(again.access_token).toEqual(expect.any(String));
  });

  it('stop working after revoke-sessions with invalid_grant', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'alex', 'Alex-demo-1');
    const other = await signInWithCodeFlow(emulator, 'megan', 'Megan-demo-1');
    const response = await control('/users/alex@contoso.test/revoke-sessions', {});
    expect(response.status).toBe(200);

    const error = await rejection(refreshWithToken(emulator, tokens.refresh_token ?? ''));
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
    // Graph refuses Alex's existing access token at once (as with Continuous Access Evaluation).
    const refused = await graphErrorOf(
      (await graphClient(emulator, { token: tokens.access_token })).api('/me').get(),
    );
    expect(refused.statusCode).toBe(401);
    // Other users keep their sessions and tokens.
    expect((await refreshWithToken(emulator, other.refresh_token ?? '')).access_token).toEqual(
      expect.any(String),
    );
    const megan = await (await graphClient(emulator, { token: other.access_token })).api('/me').get();
    expect(megan.userPrincipalName).toBe('megan@contoso.test');
  });
});

describe('short-lived access tokens', () => {
  let shortLived: RunningEmulator;
  beforeAll(async () => {
    shortLived = await startTestEmulator({ accessTokenTtlSeconds: 1 });
  });
  afterAll(() => shortLived.close());

  it('expire at Graph while the refreshed token works', async () => {
    const tokens = await signInWithCodeFlow(shortLived, 'adele', 'Adele-demo-1');
    expect(tokens.expires_in).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));

    const expired = await rejection(
      (await graphClient(shortLived, { token: tokens.access_token })).api('/me').get(),
    );
    expect(expired).toBeInstanceOf(ClientGraphError);
    expect(expired).toMatchObject({ statusCode: 401 });

    const refreshed = await refreshWithToken(shortLived, tokens.refresh_token ?? '');
    const profile = await (await graphClient(shortLived, { token: refreshed.access_token })).api('/me').get();
    expect(profile.displayName).toBe('Adele Vance');
  });
});

describe('consent', () => {
  it('redirects with consent_required and AADSTS65001 while consent is required', async () => {
    expect((await control('/identity/consent', { required: true })).status).toBe(200);
    try {
      expect(await (await control('/identity')).json()).toMatchObject({ consentRequired: true });
      const request = authorizationRequest(emulator);
      const result = await browserFor(emulator).navigate(request.url);
      expect(result.kind).toBe('callback');
      if (result.kind !== 'callback') return;
      expect(result.url.origin + result.url.pathname).toBe(request.redirectUri);
      expect(result.url.searchParams.get('error')).toBe('consent_required');
      expect(result.url.searchParams.get('error_description')).toMatch(
        /^AADSTS65001: The user or administrator has not consented to use the application/,
      );
      expect(result.url.searchParams.get('state')).toBe(request.state);
      expect(result.url.searchParams.get('code')).toBeNull();
    } finally {
      await control('/identity/consent', { required: false });
    }
    const tokens = await signInWithCodeFlow(emulator, 'adele', 'Adele-demo-1');
    expect(tokens.access_token).toEqual(expect.any(String));
  });
});

describe('browser sessions', () => {
  async function signInBrowser(login: string, password: string) {
    const browser = browserFor(emulator);
    const form = await browser.navigate(authorizationRequest(emulator).url);
    if (form.kind !== 'page') throw new Error('expected the sign-in form');
    const done = await browser.submitForm(form, { login, password });
    expect(done.kind).toBe('callback');
    return browser;
  }

  it('keeps the browser signed in until revoke-sessions, and prompt=login asks again', async () => {
    const browser = await signInBrowser('megan', 'Megan-demo-1');
    const silent = await browser.navigate(authorizationRequest(emulator).url);
    expect(silent.kind).toBe('callback');

    const forced = await browser.navigate(
      authorizationRequest(emulator, { extraParams: { prompt: 'select_account' } }).url,
    );
    expect(forced.kind === 'page' && forced.html.includes('name="password"')).toBe(true);

    await control('/users/megan/revoke-sessions', {});
    const after = await browser.navigate(authorizationRequest(emulator).url);
    expect(after.kind === 'page' && after.html.includes('name="password"')).toBe(true);
  });

  it('signs out at the end_session endpoint', async () => {
    const browser = await signInBrowser('alex', 'Alex-demo-1');
    const doc = await (await fetch(`${emulator.ctx.issuer()}/.well-known/openid-configuration`)).json();
    const confirm = await browser.navigate(doc.end_session_endpoint);
    expect(confirm.kind).toBe('page');
    if (confirm.kind !== 'page') return;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const done = await browser.submitForm(confirm, { xsrf, logout: 'yes' });
    expect(done.kind === 'page' && done.html.includes('You signed out')).toBe(true);

    const next = await browser.navigate(authorizationRequest(emulator).url);
    expect(next.kind === 'page' && next.html.includes('name="password"')).toBe(true);
  });

  it('lists the identity settings', async () => {
    expect(await (await control('/identity')).json()).toEqual({
      issuer: emulator.ctx.issuer(),
      discovery: `${emulator.ctx.issuer()}/.well-known/openid-configuration`,
      clientId: emulator.config.client.clientId,
      redirectUris: emulator.config.client.redirectUris,
      accessTokenTtlSeconds: 3600,
      consentRequired: false,
    });
  });
});
