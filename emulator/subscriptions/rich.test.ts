import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  checkValidationTokens,
  decryptResourceData,
  type EncryptedContent,
} from '../../lib/notifications/resource-data';
import type { RunningEmulator } from '../server';
import { graphClient } from '../testing';
import { control, deliverMail, emulatorWithReceiver, minutesFromNow } from './test-helpers';
import type { Receiver } from './test-receiver';

/*
 * Rich change notifications: a subscription with includeResourceData gets each message (its resource's
 * $select) encrypted for its certificate, and every delivery carrying them gets validation tokens signed with
 * the keys the emulator's identity platform publishes. Checked here with the app's own receiving code.
 */

// A test certificate and its private key, made once with openssl for these tests: not a secret of anything.
const fixtures = path.join(__dirname, 'fixtures');
const certificatePem = readFileSync(path.join(fixtures, 'test-certificate.pem'), 'utf8');
const privateKeyPem = readFileSync(path.join(fixtures, 'test-certificate.key.pem'), 'utf8');
const certificate = new X509Certificate(certificatePem).raw.toString('base64');

let emulator: RunningEmulator;
let receiver: Receiver;
emulatorWithReceiver({ notificationBatchWindowMs: 50 }, (started, listening) => {
  emulator = started;
  receiver = listening;
});

async function subscribe(overrides: Record<string, unknown> = {}) {
  const client = await graphClient(emulator, { alias: 'adele' });
  return client.api('/subscriptions').post({
    changeType: 'created,updated,deleted',
    notificationUrl: `${receiver.url}/notify`,
    resource: "me/mailFolders('inbox')/messages?$select=subject,from,receivedDateTime,isRead",
    expirationDateTime: minutesFromNow(60),
    clientState: 'rich-secret',
    includeResourceData: true,
    encryptionCertificate: certificate,
    encryptionCertificateId: 'tidings-test-certificate',
    ...overrides,
  }) as Promise<{ id: string; applicationId: string }>;
}

describe('rich change notifications', () => {
  it('carry the selected fields of the message, sealed for the certificate, with a validation token', async () => {
    const subscription = await subscribe();
    const messageId = await deliverMail(emulator, 'adele', 'Sealed for Tidings');
    const [post] = await receiver.waitFor(() => {
      const posts = receiver.posts('/notify');
      return posts.length > 0 ? posts : undefined;
    });
    const body = JSON.parse(post?.body ?? '{}') as {
      value: { encryptedContent: EncryptedContent; resourceData: { id: string } }[];
      validationTokens: string[];
    };
    const [item] = body.value;
    expect(item?.resourceData.id).toBe(messageId);
    expect(item?.encryptedContent.encryptionCertificateId).toBe('tidings-test-certificate');
    expect(item?.encryptedContent.encryptionCertificateThumbprint).toBe(
      new X509Certificate(certificatePem).fingerprint.replaceAll(':', ''),
    );

    const message = decryptResourceData(item?.encryptedContent as EncryptedContent, privateKeyPem) as Record<
      string,
      unknown
    >;
    expect(message).toMatchObject({ id: messageId, subject: 'Sealed for Tidings', isRead: false });
    expect(Object.keys(message).sort()).toEqual(
      [
        '@odata.etag',
        '@odata.id',
        '@odata.type',
        'from',
        'id',
        'isRead',
        'receivedDateTime',
        'subject',
      ].sort(),
    );

    // One token, for the subscribing app, signed with the keys the emulator's identity platform publishes.
    expect(body.validationTokens).toHaveLength(1);
    const issuer = emulator.ctx.issuer();
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      jwks_uri: string;
    };
    const expectations = {
      appId: subscription.applicationId,
      tenantIds: [emulator.ctx.config.tenantId],
      keys: createRemoteJWKSet(new URL(discovery.jwks_uri)),
      issuersFor: () => [issuer],
    };
    expect(decodeJwt(body.validationTokens[0] ?? '').aud).toBe(subscription.applicationId);
    expect(await checkValidationTokens(body.validationTokens, expectations)).toBeNull();
    expect(
      await checkValidationTokens(body.validationTokens, { ...expectations, appId: 'another-app' }),
    ).toMatch(/failed its check/);
  });

  it('carry nothing to decrypt for a deletion, and plain subscriptions carry no tokens', async () => {
    await subscribe();
    const messageId = await deliverMail(emulator, 'adele', 'Going away');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    const userId = emulator.ctx.store.findUser('adele')?.id ?? '';
    emulator.ctx.store.deleteMessage(userId, messageId);
    await receiver.waitFor(() => receiver.items('/notify').length === 2);
    const deleted = receiver.items('/notify')[1];
    expect(deleted?.changeType).toBe('deleted');
    expect(deleted?.encryptedContent).toBeUndefined();

    await control(emulator, 'POST', '/reset');
    receiver.requests.length = 0;
    await subscribe({
      includeResourceData: false,
      encryptionCertificate: undefined,
      encryptionCertificateId: undefined,
    });
    await deliverMail(emulator, 'adele', 'Plain');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    const plain = JSON.parse(receiver.posts('/notify')[0]?.body ?? '{}') as Record<string, unknown>;
    expect(plain.validationTokens).toBeUndefined();
    expect((plain.value as Record<string, unknown>[])[0]?.encryptedContent).toBeUndefined();
  });

  it('refuses a subscription whose certificate is not one', async () => {
    await expect(
      subscribe({ encryptionCertificate: Buffer.from('not a certificate').toString('base64') }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
