import 'server-only';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { discover } from '../auth/oidc';
import { env } from '../env';
import { type GraphMessage, graphMessageSchema } from '../mail/graph-mail';
import { processSingleton } from '../process-singleton';
import { keyInForce } from './certificate';
import {
  checkValidationToken,
  decryptResourceData,
  type EncryptedContent,
  encryptedContentSchema,
  ResourceDataError,
  type TokenExpectations,
} from './resource-data';

/*
 * Rich notifications on the way in and out of the queue (#17). On the answer path, a batch's validation
 * tokens are checked (each token once: Graph sends the same one with every batch for about an hour, so a
 * verified token is remembered by its hash until its `exp`), and an item's encryptedContent is kept on its
 * queue row. The processor then opens it with our certificate's key and applies the message it holds with
 * no Graph request. Whatever fails (a token, the shape, the key, the signature, the cipher, the message
 * inside) is counted for health and the change falls back to what a plain notification does: the message
 * is read from Graph. A forged notification can so at most make us read our own mailbox; nothing is lost.
 */

export type RichFallback =
  | 'token'
  | 'shape'
  | 'certificate'
  | 'key'
  | 'signature'
  | 'cipher'
  | 'json'
  | 'message';

const counts = processSingleton('richNotificationCounts', () => ({
  /** Changes applied from their resource data, with no Graph request. */
  applied: 0,
  /** Changes whose resource data was refused, by why; each was read from Graph instead. */
  fellBack: {} as Partial<Record<RichFallback, number>>,
}));

export function countRichFallback(reason: RichFallback, count = 1): void {
  counts.fellBack[reason] = (counts.fellBack[reason] ?? 0) + count;
}

export function countRichApplied(count = 1): void {
  counts.applied += count;
}

export type RichCounts = { applied: number; fellBack: Partial<Record<RichFallback, number>> };

/** This process's counts (the background worker reports its own to the app: lib/background). */
export function richCounts(): RichCounts {
  return { applied: counts.applied, fellBack: { ...counts.fellBack } };
}

/** Adds counts from another process (the background worker's) to a health report. */
export function addRichCounts(a: RichCounts, b: RichCounts): RichCounts {
  const fellBack = { ...a.fellBack };
  for (const [reason, n] of Object.entries(b.fellBack) as [RichFallback, number][])
    fellBack[reason] = (fellBack[reason] ?? 0) + n;
  return { applied: a.applied + b.applied, fellBack };
}

/** Tokens that passed, by hash, until their end (ms). Bounded: a token lasts an hour, a tenant has one. */
const verified = processSingleton('verifiedValidationTokens', () => new Map<string, number>());
const MAX_REMEMBERED = 1_000;
const keySets = processSingleton('validationKeySets', () => new Map<string, JWTVerifyGetKey>());

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a token must be: for our app, from the identity platform's keys (its discovery document's
 * `jwks_uri`, fetched once and kept by jose), issued in a tenant we serve: the configured one when the app
 * is single-tenant, else the tenant the batch's notifications name. Graph's tokens are v1
 * (`https://sts.windows.net/{tid}/`); the discovery document's own issuer form is taken too (the emulator's).
 */
async function expectations(tenantIds: string[]): Promise<TokenExpectations> {
  const meta = await discover();
  let keys = keySets.get(meta.jwks_uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(meta.jwks_uri));
    keySets.set(meta.jwks_uri, keys);
  }
  const configured = GUID.test(env.AZURE_AD_TENANT_ID) ? env.AZURE_AD_TENANT_ID : null;
  return {
    appId: env.AZURE_AD_CLIENT_ID,
    tenantIds: configured ? [configured] : tenantIds,
    keys,
    issuersFor: (tid) => [`https://sts.windows.net/${tid}/`, meta.issuer.replace('{tenantid}', tid)],
  };
}

/**
 * Whether a batch's validation tokens all hold; the failure in words if not. `tenantIds` are the tenants
 * its notifications name. A batch carrying resource data always comes with tokens.
 */
export async function validationProblem(
  tokens: readonly string[] | undefined,
  tenantIds: string[],
  now = Date.now(),
): Promise<string | null> {
  if (!tokens?.length) return 'The notifications carry resource data but no validation token.';
  let expect: TokenExpectations | null = null;
  for (const token of tokens) {
    const hash = createHash('sha256').update(token).digest('base64url');
    if ((verified.get(hash) ?? 0) > now) continue;
    try {
      expect ??= await expectations(tenantIds);
    } catch {
      return 'The identity platform’s signing keys could not be read.';
    }
    const checked = await checkValidationToken(token, expect);
    if (!checked.ok) return checked.problem;
    if (verified.size >= MAX_REMEMBERED) verified.clear();
    verified.set(hash, checked.expiresAt);
  }
  return null;
}

/** An item's encryptedContent as stored on its queue row, or null when it has none or not of this shape. */
export function storableResourceData(value: unknown): string | null | 'shape' {
  if (value === undefined || value === null) return null;
  const parsed = encryptedContentSchema.safeParse(value);
  return parsed.success ? JSON.stringify(parsed.data) : 'shape';
}

/**
 * Opens a queue row's resource data: the message it holds, or why not. The certificate it names must be
 * ours and in force; the message must be the one the row is about.
 */
export async function openResourceData(
  stored: string,
  messageId: string,
  now = new Date(),
): Promise<GraphMessage | RichFallback> {
  let content: EncryptedContent;
  try {
    content = encryptedContentSchema.parse(JSON.parse(stored));
  } catch {
    return 'shape';
  }
  const key = await keyInForce(content.encryptionCertificateId, now);
  if (!key) return 'certificate';
  let resource: unknown;
  try {
    resource = decryptResourceData(content, key);
  } catch (error) {
    if (error instanceof ResourceDataError) return error.reason;
    throw error;
  }
  const message = graphMessageSchema.safeParse(resource);
  return message.success && message.data.id === messageId ? message.data : 'message';
}
