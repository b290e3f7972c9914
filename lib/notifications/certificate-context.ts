/**
 * What a certificate's sealed private key is bound to (lib/auth/token-crypto.ts's context): the app and
 * `npm run doctor` open it the same way. No server-only import here, so the doctor's script can use it.
 */
export const certificateKeyContext = (id: string) => `certificate:${id}:privateKey`;
