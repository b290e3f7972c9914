import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, tokenFor } from '../testing';
import { control, deliverMail, emulatorWithReceiver, minutesFromNow } from './test-helpers';
import type { Receiver } from './test-receiver';

let emulator: RunningEmulator;
let receiver: Receiver;
emulatorWithReceiver({ notificationBatchWindowMs: 20 }, (started, listening) => {
  emulator = started;
  receiver = listening;
});

async function subscribe(token?: string) {
  const client = await graphClient(emulator, token ? { token } : { alias: 'adele' });
  const subscription = (await client.api('/subscriptions').post({
    changeType: 'created',
    notificationUrl: `${receiver.url}/notify`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: '/me/messages',
    expirationDateTime: minutesFromNow(60),
    clientState: 'lifecycle-secret',
  })) as { id: string; expirationDateTime: string };
  return { client, subscription };
}

async function subscriptionState(id: string): Promise<string | undefined> {
  const { body } = await control(emulator, 'GET', '/subscriptions');
  return (body as { value: Array<{ id: string; state: string }> }).value.find((s) => s.id === id)?.state;
}

describe('lifecycle notifications', () => {
  it('sends reauthorizationRequired before the creating token expires; reauthorize clears it', async () => {
    const { subscription } = await subscribe(await tokenFor(emulator, 'adele', { ttlSeconds: 2 }));
    const item = await receiver.waitFor(() => receiver.items('/lifecycle')[0], 4_000);
    expect(item).toEqual({
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscription.expirationDateTime,
      tenantId: emulator.config.tenantId,
      organizationId: emulator.config.tenantId,
      clientState: 'lifecycle-secret',
      lifecycleEvent: 'reauthorizationRequired',
      resource: '/me/messages',
    });
    expect(await subscriptionState(subscription.id)).toBe('reauthorizationRequired');
    const fresh = await graphClient(emulator, { alias: 'adele' });
    await fresh.api(`/subscriptions/${subscription.id}/reauthorize`).post({});
    expect(await subscriptionState(subscription.id)).toBe('active');
  });

  it('delivers each event on request of the control API; subscriptionRemoved removes it', async () => {
    const { client, subscription } = await subscribe();
    for (const event of ['reauthorizationRequired', 'missed', 'subscriptionRemoved']) {
      const { status } = await control(emulator, 'POST', `/subscriptions/${subscription.id}/lifecycle`, {
        event,
      });
      expect(status).toBe(202);
    }
    await receiver.waitFor(() => receiver.items('/lifecycle').length === 3);
    expect(receiver.items('/lifecycle').map((i) => i.lifecycleEvent)).toEqual([
      'reauthorizationRequired',
      'missed',
      'subscriptionRemoved',
    ]);
    expect((await graphErrorOf(client.api(`/subscriptions/${subscription.id}`).get())).statusCode).toBe(404);
  });

  it('drops the next N notifications on request and then sends missed', async () => {
    const { subscription } = await subscribe();
    expect((await control(emulator, 'POST', '/notifications/drop', { count: 2, user: 'adele' })).status).toBe(
      202,
    );
    await deliverMail(emulator, 'adele');
    await deliverMail(emulator, 'adele');
    const missed = await receiver.waitFor(() => receiver.items('/lifecycle')[0]);
    expect(missed).toMatchObject({ subscriptionId: subscription.id, lifecycleEvent: 'missed' });
    const third = await deliverMail(emulator, 'adele');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    expect(receiver.items('/notify')[0]).toMatchObject({ resourceData: { id: third } });
  });

  it('forgets every subscription when the mailboxes are reset', async () => {
    const { client } = await subscribe();
    await control(emulator, 'POST', '/reset');
    expect((await client.api('/subscriptions').get()).value).toEqual([]);
  });
});
