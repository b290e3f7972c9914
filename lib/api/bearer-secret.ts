import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Does the request carry `Authorization: Bearer <secret>`? Compared as SHA-256 digests in constant time,
 * so neither the secret's characters nor its length can be learned from how long a refusal takes.
 * An unset secret matches nothing.
 */
export function hasBearerSecret(request: Request, secret: string | undefined): boolean {
  const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!secret || given === undefined) return false;
  return timingSafeEqual(digest(given), digest(secret));
}
