import 'server-only';
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { createHash, createPrivateKey, type KeyObject, randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { openSecret, sealSecret } from '../auth/account-tokens';
import { db } from '../db';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { CERTIFICATE_LIFETIME_MS, certificateKeyContext, ROTATE_BEFORE_MS } from './certificate-context';

/*
 * The certificate Graph encrypts rich notifications for (#17). Graph takes a subscription's
 * `encryptionCertificate` as a base64 X.509 certificate and seals each notification's data key for its
 * RSA public key; we open it with the private key (resource-data.ts). Node can make the key pair but not a
 * certificate, so @peculiar/x509 builds a self-signed one (Graph checks only that it parses and holds an
 * RSA key: no CA is involved).
 *
 * - The private key is stored encrypted with TOKEN_ENCRYPTION_KEY, bound to the certificate's id.
 * - A new certificate is made when the newest has less than ROTATE_BEFORE_MS left, so subscriptions are
 *   always made with one that outlives them (a rich subscription lasts at most a day); an older one is
 *   kept until its own end, as subscriptions made with it may still deliver, then removed.
 * - Several instances may each make one at the same moment: both are valid and stored, the newest is
 *   used from then on.
 */

export { CERTIFICATE_LIFETIME_MS, ROTATE_BEFORE_MS };

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

export interface NotificationCertificate {
  id: string;
  /** Base64 DER, for a subscription's `encryptionCertificate`. */
  certificate: string;
  /** SHA-1 of the DER, upper-case hex, as notifications carry it. */
  thumbprint: string;
  notAfter: Date;
}

const making = processSingleton('certificateMaking', () => ({
  pending: null as Promise<NotificationCertificate> | null,
}));
const keys = processSingleton('certificateKeys', () => new Map<string, KeyObject>());
/** Each known certificate's end, by id (it never changes). */
const ends = processSingleton('certificateEnds', () => new Map<string, Date>());

/** The certificate new subscriptions are made with: the newest in force, made now if none has long enough left. */
export async function currentCertificate(now = new Date()): Promise<NotificationCertificate> {
  const newest = await db.encryptionCertificate.findFirst({
    where: { notBefore: { lte: now }, notAfter: { gt: new Date(now.getTime() + ROTATE_BEFORE_MS) } },
    orderBy: { notAfter: 'desc' },
    select: { id: true, certificate: true, thumbprint: true, notAfter: true },
  });
  if (newest) return newest;
  making.pending ??= makeCertificate(now).finally(() => {
    making.pending = null;
  });
  return making.pending;
}

async function makeCertificate(now: Date): Promise<NotificationCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const pair = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(now.getTime() + CERTIFICATE_LIFETIME_MS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replaceAll('-', ''),
    name: 'CN=Tidings change notifications',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    signingAlgorithm: RSA,
    keys: pair,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature),
    ],
  });
  const der = Buffer.from(certificate.rawData);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const id = randomUUID();
  const made = {
    id,
    certificate: der.toString('base64'),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    notAfter,
  };
  await db.encryptionCertificate.create({
    data: {
      ...made,
      notBefore: certificate.notBefore,
      privateKey: sealSecret(certificateKeyContext(id), pkcs8.toString('base64')),
    },
  });
  logger.info('notification certificate made', { id, notAfter: notAfter.toISOString() });
  return made;
}

/** The private key of a certificate we made and still keep, by the id a notification names; null if none. */
export async function certificateKey(id: string): Promise<KeyObject | null> {
  const known = keys.get(id);
  if (known) return known;
  const row = await db.encryptionCertificate.findUnique({ where: { id }, select: { privateKey: true } });
  if (!row) return null;
  const key = createPrivateKey({
    key: Buffer.from(openSecret(certificateKeyContext(id), row.privateKey), 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  keys.set(id, key);
  return key;
}

/**
 * The private key of a certificate of ours still in force at `now`, by the id a notification names; null
 * for one we never made, removed, or past its end (what is sealed for it is not opened).
 */
export async function keyInForce(id: string, now = new Date()): Promise<KeyObject | null> {
  let end = ends.get(id);
  if (!end) {
    const row = await db.encryptionCertificate.findUnique({ where: { id }, select: { notAfter: true } });
    if (!row) return null;
    end = row.notAfter;
    ends.set(id, end);
  }
  return end > now ? certificateKey(id) : null;
}

/** Removes certificates past their end (no subscription can deliver with them); how many went. */
export async function removeEndedCertificates(now = new Date()): Promise<number> {
  const ended = await db.encryptionCertificate.findMany({
    where: { notAfter: { lte: now } },
    select: { id: true },
  });
  if (ended.length === 0) return 0;
  await db.encryptionCertificate.deleteMany({ where: { id: { in: ended.map((c) => c.id) } } });
  for (const { id } of ended) {
    keys.delete(id);
    ends.delete(id);
  }
  return ended.length;
}

/** Whether a certificate we keep is still in force at `when` (a subscription renewed to then can use it). */
export async function certificateLastsUntil(id: string, when: Date): Promise<boolean> {
  return (await db.encryptionCertificate.count({ where: { id, notAfter: { gt: when } } })) > 0;
}
