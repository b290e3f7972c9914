import {
  constants,
  createCipheriv,
  createHash,
  createHmac,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';

/*
 * Graph's side of rich change notifications: the resource encrypted for the subscriber's certificate, as
 * Microsoft documents `encryptedContent`. A fresh 32-byte key per notification encrypts the JSON with
 * AES-256-CBC (PKCS#7, the IV the key's first 16 bytes) and signs the ciphertext with HMAC-SHA256; the key
 * itself travels encrypted with the certificate's public key (RSA-OAEP, SHA-1, MGF1).
 */

export interface EncryptedContentOut {
  data: string;
  dataKey: string;
  dataSignature: string;
  encryptionCertificateId: string;
  encryptionCertificateThumbprint: string;
}

/** `certificateDer` is the certificate as Graph holds it (its thumbprint is SHA-1 over the DER). */
export function encryptResourceData(
  resource: unknown,
  publicKey: KeyObject | string,
  certificate: { id: string; der?: Buffer },
): EncryptedContentOut {
  const key = randomBytes(32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final()]);
  return {
    data: data.toString('base64'),
    dataKey: publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      key,
    ).toString('base64'),
    dataSignature: createHmac('sha256', key).update(data).digest('base64'),
    encryptionCertificateId: certificate.id,
    encryptionCertificateThumbprint: certificate.der
      ? createHash('sha1').update(certificate.der).digest('hex').toUpperCase()
      : '',
  };
}
