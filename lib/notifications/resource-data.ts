import {
  constants,
  createDecipheriv,
  createHmac,
  type KeyObject,
  privateDecrypt,
  timingSafeEqual,
} from 'node:crypto';
import { type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';

/*
 * Rich change notifications (#17): Graph can put the changed message itself in a notification, encrypted
 * for us, so the list row needs no Graph request. This module is the receiving side's cryptography, as
 * Microsoft documents it for `encryptedContent` and `validationTokens`:
 * - `dataKey` is a random symmetric key encrypted with our certificate's public key (RSA-OAEP with SHA-1 and
 *   MGF1); decrypted with the private key it is 32 bytes.
 * - `dataSignature` is an HMAC-SHA256 of the encrypted `data` with that key: checked, in constant time,
 *   before anything is decrypted.
 * - `data` is the resource as JSON, AES-256-CBC with PKCS#7 padding, the IV the key's first 16 bytes.
 * - Each `validationTokens` JWT (one per app and tenant in the batch) must be signed by the identity
 *   platform's keys, for our app (`aud`), from a tenant we serve (`iss`), and issued to Graph's change
 *   notification publisher (`azp`, or `appid` in a v1 token). A batch with any token that fails is refused.
 * node:crypto and jose (already ours for sign-in) do the work; only the order of checks is written here.
 */

/** Microsoft Graph Change Tracking: the app that publishes change notifications with resource data. */
export const GRAPH_CHANGE_PUBLISHER_APP_ID = '0bf30f3b-4a52-48df-9a82-234910c4a086';

export const encryptedContentSchema = z.object({
  data: z.string().min(1),
  dataKey: z.string().min(1),
  dataSignature: z.string().min(1),
  encryptionCertificateId: z.string().min(1),
  encryptionCertificateThumbprint: z.string().optional(),
});

export type EncryptedContent = z.infer<typeof encryptedContentSchema>;

/** Why a notification's resource data was refused; counted in health, never applied. */
export type ResourceDataFailure = 'key' | 'signature' | 'cipher' | 'json';

export class ResourceDataError extends Error {
  constructor(
    readonly reason: ResourceDataFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ResourceDataError';
  }
}

const SYMMETRIC_KEY_BYTES = 32;

/** Decrypts one notification's `encryptedContent` with the certificate's private key; the resource as JSON. */
export function decryptResourceData(content: EncryptedContent, privateKey: KeyObject | string): unknown {
  let key: Buffer;
  try {
    key = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(content.dataKey, 'base64'),
    );
  } catch {
    throw new ResourceDataError('key', 'The data key does not open with our certificate’s private key.');
  }
  if (key.length !== SYMMETRIC_KEY_BYTES) {
    throw new ResourceDataError('key', `The data key is ${key.length} bytes, not ${SYMMETRIC_KEY_BYTES}.`);
  }
  const data = Buffer.from(content.data, 'base64');
  const expected = createHmac('sha256', key).update(data).digest();
  const given = Buffer.from(content.dataSignature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ResourceDataError(
      'signature',
      'The data’s signature does not match: it was changed on the way.',
    );
  }
  let json: string;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    json = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new ResourceDataError('cipher', 'The data does not decrypt with its key.');
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new ResourceDataError('json', 'The decrypted data is not JSON.');
  }
}

export interface TokenExpectations {
  /** Our app's (client) id: every token's audience. */
  appId: string;
  /** The tenants we serve; a token from any other is refused. */
  tenantIds: readonly string[];
  /** The identity platform's signing keys (a remote JWKS in production). */
  keys: JWTVerifyGetKey;
  /** The issuers a tenant's tokens may name (Microsoft's v1 form unless told otherwise). */
  issuersFor?: (tenantId: string) => string[];
}

const microsoftIssuer = (tenantId: string) => [`https://sts.windows.net/${tenantId}/`];

/** One validation token checked: when it holds, until when (its `exp`, in ms); else the failure in words. */
export async function checkValidationToken(
  token: string,
  expect: TokenExpectations,
): Promise<{ ok: true; expiresAt: number } | { ok: false; problem: string }> {
  const issuers = expect.tenantIds.flatMap(expect.issuersFor ?? microsoftIssuer);
  try {
    const { payload } = await jwtVerify(token, expect.keys, {
      audience: expect.appId,
      issuer: issuers,
      algorithms: ['RS256'],
      clockTolerance: 60,
      requiredClaims: ['exp'],
    });
    const publisher = typeof payload.azp === 'string' ? payload.azp : payload.appid;
    if (publisher !== GRAPH_CHANGE_PUBLISHER_APP_ID) {
      return {
        ok: false,
        problem: 'A validation token was issued to an app other than Graph’s change notification publisher.',
      };
    }
    return { ok: true, expiresAt: (payload.exp ?? 0) * 1000 };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'invalid';
    return { ok: false, problem: `A validation token failed its check (${code}).` };
  }
}

/**
 * Checks a batch's validation tokens; resolves with null when every one holds, or the first failure in
 * words. A batch with resource data and no token at all fails too: Graph always sends them with it.
 */
export async function checkValidationTokens(
  tokens: readonly string[] | undefined,
  expect: TokenExpectations,
): Promise<string | null> {
  if (!tokens || tokens.length === 0) return 'The notifications carry resource data but no validation token.';
  for (const token of tokens) {
    const checked = await checkValidationToken(token, expect);
    if (!checked.ok) return checked.problem;
  }
  return null;
}
