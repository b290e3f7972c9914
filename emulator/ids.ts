import { createHash, randomBytes } from 'node:crypto';

/** Graph-like opaque ids: long, URL-safe base64, stable for the life of the object (immutable ids). */
export function newId(prefix = 'AAMk'): string {
  return `${prefix}${randomBytes(30).toString('base64url')}`;
}

/** A deterministic id from a seed and a name, so seeded objects keep their ids across resets. */
export function seededId(seed: string, name: string, prefix = 'AAMk'): string {
  return `${prefix}${createHash('sha256').update(`${seed}:${name}`).digest('base64url').slice(0, 40)}`;
}

export function newGuid(): string {
  return crypto.randomUUID();
}

/** A change key (the message's @odata.etag is W/"<changeKey>"). */
export function newChangeKey(): string {
  return randomBytes(12).toString('base64');
}
