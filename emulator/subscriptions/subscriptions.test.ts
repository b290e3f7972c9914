import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';
import { setSubscriptionTimingForTests } from './policy';
import { control, deliveries, minutesFromNow } from './test-helpers';
import { passHandshake, type Receiver, startReceiver } from './test-receiver';

let emulator: RunningEmulator;
let receiver: Receiver;
let restoreTiming: () => void;

beforeAll(async () => {
  restoreTiming = setSubscriptionTimingForTests({ validationTimeoutMs: 300 });
  emulator = await startTestEmulator();
  receiver = await startReceiver();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
  restoreTiming();
});
afterEach(async () => {
  receiver.behave(() => undefined);
  await control(emulator, 'POST', '/reset');
});

const body = (overrides: Record<string, unknown> = {}) => ({
  changeType: 'created,updated,deleted',
  notificationUrl: `${receiver.url}/notify`,
  resource: "/me/mailFolders('Inbox')/messages",
  expirationDateTime: minutesFromNow(60),
  clientState: 'tidings-secret',
  ...overrides,
});

describe('POST /subscriptions', () => {
  it('validates the endpoint with a URL-encoded token and answers 201 with the subscription', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const created = await client.api('/subscriptions').post(body());
    const handshake = receiver.requests.find((r) => r.validationToken !== null);
    expect(handshake).toBeDefined();
    const token = handshake?.validationToken ?? '';
    expect(token).toMatch(/^Validation: /);
    // The raw query needs decoding: it has no literal spaces and percent-encodes + / : %.
    expect(token).toMatch(/[ +/:%]/);
    expect(handshake?.rawUrl).not.toContain(' ');
    expect(handshake?.rawUrl).toContain(`validationToken=${encodeURIComponent(token)}`);
    expect(handshake?.contentType).toMatch(/^text\/plain/);
    expect(handshake?.body).toBe('');

    const adele = emulator.ctx.store.findUser('adele');
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resource: "/me/mailFolders('Inbox')/messages",
      applicationId: emulator.config.client.clientId,
      changeType: 'created,updated,deleted',
      clientState: 'tidings-secret',
      notificationUrl: `${receiver.url}/notify`,
      lifecycleNotificationUrl: null,
      creatorId: adele?.id,
      latestSupportedTlsVersion: 'v1_2',
      notificationContentType: null,
      includeResourceData: false,
    });
    expect(Date.parse(created.expirationDateTime)).toBeGreaterThan(Date.now());
    const fetched = await client.api(`/subscriptions/${created.id}`).get();
    expect(fetched.id).toBe(created.id);
  });

  it('validates lifecycleNotificationUrl too', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    await client.api('/subscriptions').post(body({ lifecycleNotificationUrl: `${receiver.url}/lifecycle` }));
    const paths = receiver.requests.filter((r) => r.validationToken !== null).map((r) => r.path);
    expect(paths).toContain('/lifecycle');

    receiver.behave((r) => (r.path === '/lifecycle' && r.validationToken ? { status: 404 } : undefined));
    const error = await graphErrorOf(
      client
        .api('/subscriptions')
        .post(body({ resource: 'me/messages', lifecycleNotificationUrl: `${receiver.url}/lifecycle` })),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('ValidationError');
  });

  const failures: Array<[string, () => void, RegExp]> = [
    [
      'a non-200 status',
      () => receiver.behave((r) => (r.validationToken ? { status: 500 } : undefined)),
      /200 OK/,
    ],
    [
      'the still-encoded token',
      () =>
        receiver.behave((r) =>
          r.validationToken
            ? { status: 200, contentType: 'text/plain', body: encodeURIComponent(r.validationToken) }
            : undefined,
        ),
      /exactly/,
    ],
    [
      'a JSON content type',
      () =>
        receiver.behave((r) =>
          r.validationToken
            ? { status: 200, contentType: 'application/json', body: r.validationToken }
            : undefined,
        ),
      /text\/plain/,
    ],
    [
      'an answer after the timeout',
      () => receiver.behave((r) => (r.validationToken ? { ...passHandshake(r), delayMs: 600 } : undefined)),
      /timed out/,
    ],
  ];
  for (const [name, arrange, message] of failures) {
    it(`refuses the subscription when the endpoint answers the handshake with ${name}`, async () => {
      arrange();
      const client = await graphClient(emulator, { alias: 'adele' });
      const error = await graphErrorOf(client.api('/subscriptions').post(body()));
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('ValidationError');
      expect(error.message).toMatch(message);
      expect((await client.api('/subscriptions').get()).value).toEqual([]);
    });
  }

  it('answers 409 for a duplicate changeType, resource and notificationUrl', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const first = await client.api('/subscriptions').post(body());
    const error = await graphErrorOf(client.api('/subscriptions').post(body()));
    expect(error.statusCode).toBe(409);
    expect(error.message).toContain(first.id);
    // Another folder is another resource.
    await client.api('/subscriptions').post(body({ resource: 'me/mailfolders/archive/messages' }));
  });

  it.each([
    ['more than 10,080 minutes ahead', minutesFromNow(10_081), /10080 minutes/],
    ['in the past', minutesFromNow(-1), /future/],
  ])('refuses an expirationDateTime %s', async (_name, expirationDateTime, message) => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const error = await graphErrorOf(client.api('/subscriptions').post(body({ expirationDateTime })));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('limits rich notifications to 1,440 minutes and requires an encryption certificate', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const noCert = await graphErrorOf(client.api('/subscriptions').post(body({ includeResourceData: true })));
    expect(noCert.statusCode).toBe(400);
    expect(noCert.message).toMatch(/encryptionCertificate/);
    const tooLong = await graphErrorOf(
      client.api('/subscriptions').post(
        body({
          includeResourceData: true,
          encryptionCertificate: 'MIIB',
          encryptionCertificateId: 'cert-1',
          expirationDateTime: minutesFromNow(1_441),
        }),
      ),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.message).toMatch(/1440 minutes/);
  });

  it('refuses bad input: missing clientState, unknown changeType, unsupported resource, other users', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ clientState: undefined }, 400],
      [{ clientState: 'x'.repeat(129) }, 400],
      [{ changeType: 'created,moved' }, 400],
      [{ resource: 'me/events' }, 400],
      [{ resource: 'users/megan@contoso.test/messages' }, 403],
      [{ resource: 'me/mailFolders/nope/messages' }, 404],
    ];
    for (const [overrides, status] of cases) {
      const error = await graphErrorOf(client.api('/subscriptions').post(body(overrides)));
      expect(error.statusCode, JSON.stringify(overrides)).toBe(status);
    }
    const own = await client
      .api('/subscriptions')
      .post(body({ resource: 'users/adele@contoso.test/messages' }));
    expect(own.resource).toBe('users/adele@contoso.test/messages');
  });
});

