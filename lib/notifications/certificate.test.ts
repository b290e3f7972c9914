import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptResourceData } from '../../emulator/subscriptions/resource-data';

/*
 * The app's own certificate for rich notifications: made when needed, stored with its private key sealed,
 * accepted and used the way Graph does (the emulator's sealing), rotated before its end, removed after it.
 * Each test works at its own "now" long past, so its certificates never serve another test or file (on
 * PostgreSQL all test files share one database): one is used only between its start and its end.
 */

let lib: typeof import('./certificate') &
  typeof import('./resource-data') & { db: typeof import('../db').db };

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = {
    ...(await import('./certificate')),
    ...(await import('./resource-data')),
    ...(await import('../db')),
  };
});

const DAY = 86_400_000;

describe('the rich-notification certificate', () => {
  it('is made once, parses as an RSA X.509 certificate, and keeps its private key sealed', async () => {
    const now = new Date('2001-01-01T00:00:00Z');
    const [made, again] = await Promise.all([lib.currentCertificate(now), lib.currentCertificate(now)]);
    expect(again).toEqual(made);
    expect(await lib.currentCertificate(new Date(now.getTime() + DAY))).toEqual(made);

    const x509 = new X509Certificate(Buffer.from(made.certificate, 'base64'));
    expect(x509.publicKey.asymmetricKeyType).toBe('rsa');
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x509.fingerprint.replaceAll(':', '')).toBe(made.thumbprint);
    expect(new Date(x509.validTo).getTime()).toBe(Math.floor(made.notAfter.getTime() / 1000) * 1000);
    expect(made.notAfter.getTime() - now.getTime()).toBe(lib.CERTIFICATE_LIFETIME_MS);

    const row = await lib.db.encryptionCertificate.findUniqueOrThrow({ where: { id: made.id } });
    const key = await lib.certificateKey(made.id);
    const plain = key?.export({ format: 'der', type: 'pkcs8' }).toString('base64') ?? '';
    expect(plain.length).toBeGreaterThan(1000);
    expect(row.privateKey).not.toContain(plain.slice(0, 64));
    expect(row.privateKey).toMatch(/^v1\./);
  });

  it('opens what Graph seals for it', async () => {
    const made = await lib.currentCertificate(new Date('2002-01-01T00:00:00Z'));
    const x509 = new X509Certificate(Buffer.from(made.certificate, 'base64'));
    const message = { id: 'AAMk1', subject: 'Quarterly numbers', isRead: false };
    const sealed = encryptResourceData(message, x509.publicKey, {
      id: made.id,
      der: Buffer.from(made.certificate, 'base64'),
    });
    expect(sealed.encryptionCertificateThumbprint).toBe(made.thumbprint);
    const key = await lib.certificateKey(sealed.encryptionCertificateId);
    expect(key).not.toBeNull();
    expect(lib.decryptResourceData(sealed, key as NonNullable<typeof key>)).toEqual(message);
    expect(await lib.certificateKey('not-one-of-ours')).toBeNull();
  });

  it('is replaced before its end, the old one opening notifications until its own end, then removed', async () => {
    const start = new Date('2003-01-01T00:00:00Z');
    const first = await lib.currentCertificate(start);
    const nearEnd = new Date(first.notAfter.getTime() - lib.ROTATE_BEFORE_MS + DAY);
    const second = await lib.currentCertificate(nearEnd);
    expect(second.id).not.toBe(first.id);
    expect(second.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
    expect(await lib.certificateKey(first.id)).not.toBeNull();

    // (The earlier tests' certificates, ended by then, go at the first removal.)
    await lib.removeEndedCertificates(new Date(first.notAfter.getTime() - 1));
    expect(await lib.certificateKey(first.id)).not.toBeNull();
    expect(await lib.removeEndedCertificates(first.notAfter)).toBe(1);
    expect(await lib.certificateKey(first.id)).toBeNull();
    expect(await lib.certificateKey(second.id)).not.toBeNull();
  });
});
