import { afterAll, afterEach, beforeAll } from 'vitest';
import type { EmulatorConfig } from '../config';
import type { RunningEmulator } from '../server';
import { startTestEmulator } from '../testing';
import { type Receiver, startReceiver } from './test-receiver';
import type { DeliveryLogEntry } from './types';

/**
 * A test file's emulator and webhook receiver: started before its tests, handed over through `use`, reset
 * after each test (the receiver forgets what it got, the emulator its state) and closed at the end.
 */
export function emulatorWithReceiver(
  options: Partial<EmulatorConfig>,
  use: (emulator: RunningEmulator, receiver: Receiver) => void,
): void {
  let emulator: RunningEmulator | undefined;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    emulator = await startTestEmulator(options);
    receiver = await startReceiver();
    use(emulator, receiver);
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
  });
  afterEach(async () => {
    if (receiver) receiver.requests.length = 0;
    if (emulator) await control(emulator, 'POST', '/reset');
  });
}

export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

export async function control(emulator: RunningEmulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function deliveries(
  emulator: RunningEmulator,
  subscriptionId?: string,
): Promise<DeliveryLogEntry[]> {
  const query = subscriptionId ? `?subscriptionId=${subscriptionId}` : '';
  const { body } = await control(emulator, 'GET', `/deliveries${query}`);
  return (body as { value: DeliveryLogEntry[] }).value;
}

export async function deliverMail(emulator: RunningEmulator, to: string, subject = 'Hello'): Promise<string> {
  const { status, body } = await control(emulator, 'POST', '/mail', {
    to,
    from: 'sender@example.com',
    subject,
  });
  if (status !== 201) throw new Error(`mail delivery failed: ${status}`);
  return (body as { id: string }).id;
}

/** Polls the delivery log until `done` holds for the subscription's notification attempts. */
export async function waitForLog(
  emulator: RunningEmulator,
  subscriptionId: string,
  done: (log: DeliveryLogEntry[]) => boolean,
  timeoutMs = 5_000,
): Promise<DeliveryLogEntry[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = (await deliveries(emulator, subscriptionId)).filter((e) => e.kind === 'notification');
    if (done(log)) return log;
    if (Date.now() > deadline)
      throw new Error(`delivery log never reached the expected state: ${JSON.stringify(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
