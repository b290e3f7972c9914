import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { newGuid } from '../ids';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Microsoft Graph Change Tracking, the app that publishes change notifications with resource data. */
export const CHANGE_NOTIFICATION_PUBLISHER = '0bf30f3b-4a52-48df-9a82-234910c4a086';
export const DEFAULT_SCOPES = [
  'Mail.ReadWrite',
  'Mail.Send',
  'User.Read',
  'MailboxSettings.ReadWrite',
  'Calendars.ReadWrite',
];

export interface AccessTokenClaims {
  /** The user's object id. */
  userId: string;
  tenantId: string;
  /** The app (client id) the token was issued to: throttling and subscriptions are per app per mailbox. */
  appId: string;
  scopes: string[];
  expiresAt: Date;
}

export class InvalidTokenError extends Error {
  constructor(
    message: string,
    readonly expired = false,
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/**
 * The emulator's signing key and the checks Graph makes on a bearer token: RS256 signature by this
 * issuer's key, audience https://graph.microsoft.com, not expired, tenant matches. Access tokens carry
 * `oid`, `tid`, `appid`/`azp` and space-separated `scp`, like Entra ID's v2 tokens.
 */
export class TokenService {
  /** Per user: tokens issued at or before this second are refused (revokeSignInSessions with CAE). */
  private readonly revokedAt = new Map<string, number>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
    readonly privateJwk: JWK,
    readonly issuer: string,
    readonly tenantId: string,
  ) {}

  static async create(issuer: string, tenantId: string): Promise<TokenService> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = newGuid();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    return new TokenService(privateKey, publicKey, publicJwk, privateJwk, issuer, tenantId);
  }

  /** Signs an access token directly (control API and tests); the OIDC flow issues the same shape. */
  async mint(input: {
    userId: string;
    appId: string;
    scopes?: string[];
    ttlSeconds: number;
  }): Promise<string> {
    return new SignJWT({
      oid: input.userId,
      tid: this.tenantId,
      appid: input.appId,
      azp: input.appId,
      scp: (input.scopes ?? DEFAULT_SCOPES).join(' '),
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(input.userId)
      .setJti(newGuid())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + input.ttlSeconds)
      .sign(this.privateKey);
  }

  /**
   * A change notification's validation token, as Graph attaches to notifications with resource data: for
   * the subscribing app (`aud`), from this tenant, issued to Graph's change-notification publisher (`azp`,
   * `appid`), signed with the key this issuer publishes.
   */
  async mintValidationToken(appId: string, ttlSeconds = 3600): Promise<string> {
    return new SignJWT({
      tid: this.tenantId,
      azp: CHANGE_NOTIFICATION_PUBLISHER,
      appid: CHANGE_NOTIFICATION_PUBLISHER,
      ver: '2.0',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(appId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.privateKey);
  }

  revokeIssuedBefore(userId: string, when: Date): void {
    this.revokedAt.set(userId, Math.floor(when.getTime() / 1000));
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: GRAPH_AUDIENCE,
      });
      const userId = typeof payload.oid === 'string' ? payload.oid : payload.sub;
      if (!userId) throw new InvalidTokenError('The token names no user.');
      const revokedAt = this.revokedAt.get(userId);
      if (revokedAt !== undefined && (payload.iat ?? 0) <= revokedAt) {
        throw new InvalidTokenError(
          'The user revoked their sign-in sessions; this token is no longer valid.',
        );
      }
      if (payload.tid !== undefined && payload.tid !== this.tenantId) {
        throw new InvalidTokenError('The token was issued for another tenant.');
      }
      const appId = String(payload.appid ?? payload.azp ?? payload.client_id ?? '');
      const scopes = String(payload.scp ?? payload.scope ?? '')
        .split(' ')
        .filter(Boolean);
      return {
        userId,
        tenantId: this.tenantId,
        appId,
        scopes,
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED')
        throw new InvalidTokenError('Lifetime validation failed, the token is expired.', true);
      throw new InvalidTokenError('Access token validation failure. Invalid audience, issuer or signature.');
    }
  }
}
