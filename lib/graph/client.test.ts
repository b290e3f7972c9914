import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let userId: string;
let withGraph: typeof import('./client').withGraph;
let GraphRequestError: typeof import('./errors').GraphRequestError;

beforeAll(async () => {
  emulator = await startAppEmulator();
  ({ withGraph } = await import('./client'));
  ({ GraphRequestError } = await import('./errors'));
  ({ userId } = await signInUser(emulator, 'adele'));
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await control('/faults');
  await control('/requests');
});

const control = (path: string, body?: unknown) => emulatorControl(emulator, path, body);

async function requestLog(): Promise<{ method: string; path: string; status: number; at: string }[]> {
  return (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()).requests;
}

describe('the Graph client', () => {
  it('retries a 429 after its Retry-After, then succeeds', async () => {
    await control('/faults', {
      kind: 'status',
      status: 429,
      count: 1,
      retryAfterSeconds: 1,
      pathPattern: '/me',
    });
    const started = performance.now();
    const me = await withGraph(userId, (client) => client.api('/me').get());
    const elapsed = performance.now() - started;
    expect(me.userPrincipalName).toBe('adele@contoso.test');
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const calls = (await requestLog()).filter((r) => r.path.startsWith('/me'));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    const gap = Date.parse(calls[1]?.at ?? '') - Date.parse(calls[0]?.at ?? '');
    expect(gap).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a service that stays unavailable, within its attempt bound, with a typed error', async () => {
    await control('/faults', {
      kind: 'status',
      status: 503,
      count: 10,
      retryAfterSeconds: 0,
      pathPattern: '/me',
    });
    const error = await withGraph(userId, (client) => client.api('/me').get(), {
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect((await requestLog()).filter((r) => r.path.startsWith('/me'))).toHaveLength(3);
  });

  it('stops retrying when the next wait would pass the total time budget', async () => {
    await control('/faults', {
      kind: 'status',
      status: 429,
      count: 5,
      retryAfterSeconds: 30,
      pathPattern: '/me',
    });
    const error = await withGraph(userId, (client) => client.api('/me').get(), {
      retry: { maxTotalMs: 5_000 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', retryAfterSeconds: 30 });
    // No second attempt: waiting 30 s would pass the 5 s budget.
    expect((await requestLog()).filter((r) => r.path.startsWith('/me'))).toHaveLength(1);
  });

  it('maps Graph errors to typed errors: not found', async () => {
    const error = await withGraph(userId, (client) =>
      client.api('/me/messages/AAMkdoesnotexist').get(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'ErrorItemNotFound' });
  });

  it('times out a request that never answers', async () => {
    // The emulator would hold it for 5 minutes, past this test's own time limit: only our timeout ends it.
    await control('/faults', { kind: 'timeout', count: 1, hangMs: 300_000, pathPattern: '/me' });
    const error = await withGraph(userId, (client) => client.api('/me').get(), {
      timeoutMs: 300,
      retry: { maxAttempts: 1 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(String((error as Error).cause)).toMatch(/did not answer within 300 ms/);
  });

  it('retries a read whose connection was reset, and succeeds', async () => {
    await control('/faults', { kind: 'reset', count: 2, pathPattern: '/me' });
    const me = await withGraph(userId, (client) => client.api('/me').get(), { retry: { baseDelayMs: 10 } });
    expect(me.userPrincipalName).toBe('adele@contoso.test');
    const { faults } = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as {
      faults: unknown[];
    };
    expect(faults).toEqual([]);
  });

  it('does not repeat a send whose connection was reset, and says why in the error’s cause', async () => {
    await control('/faults', { kind: 'reset', count: 2, pathPattern: '/sendMail' });
    const error = await withGraph(
      userId,
      (client) =>
        client.api('/me/sendMail').post({
          message: { subject: 'Once', toRecipients: [{ emailAddress: { address: 'megan@contoso.test' } }] },
        }),
      { retry: { baseDelayMs: 10 } },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect((error as Error).cause).toBeDefined();
    // One attempt only: the second reset is still waiting for a request.
    const { faults } = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as {
      faults: { remaining: number }[];
    };
    expect(faults.map((f) => f.remaining)).toEqual([1]);
  });
});
