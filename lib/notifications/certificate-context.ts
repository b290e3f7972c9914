/*
 * What the app and `npm run doctor` both need to know about the rich-notification certificate
 * (certificate.ts): how long one lasts, when it is replaced, and what its sealed private key is bound to
 * (lib/auth/token-crypto.ts's context). No server-only import here, so the doctor's script can use it.
 */

export const CERTIFICATE_LIFETIME_MS = 90 * 86_400_000;
/** A certificate with less than this left is replaced by a new one. */
export const ROTATE_BEFORE_MS = 14 * 86_400_000;

export const certificateKeyContext = (id: string) => `certificate:${id}:privateKey`;
