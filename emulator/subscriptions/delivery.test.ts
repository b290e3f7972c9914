import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, startTestEmulator } from '../testing';
import { control, deliverMail, minutesFromNow, waitForLog } from './test-helpers';
import { type Receiver, startReceiver } from './test-receiver';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(() => {
  receiver.behave(() => undefined);
  receiver.requests.length = 0;
});

async function subscribe(emulator: RunningEmulator, overrides: Record<string, unknown> = {}) {
  const client = await graphClient(emulator, { alias: 'adele' });
  return client.api('/subscriptions').post({
    changeType: 'created,updated,deleted',
    notificationUrl: `${receiver.url}/notify`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: "me/mailFolders('inbox')/messages",
    expirationDateTime: minutesFromNow(120),
    clientState: 'delivery-secret',
    ...overrides,
  }) as Promise<{ id: string; expirationDateTime: string }>;
}

describe('change notifications', () => {
  // 600x: a minute of backoff takes 100 ms.
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ timeScale: 600, notificationBatchWindowMs: 50 });
  });
  afterAll(() => emulator.close());
  afterEach(() => control(emulator, 'POST', '/reset'));

  it('notifies created, updated and deleted with Graph’s payload', async () => {
    const subscription = await subscribe(emulator);
    const store = emulator.ctx.store;
    const userId = store.findUser('adele')?.id ?? '';
    const messageId = await deliverMail(emulator, 'adele', 'Quarterly report');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    store.updateMessage(userId, messageId, { isRead: true });
    await receiver.waitFor(() => receiver.items('/notify').length === 2);
    store.deleteMessage(userId, messageId);
    await receiver.waitFor(() => receiver.items('/notify').length === 3);

    const items = receiver.items('/notify');
    expect(items.map((i) => i.changeType)).toEqual(['created', 'updated', 'deleted']);
    const resource = `Users/${userId}/Messages/${messageId}`;
    for (const item of items) {
      expect(item).toEqual({
        id: expect.any(String),
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: subscription.expirationDateTime,
        changeType: expect.any(String),
        resource,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': resource,
          '@odata.etag': expect.stringMatching(/^W\/".+"$/),
          id: messageId,
        },
        clientState: 'delivery-secret',
        tenantId: emulator.config.tenantId,
      });
    }
    expect(receiver.posts('/notify').every((p) => p.contentType.startsWith('application/json'))).toBe(true);
  });

  it('notifies changes made through Graph PATCH and DELETE', async () => {
    await subscribe(emulator);
    const client = await graphClient(emulator, { alias: 'adele' });
    const messageId = await deliverMail(emulator, 'adele');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    await client.api(`/me/messages/${messageId}`).patch({ isRead: true });
    await receiver.waitFor(() => receiver.items('/notify').length === 2);
    await client.api(`/me/messages/${messageId}`).delete();
    await receiver.waitFor(() => receiver.items('/notify').length === 3);
    expect(receiver.items('/notify').map((i) => i.changeType)).toEqual(['created', 'updated', 'deleted']);
  });

  it('tells a folder subscription about moves as created and deleted, and ignores other folders', async () => {
    await subscribe(emulator);
    const store = emulator.ctx.store;
    const userId = store.findUser('adele')?.id ?? '';
    const archive = store.getFolder(userId, 'archive')?.id ?? '';
    const inbox = store.getFolder(userId, 'inbox')?.id ?? '';
    const messageId = await deliverMail(emulator, 'adele');
    await receiver.waitFor(() => receiver.items('/notify').length === 1);
    store.moveMessage(userId, messageId, archive);
    await receiver.waitFor(() => receiver.items('/notify').length === 2);
    store.updateMessage(userId, messageId, { isRead: true });
    store.moveMessage(userId, messageId, inbox);
    await receiver.waitFor(() => receiver.items('/notify').length === 3);
    expect(receiver.items('/notify').map((i) => i.changeType)).toEqual(['created', 'deleted', 'created']);
  });

  it('gathers changes within the batch window into one POST', async () => {
    await subscribe(emulator);
    await Promise.all([
      deliverMail(emulator, 'adele'),
      deliverMail(emulator, 'adele'),
      deliverMail(emulator, 'adele'),
    ]);
    await receiver.waitFor(() => receiver.items('/notify').length === 3);
    expect(receiver.posts('/notify')).toHaveLength(1);
  });

  it('splits a window of more than 1,000 changes into POSTs of at most 1,000', async () => {
    await subscribe(emulator);
    await control(emulator, 'POST', '/mail/bulk', { to: 'adele', count: 2_500 });
    await receiver.waitFor(() => receiver.items('/notify').length === 2_500, 60_000);
    const sizes = receiver
      .posts('/notify')
      .map((post) => (JSON.parse(post.body) as { value: unknown[] }).value.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([1_000, 1_000, 500]);
  });

  it('stops notifying once the subscription is deleted or belongs to another mailbox', async () => {
    const subscription = await subscribe(emulator);
    await deliverMail(emulator, 'alex');
    const client = await graphClient(emulator, { alias: 'adele' });
    await client.api(`/subscriptions/${subscription.id}`).delete();
    await deliverMail(emulator, 'adele');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.posts('/notify')).toHaveLength(0);
  });

  it('retries a failing endpoint with growing gaps until it answers', async () => {
    const subscription = await subscribe(emulator);
    let failures = 0;
    receiver.behave((r) => {
      if (r.path !== '/notify' || r.validationToken !== null || failures >= 3) return undefined;
      failures += 1;
      return { status: 500 };
    });
    await deliverMail(emulator, 'adele');
    const attempts = await waitForLog(emulator, subscription.id, (log) =>
      log.some((e) => e.outcome === 'delivered'),
    );
    expect(attempts.map((e) => [e.attempt, e.outcome, e.status])).toEqual([
      [1, 'retrying', 500],
      [2, 'retrying', 500],
      [3, 'retrying', 500],
      [4, 'delivered', 202],
    ]);
    const times = attempts.map((e) => Date.parse(e.clockAt));
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    // One, two, then four minutes of scaled time, give or take scheduling jitter.
    expect(gaps[0]).toBeGreaterThanOrEqual(55_000);
    expect(gaps[1]).toBeGreaterThan((gaps[0] ?? 0) * 1.5);
    expect(gaps[2]).toBeGreaterThan((gaps[1] ?? 0) * 1.5);
  });
});

