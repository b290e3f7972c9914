import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { badRequest, GraphError } from '../graph/errors';
import { newGuid } from '../ids';
import {
  MAX_CLIENT_STATE_LENGTH,
  MAX_EXPIRY_MINUTES,
  MAX_EXPIRY_MINUTES_WITH_RESOURCE_DATA,
  subscriptionTiming,
} from './policy';
import type { ChangeType } from './types';

const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];

const webhookUrl = z
  .string()
  .url()
  .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http or https URL');

export const createSchema = z.object({
  changeType: z.string().min(1),
  notificationUrl: webhookUrl,
  lifecycleNotificationUrl: webhookUrl.nullish(),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z
    .string({ message: 'clientState is required: notifications echo it so the endpoint can trust them.' })
    .min(1, 'clientState is required: notifications echo it so the endpoint can trust them.')
    .max(MAX_CLIENT_STATE_LENGTH, `clientState can be at most ${MAX_CLIENT_STATE_LENGTH} characters.`),
  latestSupportedTlsVersion: z.enum(['v1_0', 'v1_1', 'v1_2', 'v1_3']).default('v1_2'),
  includeResourceData: z.boolean().nullish(),
  encryptionCertificate: z.string().nullish(),
  encryptionCertificateId: z.string().nullish(),
});

export const renewSchema = z.object({ expirationDateTime: z.string().min(1) });

export function parseChangeTypes(value: string): Set<ChangeType> {
  const parts = value.split(',').map((part) => part.trim());
  const types = new Set<ChangeType>();
  for (const part of parts) {
    const known = CHANGE_TYPES.find((type) => type === part);
    if (!known) {
      throw badRequest(
        `changeType '${part}' is not supported; use a comma-separated list of created, updated, deleted.`,
        'InvalidRequest',
      );
    }
    types.add(known);
  }
  return types;
}

/** Checks expirationDateTime against Graph's limits for Outlook messages; returns it in wall-clock ms. */
export function parseExpiration(value: string, includeResourceData: boolean, now = Date.now()): number {
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    throw badRequest(
      `expirationDateTime '${value}' is not a valid ISO 8601 date and time.`,
      'InvalidRequest',
    );
  }
  if (at <= now) {
    throw badRequest(
      'Subscription expiration must be in the future. Set expirationDateTime to a later time.',
      'ExtensionError',
    );
  }
  const maxMinutes = includeResourceData ? MAX_EXPIRY_MINUTES_WITH_RESOURCE_DATA : MAX_EXPIRY_MINUTES;
  if (at > now + maxMinutes * 60_000) {
    throw badRequest(
      `Subscription expiration can only be ${maxMinutes} minutes in the future for Outlook messages${includeResourceData ? ' with resource data' : ''}.`,
      'ExtensionError',
    );
  }
  return at;
}

/**
 * An opaque token shaped like Graph's: free text with spaces, colons and base64 (+ / =) and a percent
 * sign, so an endpoint that echoes the raw query value instead of decoding it fails, as it would on Graph.
 * Graph never sends HTML, so neither do we.
 */
export function newValidationToken(): string {
  const nonce = randomBytes(12).toString('base64');
  return `Validation: Testing client application reachability for subscription Request-Id: ${newGuid()} Nonce: ${nonce}+/= 100%`;
}

export interface HandshakeResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  latencyMs: number;
}

const VALIDATION_FAILED =
  'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.';

/** POSTs ?validationToken= to an endpoint and checks the answer as Graph does. */
export async function handshake(url: string, token: string, signal: AbortSignal): Promise<HandshakeResult> {
  // Any query the notificationUrl already has is kept, as Graph does.
  const href = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
  const started = performance.now();
  const timeout = AbortSignal.timeout(subscriptionTiming().validationTimeoutMs);
  try {
    const response = await fetch(href, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
      signal: AbortSignal.any([signal, timeout]),
    });
    const body = await response.text();
    const latencyMs = Math.round(performance.now() - started);
    const contentType = response.headers.get('content-type') ?? '';
    let error: string | null = null;
    if (response.status !== 200) error = `${VALIDATION_FAILED} It answered ${response.status}.`;
    else if (!/^text\/plain\b/i.test(contentType))
      error = `Subscription validation request failed. The response must have Content-Type text/plain, not '${contentType || 'none'}'.`;
    else if (body !== token)
      error =
        'Subscription validation request failed. The response body must be exactly the URL-decoded validationToken.';
    return { ok: error === null, status: response.status, error, latencyMs };
  } catch (caught) {
    const latencyMs = Math.round(performance.now() - started);
    const error = timeout.aborted
      ? `Subscription validation request timed out: the endpoint must answer within ${subscriptionTiming().validationTimeoutMs / 1000} seconds.`
      : `Subscription validation request failed. The endpoint could not be reached (${describe(caught)}).`;
    return { ok: false, status: null, error, latencyMs };
  }
}

export function validationError(message: string): GraphError {
  return new GraphError(400, 'ValidationError', message);
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
