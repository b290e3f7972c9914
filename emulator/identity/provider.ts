import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import Provider, { type Configuration, errors } from 'oidc-provider';
import type { EmulatorContext } from '../context';
import { MemoryStore } from './adapter';
import { registerInteractionRoutes } from './interactions';
import { GRAPH_SCOPE_SPELLINGS, grantRequestedScopes, OIDC_SCOPES, scpFor } from './scopes';
import { GRAPH_AUDIENCE } from './tokens';
import { errorPage, signedOutPage, signOutPage } from './views';

export interface IdentityProvider {
  /** Mounted at /<tenantId>. */
  router: Router;
  registerControl(control: Router): void;
  close(): Promise<void>;
}

/** Settings the control API can change while the emulator runs. */
export interface IdentitySettings {
  /** While true, authorization requests fail like Entra's AADSTS65001 (admin consent missing). */
  consentRequired: boolean;
}

const DAY = 24 * 60 * 60;

/**
 * Paths under the issuer, named after Entra's (/oauth2/v2.0/authorize and so on) as far as the issuer
 * prefix allows; clients find them through discovery.
 */
const ROUTES = {
  authorization: '/authorize',
  token: '/token',
  jwks: '/keys',
  userinfo: '/userinfo',
  end_session: '/logout',
  revocation: '/revoke',
};

/**
 * An OpenID Connect issuer shaped like Entra ID v2, built on oidc-provider and mounted at /<tenantId> so
 * that its issuer is ctx.issuer() (`/<tenantId>/v2.0`). Access tokens are JWTs for Graph, signed with the
 * key ctx.tokens verifies, so the Graph routes accept them as they accept Entra's.
 */
export async function createIdentityProvider(ctx: EmulatorContext): Promise<IdentityProvider> {
  const settings: IdentitySettings = { consentRequired: false };
  const storage = new MemoryStore();
  const provider = new Provider(ctx.issuer(), configuration(ctx, storage));

  const router = express.Router();
  router.get('/v2.0/authorize', (req, res, next) => {
    if (!settings.consentRequired) {
      normalizePrompt(req);
      return next();
    }
    const redirect = consentRequiredRedirect(ctx, req.query);
    // An unknown client or redirect URI is oidc-provider's to reject: never redirect to it.
    if (!redirect) return next();
    res.redirect(302, redirect);
  });
  router.all('/v2.0/userinfo', userinfoForGraphTokens(ctx));
  registerInteractionRoutes(router, provider, ctx);
  router.use('/v2.0', provider.callback());

  return {
    router,
    registerControl(control) {
      // POST /_emulator/users/:user/revoke-sessions (Graph: POST /users/{id}/revokeSignInSessions)
      control.post('/users/:user/revoke-sessions', (req, res) => {
        const user = ctx.store.findUser(String(req.params.user));
        if (!user) {
          res.status(404).json({ error: `No seeded user "${req.params.user}".` });
          return;
        }
        const revoked = storage.revokeAccount(user.id);
        // Graph honours the revocation at once for access tokens too, as with Continuous Access Evaluation.
        ctx.tokens.revokeIssuedBefore(user.id, new Date());
        res.json({ value: true, userId: user.id, revoked });
      });
      // GET /_emulator/identity
      control.get('/identity', (_req, res) => {
        res.json(describe(ctx, settings));
      });
      // POST /_emulator/identity/consent {required: boolean}
      control.post('/identity/consent', (req, res) => {
        const required: unknown = req.body?.required;
        if (typeof required !== 'boolean') {
          res.status(400).json({ error: 'Send {"required": true} or {"required": false}.' });
          return;
        }
        settings.consentRequired = required;
        res.json(describe(ctx, settings));
      });
    },
    // oidc-provider starts no timers and the store sweeps lazily, so there is nothing to stop.
    close: async () => {},
  };
}

function describe(ctx: EmulatorContext, settings: IdentitySettings) {
  return {
    issuer: ctx.issuer(),
    discovery: `${ctx.issuer()}/.well-known/openid-configuration`,
    clientId: ctx.config.client.clientId,
    redirectUris: ctx.config.client.redirectUris,
    accessTokenTtlSeconds: ctx.config.accessTokenTtlSeconds,
    consentRequired: settings.consentRequired,
  };
}