describe('managing subscriptions', () => {
  it('renews with PATCH, lists, deletes with 204 and then answers 404', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const created = await client.api('/subscriptions').post(body());
    const later = minutesFromNow(10_000);
    const renewed = await client.api(`/subscriptions/${created.id}`).patch({ expirationDateTime: later });
    expect(renewed.expirationDateTime).toBe(new Date(later).toISOString());
    const tooLate = await graphErrorOf(
      client.api(`/subscriptions/${created.id}`).patch({ expirationDateTime: minutesFromNow(20_000) }),
    );
    expect(tooLate.statusCode).toBe(400);
    expect((await client.api('/subscriptions').get()).value.map((s: { id: string }) => s.id)).toEqual([
      created.id,
    ]);
    await client.api(`/subscriptions/${created.id}/reauthorize`).post({});
    await client.api(`/subscriptions/${created.id}`).delete();
    const gone = await graphErrorOf(client.api(`/subscriptions/${created.id}`).get());
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('ResourceNotFound');
  });

  it('hides a subscription from other users and other apps', async () => {
    const adele = await graphClient(emulator, { alias: 'adele' });
    const created = await adele.api('/subscriptions').post(body());
    const alex = await graphClient(emulator, { alias: 'alex' });
    expect((await graphErrorOf(alex.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(404);
    expect((await alex.api('/subscriptions').get()).value).toEqual([]);
    const otherApp = await graphClient(emulator, {
      token: await tokenFor(emulator, 'adele', { appId: 'another-app' }),
    });
    expect((await graphErrorOf(otherApp.api(`/subscriptions/${created.id}`).delete())).statusCode).toBe(404);
  });

  it('forgets an expired subscription', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const created = await client.api('/subscriptions').post(body());
    expect((await control(emulator, 'POST', `/subscriptions/${created.id}/expire`)).status).toBe(204);
    expect((await graphErrorOf(client.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(404);
    const listed = (await control(emulator, 'GET', '/subscriptions')).body as { value: unknown[] };
    expect(listed.value).toEqual([]);
  });

  it('records handshakes in the delivery log', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const created = await client.api('/subscriptions').post(body());
    const log = await deliveries(emulator, created.id);
    expect(log).toEqual([
      expect.objectContaining({
        kind: 'validation',
        outcome: 'delivered',
        status: 200,
        url: `${receiver.url}/notify`,
      }),
    ]);
  });
});
