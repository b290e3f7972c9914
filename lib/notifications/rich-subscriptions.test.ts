import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { startRichWebhooks } from '../testing/rich-webhooks';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import { until } from '../testing/until';

/*
 * RICH_NOTIFICATIONS=on: the person's subscription asks Graph (the emulator) for rich notifications with
 * the app's own certificate, within Graph's 1,440-minute limit; what Graph then sends opens with that
 * certificate's key, and the mail still reaches the cache. Renewal keeps to the shorter lifetime and makes
 * the subscription again when its certificate would end first, or when the setting changes.
 */

let emulator: RunningEmulator;
let webhooks: Awaited<ReturnType<typeof startRichWebhooks>>['webhooks'];
let userId: string;
let bodies: unknown[] = [];
let lib: typeof import('./subscription-manager') &
  typeof import('./maintenance') &
  typeof import('./certificate') &
  typeof import('./resource-data') &
  typeof import('../mail/sync') & { db: typeof import('../db').db; env: typeof import('../env').env };

beforeAll(async () => {
  ({ webhooks, bodies } = await startRichWebhooks());
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./subscription-manager')),
    ...(await import('./maintenance')),
    ...(await import('./certificate')),
    ...(await import('./resource-data')),
    ...(await import('../mail/sync')),
    ...(await import('../db')),
    ...(await import('../env')),
  };
  ({ userId } = await signInUser(emulator, 'megan'));
  await lib.syncMailbox(userId);
});
afterAll(async () => {
  await webhooks?.close();
  await emulator?.close();
});

interface EmulatorSubscription {
  id: string;
  resource: string;
  includeResourceData: boolean;
  encryptionCertificateId?: string;
  expirationDateTime: string;
}
const graphSide = async (id: string) =>
  (
    (await (await fetch(`${emulator.url}/_emulator/subscriptions`)).json()) as {
      value: EmulatorSubscription[];
    }
  ).value.find((s) => s.id === id);

const MINUTE = 60_000;

describe('rich subscriptions', () => {
  it('ask for resource data with the app’s certificate, for at most 1,440 minutes; what comes opens with its key', async () => {
    const created = await lib.createUserSubscription(userId);
    const certificate = await lib.currentCertificate();
    const row = await lib.db.graphSubscription.findUniqueOrThrow({ where: { graphId: created.id } });
    expect(row.encryptionCertificateId).toBe(certificate.id);
    const theirs = await graphSide(created.id);
    expect(theirs).toMatchObject({ includeResourceData: true, encryptionCertificateId: certificate.id });
    expect(theirs?.resource).toBe(lib.RICH_RESOURCE);
    const lifetime = row.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(1_400 * MINUTE);
    expect(lifetime).toBeLessThanOrEqual(1_440 * MINUTE);

    const { id } = (await (
      await emulatorControl(emulator, '/mail', { to: 'megan', from: 'news@fabrikam.test', subject: 'Sealed' })
    ).json()) as { id: string };
    // The mail arrives (applied from the notification itself: rich-notifications.test.ts).
    await until(
      () => lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId, graphId: id } } }),
      15_000,
    );
    const item = await until(
      async () =>
        bodies
          .flatMap(
            (body) =>
              (body as { value: { resourceData?: { id?: string }; encryptedContent?: unknown }[] }).value,
          )
          .find((n) => n.resourceData?.id === id && n.encryptedContent),
      15_000,
    );
    const content = lib.encryptedContentSchema.parse(item.encryptedContent);
    expect(content.encryptionCertificateId).toBe(certificate.id);
    expect(content.encryptionCertificateThumbprint).toBe(certificate.thumbprint);
    const key = await lib.certificateKey(content.encryptionCertificateId);
    expect(lib.decryptResourceData(content, key as NonNullable<typeof key>)).toMatchObject({
      id,
      subject: 'Sealed',
    });
  });

  it('renew within the shorter lifetime, and are made again when the certificate would end first', async () => {
    const before = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId } });
    // Past half of a day's life it is due; a week-long plain one would not be yet.
    // (On PostgreSQL other test files' subscriptions, their emulators gone, may be due too and fail: the
    // counts cover them; this one must renew.)
    expect((await lib.renewDueSubscriptions(Date.now() + 13 * 60 * MINUTE)).renewed).toBeGreaterThanOrEqual(
      1,
    );
    const renewed = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId } });
    expect(renewed.graphId).toBe(before.graphId);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(before.expiresAt.getTime());
    expect(renewed.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(1_440 * MINUTE);

    // Its certificate now ends within the hour: renewing makes the subscription again with a new one.
    await lib.db.encryptionCertificate.update({
      where: { id: before.encryptionCertificateId ?? '' },
      data: { notAfter: new Date(Date.now() + 60 * MINUTE) },
    });
    expect(await lib.renewUserSubscription(renewed)).toBe('recreated');
    const again = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId } });
    expect(again.graphId).not.toBe(before.graphId);
    expect(again.encryptionCertificateId).not.toBe(before.encryptionCertificateId);
    expect((await graphSide(again.graphId))?.encryptionCertificateId).toBe(again.encryptionCertificateId);
  });

  it('turn plain at their next renewal once the setting is off', async () => {
    (lib.env as { RICH_NOTIFICATIONS: string }).RICH_NOTIFICATIONS = 'off';
    try {
      expect(
        (await lib.renewDueSubscriptions(Date.now() + 13 * 60 * MINUTE)).recreated,
      ).toBeGreaterThanOrEqual(1);
      const plain = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId } });
      expect(plain.encryptionCertificateId).toBeNull();
      expect(await graphSide(plain.graphId)).toMatchObject({
        includeResourceData: false,
        resource: lib.RESOURCE,
      });
      expect(plain.expiresAt.getTime() - Date.now()).toBeGreaterThan(10_000 * MINUTE);
    } finally {
      (lib.env as { RICH_NOTIFICATIONS: string }).RICH_NOTIFICATIONS = 'on';
    }
  });

  it('lose ended certificates at the maintenance round', async () => {
    const ended = await lib.db.encryptionCertificate.create({
      data: {
        id: crypto.randomUUID(),
        certificate: 'MIIC',
        thumbprint: 'AB',
        privateKey: 'v1.x.y.z',
        notBefore: new Date(Date.now() - 91 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      },
    });
    expect((await lib.runMaintenance()).endedCertificates).toBeGreaterThanOrEqual(1);
    expect(await lib.db.encryptionCertificate.findUnique({ where: { id: ended.id } })).toBeNull();
    // The one in force stays.
    const current = await lib.currentCertificate();
    expect(await lib.certificateKey(current.id)).not.toBeNull();
  });
});
