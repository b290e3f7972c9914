import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, startTestEmulator } from '../testing';
import type { EndpointHealth } from './health';
import { setSubscriptionTimingForTests } from './policy';
import { control, deliverMail, minutesFromNow, waitForLog } from './test-helpers';
import { type Receiver, startReceiver } from './test-receiver';

let emulator: RunningEmulator;
let receiver: Receiver;
let restoreTiming: () => void;

beforeAll(async () => {
  // A 150 ms budget stands in for Graph's 3 s; 10x makes the slow state's 10 s delay take one second.
  restoreTiming = setSubscriptionTimingForTests({ responseBudgetMs: 150 });
  emulator = await startTestEmulator({ timeScale: 10, notificationBatchWindowMs: 10 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
  restoreTiming();
});

async function endpointState(): Promise<EndpointHealth | undefined> {
  const { body } = await control(emulator, 'GET', '/subscriptions');
  return (body as { endpoints: EndpointHealth[] }).endpoints.find((e) => e.url === `${receiver.url}/notify`);
}

it('marks an endpoint slow past 10% slow answers, delays it, then drops past 15% and sends missed', async () => {
  const client = await graphClient(emulator, { alias: 'adele' });
  const subscription = await client.api('/subscriptions').post({
    changeType: 'created',
    notificationUrl: `${receiver.url}/notify`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: 'me/messages',
    expirationDateTime: minutesFromNow(60),
    clientState: 'health-secret',
  });
  let slow = false;
  receiver.behave((r) => (slow && r.path === '/notify' ? { status: 202, delayMs: 300 } : undefined));
  const send = async (expected: number) => {
    await deliverMail(emulator, 'adele');
    return waitForLog(emulator, subscription.id, (log) => log.length >= expected);
  };

  for (let n = 1; n <= 8; n += 1) await send(n);
  expect((await endpointState())?.state).toBe('healthy');

  slow = true;
  await send(9);
  expect(await endpointState()).toMatchObject({ state: 'slow', responses: 9, slowResponses: 1 });

  const started = Date.now();
  await send(10);
  // Ten scaled seconds of delay at 10x, then the slow answer: 2 of 10 is over 15%.
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect((await endpointState())?.state).toBe('drop');

  const log = await send(11);
  expect(log.at(-1)).toMatchObject({ outcome: 'dropped', attempt: 0 });
  const missed = await receiver.waitFor(() =>
    receiver.items('/lifecycle').find((i) => i.lifecycleEvent === 'missed'),
  );
  expect(missed.subscriptionId).toBe(subscription.id);
});
