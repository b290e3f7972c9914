import { createHmac, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { encryptResourceData } from '../../emulator/subscriptions/resource-data';
import { startRichWebhooks } from '../testing/rich-webhooks';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import { until } from '../testing/until';

/*
 * RICH_NOTIFICATIONS=on, receiving (#17): the message a notification carries is applied as it is, with no
 * Graph request for it. Data that must not be trusted (changed on the way, a signature that does not
 * match, a key that does not open, a validation token for another app, a certificate past its end) is
 * refused and counted, and the change is read from Graph instead: the mail still arrives.
 */

interface Item {
  subscriptionId: string;
  clientState?: string;
  changeType: string;
  resource: string;
  tenantId?: string;
  resourceData?: { id?: string; '@odata.etag'?: string };
  encryptedContent?: {
    data: string;
    dataKey: string;
    dataSignature: string;
    encryptionCertificateId: string;
  };
}
interface Body {
  value: Item[];
  validationTokens?: string[];
}

let emulator: RunningEmulator;
let webhooks: Awaited<ReturnType<typeof startRichWebhooks>>['webhooks'];
let userId: string;
let bodies: Body[] = [];
let lib: typeof import('./subscription-manager') &
  typeof import('./certificate') &
  typeof import('./resource-data') &
  typeof import('./rich') &
  typeof import('../health') &
  typeof import('../mail/sync') & { db: typeof import('../db').db };

beforeAll(async () => {
  ({ webhooks, bodies } = await startRichWebhooks<Body>());
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./subscription-manager')),
    ...(await import('./certificate')),
    ...(await import('./resource-data')),
    ...(await import('./rich')),
    ...(await import('../health')),
    ...(await import('../mail/sync')),
    ...(await import('../db')),
  };
  ({ userId } = await signInUser(emulator, 'alex'));
  await lib.syncMailbox(userId);
  await lib.createUserSubscription(userId);
});
afterAll(async () => {
  await webhooks?.close();
  await emulator?.close();
});

const cached = (graphId: string) =>
  lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId, graphId } } });

/** Graph requests since `since` that read a message or run a batch: what a plain notification costs. */
const messageReads = (since: string) =>
  emulator.ctx.requests
    .list({ since })
    .filter((r) => r.path.includes('$batch') || /\/messages\/[^/?]+/.test(r.path));

const sendMail = async (subject: string) =>
  (
    (await (
      await emulatorControl(emulator, '/mail', { to: 'alex', from: 'news@fabrikam.test', subject })
    ).json()) as { id: string }
  ).id;

const rich = () => lib.richCounts();