describe('giving up', () => {
  // 36,000x: Graph's four-hour retry window passes in 0.4 s.
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ timeScale: 36_000, notificationBatchWindowMs: 20 });
  });
  afterAll(() => emulator.close());

  it('drops a notification four hours after the first attempt and sends missed', async () => {
    const subscription = await subscribe(emulator);
    receiver.behave((r) =>
      r.path === '/notify' && r.validationToken === null ? { status: 503 } : undefined,
    );
    await deliverMail(emulator, 'adele');
    const missed = await receiver.waitFor(() => receiver.items('/lifecycle')[0], 5_000);
    expect(missed).toMatchObject({
      subscriptionId: subscription.id,
      lifecycleEvent: 'missed',
      clientState: 'delivery-secret',
      tenantId: emulator.config.tenantId,
    });
    const attempts = await waitForLog(emulator, subscription.id, (log) =>
      log.some((e) => e.outcome === 'dropped'),
    );
    const last = attempts.at(-1);
    expect(last?.outcome).toBe('dropped');
    expect(attempts.slice(0, -1).every((e) => e.outcome === 'retrying')).toBe(true);
    const span = Date.parse(last?.clockAt ?? '') - Date.parse(attempts[0]?.clockAt ?? '');
    expect(span).toBeGreaterThan(3 * 60 * 60_000);
    expect(span).toBeLessThanOrEqual(4 * 60 * 60_000 + 60_000);
  });
});