function configuration(ctx: EmulatorContext, storage: MemoryStore): Configuration {
  const { config } = ctx;
  return {
    adapter: (model: string) => storage.adapterFor(model),
    clients: [
      {
        client_id: config.client.clientId,
        client_secret: config.client.clientSecret,
        client_name: 'Tidings',
        redirect_uris: config.client.redirectUris,
        post_logout_redirect_uris: config.client.redirectUris.map((uri) => new URL(uri).origin),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // client_secret_post is equally accepted: oidc-provider treats the two secret methods alike.
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [ctx.tokens.privateJwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    routes: ROUTES,
    scopes: OIDC_SCOPES,
    claims: {
      openid: ['sub', 'oid', 'tid'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name'],
      email: ['email'],
    },
    // Entra puts name, email and preferred_username in the ID token itself; clients read them from there.
    conformIdTokenClaims: false,
    findAccount: (_kctx, id) => {
      const user = ctx.store.users.get(id);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          oid: user.id,
          tid: config.tenantId,
          name: user.displayName,
          given_name: user.givenName,
          family_name: user.surname,
          preferred_username: user.userPrincipalName,
          email: user.mail,
        }),
      };
    },
    interactions: {
      url: (_kctx, interaction) => `/${config.tenantId}/login/${interaction.uid}`,
    },
    // Consent is automatic: every requested scope is granted as soon as the user has signed in.
    loadExistingGrant: async (kctx) => {
      const { session, client } = kctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const grantId = kctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await kctx.oidc.provider.Grant.find(grantId) : undefined;
      const grant =
        existing?.accountId === session.accountId
          ? existing
          : new kctx.oidc.provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grantRequestedScopes(grant, paramString(kctx.oidc.params?.scope));
      await grant.save();
      return grant;
    },
    pkce: { required: () => false },
    // Like Entra, a refresh token keeps working after use (no rotation), so concurrent refreshes by one
    // app don't revoke each other.
    issueRefreshToken: async (_kctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: false,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      AuthorizationCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 90 * DAY,
      Grant: 90 * DAY,
      Session: 14 * DAY,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (kctx, form) => {
          kctx.type = 'html';
          kctx.body = signOutPage(form);
        },
        postLogoutSuccessSource: (kctx) => {
          kctx.type = 'html';
          kctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GRAPH_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_kctx, resource) => {
          if (resource !== GRAPH_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: GRAPH_SCOPE_SPELLINGS.join(' '),
            audience: GRAPH_AUDIENCE,
            accessTokenTTL: config.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    formats: {
      customizers: {
        // Shape the token like Entra's v2 access tokens for Graph: scp instead of scope, oid/tid/appid.
        jwt: (_kctx, token, parts) => {
          const { payload } = parts;
          const scope = typeof payload.scope === 'string' ? payload.scope : undefined;
          payload.scp = scpFor(scope);
          delete payload.scope;
          if ('accountId' in token && typeof token.accountId === 'string') payload.oid = token.accountId;
          payload.tid = config.tenantId;
          payload.appid = token.clientId;
          payload.azp = token.clientId;
          payload.ver = '2.0';
        },
      },
    },
    renderError: (kctx, out) => {
      kctx.type = 'html';
      kctx.body = errorPage('Sorry, but we’re having trouble signing you in.', {
        error: out.error,
        error_description: out.error_description,
      });
    },
  };
}

function paramString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Entra issues a refresh token whenever offline_access is requested. oidc-provider, following OpenID
 * Connect Core §11, drops offline_access unless prompt includes consent; consent is automatic here, so
 * asking for it costs one redirect and no page. prompt=select_account (Entra's account picker, unknown to
 * oidc-provider) becomes a fresh sign-in.
 */
function normalizePrompt(req: express.Request): void {
  const mark = req.url.indexOf('?');
  if (mark < 0) return;
  const query = new URLSearchParams(req.url.slice(mark + 1));
  const prompts = new Set((query.get('prompt') ?? '').split(' ').filter(Boolean));
  const before = [...prompts].join(' ');
  if (prompts.delete('select_account')) prompts.add('login');
  if (query.get('scope')?.split(' ').includes('offline_access') && !prompts.has('none'))
    prompts.add('consent');
  const after = [...prompts].join(' ');
  if (after === before) return;
  query.set('prompt', after);
  const search = query.toString();
  req.url = `${req.url.slice(0, mark)}?${search}`;
  // oidc-provider derives its mount path by finding req.url inside req.originalUrl.
  const originalMark = req.originalUrl.indexOf('?');
  req.originalUrl = `${req.originalUrl.slice(0, originalMark)}?${search}`;
}

/**
 * Where Entra sends the browser when the app lacks consent, or undefined when the request names a client
 * or redirect URI this issuer does not know.
 */
function consentRequiredRedirect(ctx: EmulatorContext, query: Record<string, unknown>): string | undefined {
  const { client } = ctx.config;
  const redirectUri = paramString(query.redirect_uri);
  if (query.client_id !== client.clientId || !redirectUri || !client.redirectUris.includes(redirectUri)) {
    return undefined;
  }
  const target = new URL(redirectUri);
  target.searchParams.set('error', 'consent_required');
  target.searchParams.set(
    'error_description',
    `AADSTS65001: The user or administrator has not consented to use the application with ID '${client.clientId}' named 'Tidings'. Send an interactive authorization request for this user and resource. Trace ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
  );
  const state = paramString(query.state);
  if (state !== undefined) target.searchParams.set('state', state);
  // RFC 9207: discovery says responses carry iss, so clients (openid-client) insist on it.
  target.searchParams.set('iss', ctx.issuer());
  return target.href;
}

/**
 * Entra's userinfo endpoint (graph.microsoft.com/oidc/userinfo) takes the Graph access token. oidc-provider
 * refuses tokens issued for a resource server, so Graph-audience tokens are answered here and anything
 * else goes on to oidc-provider.
 */
function userinfoForGraphTokens(ctx: EmulatorContext): express.RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') return next();
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!token) return next();
    try {
      const claims = await ctx.tokens.verify(token);
      const user = ctx.store.users.get(claims.userId);
      if (!user) return next();
      res.set('Cache-Control', 'no-store').json({
        sub: user.id,
        oid: user.id,
        tid: ctx.config.tenantId,
        name: user.displayName,
        given_name: user.givenName,
        family_name: user.surname,
        preferred_username: user.userPrincipalName,
        email: user.mail,
      });
    } catch {
      next();
    }
  };
}