describe('rich notifications', () => {
  it('bring new mail into the cache with no Graph request for it', async () => {
    const before = rich().applied;
    const since = new Date().toISOString();
    const id = await sendMail('Sealed and delivered');
    const row = await until(() => cached(id), 15_000);
    expect(row).toMatchObject({ subject: 'Sealed and delivered', fromAddress: 'news@fabrikam.test' });
    // It came in a notification with resource data, and Graph was not asked for it.
    expect(
      bodies.some((body) => body.value.some((n) => n.resourceData?.id === id && n.encryptedContent)),
    ).toBe(true);
    expect(messageReads(since)).toEqual([]);
    expect(rich().applied).toBeGreaterThan(before);
    expect((await lib.checkHealth()).richNotifications).toMatchObject({ setting: 'on' });
  });

  describe('data that must not be trusted is refused, counted, and the mail still arrives', () => {
    /** A real notification of ours (subscription, clientState, tenant, tokens), to forge others from. */
    const template = () => {
      const body = bodies.find((b) => b.value.some((n) => n.encryptedContent) && b.validationTokens?.length);
      const item = body?.value.find((n) => n.encryptedContent);
      if (!body || !item) throw new Error('no rich notification seen yet');
      return { item, tokens: body.validationTokens ?? [] };
    };

    /**
     * A mail lands in the mailbox without its notification (dropped), and then a notification about it
     * comes that `forge` has spoilt; it must still reach the cache, read from Graph.
     */
    async function refusedAndRead(
      reason: string,
      forge: (sealed: NonNullable<Item['encryptedContent']>) => {
        content: NonNullable<Item['encryptedContent']>;
        tokens?: string[];
      },
      certificate?: { id: string; certificate: string },
    ) {
      const { item, tokens } = template();
      const dropFrom = new Date().toISOString();
      await emulatorControl(emulator, '/notifications/drop', { count: 1, user: 'alex', silent: true });
      const id = await sendMail(`Arrives anyway (${reason})`);
      // The emulator has it; the cache does not (its notification was dropped).
      await until(async () => {
        const { value } = (await (
          await fetch(`${emulator.url}/_emulator/deliveries?since=${encodeURIComponent(dropFrom)}`)
        ).json()) as { value: { outcome: string }[] };
        return value.some((entry) => entry.outcome === 'dropped');
      }, 15_000);
      expect(await cached(id)).toBeNull();

      const own = certificate ?? (await lib.currentCertificate());
      const x509 = new X509Certificate(Buffer.from(own.certificate, 'base64'));
      const sealed = encryptResourceData(
        { id, subject: 'Forged subject', receivedDateTime: new Date().toISOString(), parentFolderId: 'x' },
        x509.publicKey,
        { id: own.id, der: Buffer.from(own.certificate, 'base64') },
      );
      const forged = forge(sealed);
      const before = rich().fellBack[reason as keyof ReturnType<typeof rich>['fellBack']] ?? 0;
      const since = new Date().toISOString();
      const response = await fetch(`${webhooks.url}/api/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          value: [
            {
              ...item,
              changeType: 'created',
              resource: `Users/${userId}/Messages/${id}`,
              resourceData: { ...item.resourceData, id, '@odata.etag': `W/"${reason}-${id}"` },
              encryptedContent: forged.content,
            },
          ],
          validationTokens: forged.tokens ?? tokens,
        }),
      });
      expect(response.status).toBe(202);
      const row = await until(() => cached(id), 15_000);
      // What Graph holds, not what the notification said.
      expect(row.subject).toBe(`Arrives anyway (${reason})`);
      expect(messageReads(since).length).toBeGreaterThan(0);
      expect(rich().fellBack[reason as keyof ReturnType<typeof rich>['fellBack']]).toBe(before + 1);
    }

    it('a payload changed on the way (its signature no longer matches)', async () => {
      await refusedAndRead('signature', (sealed) => {
        const data = Buffer.from(sealed.data, 'base64');
        data[0] = (data[0] ?? 0) ^ 0xff;
        return { content: { ...sealed, data: data.toString('base64') } };
      });
    });

    it('a wrong HMAC', async () => {
      await refusedAndRead('signature', (sealed) => ({
        content: {
          ...sealed,
          dataSignature: createHmac('sha256', 'not the key').update(sealed.data).digest('base64'),
        },
      }));
    });

    it('a data key that does not open with our certificate’s key', async () => {
      await refusedAndRead('key', (sealed) => ({
        content: { ...sealed, dataKey: Buffer.from('x'.repeat(256)).toString('base64') },
      }));
    });

    it('a validation token for another app (wrong audience)', async () => {
      const token = await emulator.ctx.tokens.mintValidationToken('3fa4c1d0-0000-4000-8000-00000000beef');
      await refusedAndRead('token', (sealed) => ({ content: sealed, tokens: [token] }));
    });

    it('no validation token at all', async () => {
      await refusedAndRead('token', (sealed) => ({ content: sealed, tokens: [] }));
    });

    it('a certificate past its end', async () => {
      // Made in force in 2001 (90 days): ours, with its key still kept, but ended long ago.
      const ended = await lib.currentCertificate(new Date('2001-01-01T00:00:00Z'));
      expect(await lib.certificateKey(ended.id)).not.toBeNull();
      await refusedAndRead('certificate', (sealed) => ({ content: sealed }), ended);
    });
  });
});
