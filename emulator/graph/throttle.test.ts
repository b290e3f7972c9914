import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';

let emulator: RunningEmulator;
let client: Client;
let token: string;

const control = (method: string, body?: unknown) =>
  fetch(`${emulator.url}/_emulator/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Resolves once every request the slow fault on `pathPattern` waits for has arrived (and is held). */
async function allArrived(pathPattern: string) {
  for (;;) {
    const { faults } = (await (await control('GET')).json()) as {
      faults: { pathPattern?: string; remaining: number }[];
    };
    if (!faults.some((f) => f.pathPattern === pathPattern && f.remaining > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const raw = (path: string) =>
  fetch(`${emulator.url}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  emulator = await startTestEmulator();
  token = await tokenFor(emulator, 'alex');
  client = await graphClient(emulator, { token });
});
afterAll(() => emulator.close());

describe('mailbox concurrency', () => {
  it('answers a fifth concurrent request with 429 ApplicationThrottled and Retry-After', async () => {
    // Held long enough that the fifth surely meets all four in flight, however busy the machine.
    await control('POST', { kind: 'slow', delayMs: 5_000, count: 4, pathPattern: '/me/mailFolders/inbox' });
    const slow = Array.from({ length: 4 }, () => raw('/me/mailFolders/inbox'));
    await allArrived('/me/mailFolders/inbox');
    const fifth = await raw('/me/mailFolders/drafts');
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fifth.json()).error.code).toBe('ApplicationThrottled');
    const viaClient = await graphErrorOf(client.api('/me/mailFolders/drafts').get());
    expect(viaClient.statusCode).toBe(429);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // Slots are released as responses finish.
    expect((await raw('/me/mailFolders/drafts')).status).toBe(200);
  });

  it('counts other apps on the same mailbox separately', async () => {
    await control('POST', { kind: 'slow', delayMs: 3_000, count: 4, pathPattern: '/me/mailFolders/outbox' });
    const slow = Array.from({ length: 4 }, () => raw('/me/mailFolders/outbox'));
    await allArrived('/me/mailFolders/outbox');
    const other = await graphClient(emulator, {
      token: await tokenFor(emulator, 'alex', { appId: 'other-app' }),
    });
    const folder = await other.api('/me/mailFolders/outbox').get();
    expect(folder.displayName).toBe('Outbox');
    await Promise.all(slow);
  });
});

describe('request budget', () => {
  it('answers 429 once the 10-minute budget is spent, with Retry-After until the window frees', async () => {
    const small = await startTestEmulator({ requestBudget: 3 });
    try {
      const c = await graphClient(small, { alias: 'adele' });
      for (let i = 0; i < 3; i += 1) await c.api('/me').get();
      const error = await graphErrorOf(c.api('/me').get());
      expect(error.statusCode).toBe(429);
      expect(error.code).toBe('ApplicationThrottled');
      const response = await fetch(`${small.url}/v1.0/me`, {
        headers: { authorization: `Bearer ${await tokenFor(small, 'adele')}` },
      });
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(590);
      expect(retryAfter).toBeLessThanOrEqual(600);
    } finally {
      await small.close();
    }
  });
});

describe('injected faults', () => {
  it('fails the next N matching requests with the status, Retry-After and Graph’s error body', async () => {
    const created = await control('POST', {
      kind: 'status',
      status: 503,
      count: 2,
      retryAfterSeconds: 7,
      user: 'alex',
      pathPattern: '/me/messages',
    });
    expect(created.status).toBe(201);
    expect((await (await control('GET')).json()).faults).toHaveLength(1);
    // A request that does not match the pattern is untouched.
    expect((await raw('/me')).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const response = await raw('/me/messages?$top=1');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect((await response.json()).error).toMatchObject({
        code: 'ServiceNotAvailable',
        innerError: expect.any(Object),
      });
    }
    expect((await raw('/me/messages?$top=1')).status).toBe(200);
    expect((await (await control('GET')).json()).faults).toEqual([]);
  });

  it('surfaces an injected 429 to the official client', async () => {
    await control('POST', { kind: 'status', status: 429, count: 1, retryAfterSeconds: 3 });
    const error = await graphErrorOf(client.api('/me/mailFolders').get());
    expect(error.statusCode).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('3');
  });

  it('drops the connection of a "timeout" fault after hangMs', async () => {
    await control('POST', {
      kind: 'timeout',
      count: 1,
      hangMs: 300,
      pathPattern: '/me/mailFolders/junkemail',
    });
    const started = Date.now();
    await expect(raw('/me/mailFolders/junkemail')).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('delays a "slow" fault by delayMs', async () => {
    await control('POST', { kind: 'slow', delayMs: 300, count: 1, pathPattern: '/me/mailFolders/archive' });
    const started = Date.now();
    expect((await raw('/me/mailFolders/archive')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('an outage refuses every request for its seconds, the outer $batch included, then ends', async () => {
    await control('POST', { kind: 'status', status: 503, seconds: 600, user: 'alex' });
    for (const path of ['/me', '/me/messages?$top=1', '/me/mailFolders', '/me', '/me/messages?$top=1'])
      expect((await raw(path)).status).toBe(503);
    const batch = await fetch(`${emulator.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/me' }] }),
    });
    expect(batch.status).toBe(503);
    // Another mailbox is not in this outage.
    const other = await tokenFor(emulator, 'megan');
    expect(
      (await fetch(`${emulator.url}/v1.0/me`, { headers: { authorization: `Bearer ${other}` } })).status,
    ).toBe(200);
    await control('DELETE');

    // A short outage of resets ends by itself.
    await control('POST', { kind: 'reset', seconds: 0.2 });
    for (;;) {
      const answer = await raw('/me').catch(() => null);
      if (answer?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await (await control('GET')).json()).faults).toEqual([]);
    expect((await control('POST', { kind: 'slow', delayMs: 5, seconds: 1 })).status).toBe(400);
  });

  it('rejects a bad fault with 400 naming the field, and clears faults', async () => {
    const bad = await control('POST', { kind: 'status', status: 418 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^status:/);
    const missing = await control('POST', { kind: 'slow' });
    expect((await missing.json()).error.message).toMatch(/^delayMs:/);
    await control('POST', { kind: 'status', status: 500, count: 5, pathPattern: '/nothing-matches' });
    expect((await control('DELETE')).status).toBe(204);
    expect((await (await control('GET')).json()).faults).toEqual([]);
  });
});
