import { type Client, GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { buildMessage } from '../store/message-factory';
import { graphClient, startTestEmulator, tokenFor } from '../testing';

let emulator: RunningEmulator;
let client: Client;

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { error?: { code: string }; [key: string]: unknown };
}

const addFault = (body: unknown) =>
  fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = await graphClient(emulator, { alias: 'adele' });
});
afterAll(() => emulator.close());

async function batch(requests: unknown[]): Promise<Map<string, SubResponse>> {
  const answer = await client.api('/$batch').post({ requests });
  return new Map((answer.responses as SubResponse[]).map((r) => [r.id, r]));
}

describe('JSON batching', () => {
  it('refuses more than 20 requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
    let caught: unknown;
    try {
      await client.api('/$batch').post({ requests });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClientGraphError);
    expect((caught as ClientGraphError).statusCode).toBe(400);
  });

  it('answers each request by id, running writes with their bodies', async () => {
    const userId = emulator.ctx.store.findUser('adele')?.id ?? '';
    const inbox = emulator.ctx.store.getFolder(userId, 'inbox')?.id ?? '';
    const message = emulator.ctx.store.insertMessage(
      buildMessage({
        userId,
        parentFolderId: inbox,
        subject: 'Batch me',
        body: { contentType: 'text', content: 'x' },
      }),
    );
    const responses = await batch([
      { id: '1', method: 'GET', url: '/me' },
      { id: '2', method: 'GET', url: '/me/mailFolders/inbox/messages?$top=2&$select=subject' },
      {
        id: '3',
        method: 'PATCH',
        url: `/me/messages/${message.id}`,
        headers: { 'Content-Type': 'application/json' },
        body: { isRead: true },
      },
      { id: '4', method: 'GET', url: '/me/messages/AAMk-no-such-message' },
    ]);
    expect(responses.get('1')).toMatchObject({
      status: 200,
      body: { userPrincipalName: 'adele@contoso.test' },
    });
    expect(responses.get('2')?.status).toBe(200);
    expect(responses.get('2')?.headers['Content-Type']).toMatch(/application\/json/);
    expect(responses.get('3')).toMatchObject({ status: 200, body: { id: message.id, isRead: true } });
    expect(emulator.ctx.store.getMessage(userId, message.id)?.isRead).toBe(true);
    expect(responses.get('4')).toMatchObject({ status: 404, body: { error: { code: 'ErrorItemNotFound' } } });
  });

  it('runs dependsOn after its dependency, and fails it with 424 when the dependency failed', async () => {
    const responses = await batch([
      { id: 'a', method: 'GET', url: '/me/messages/AAMk-missing' },
      { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: '/me/mailFolders/inbox' },
      { id: 'd', method: 'GET', url: '/me', dependsOn: ['c'] },
    ]);
    expect(responses.get('a')?.status).toBe(404);
    expect(responses.get('b')?.status).toBe(424);
    expect(responses.get('d')?.status).toBe(200);
  });

  it('refuses a dependency on an unknown id', async () => {
    let caught: unknown;
    try {
      await client
        .api('/$batch')
        .post({ requests: [{ id: 'x', method: 'GET', url: '/me', dependsOn: ['y'] }] });
    } catch (error) {
      caught = error;
    }
    expect((caught as ClientGraphError).statusCode).toBe(400);
  });

  it('runs at most four requests of a mailbox at once', async () => {
    await addFault({ kind: 'slow', delayMs: 250, count: 10, pathPattern: 'batch-concurrency' });
    const started = Date.now();
    const responses = await batch(
      Array.from({ length: 10 }, (_, i) => ({
        id: String(i),
        method: 'GET',
        url: `/me/mailFolders/inbox/messages?$top=1&tag=batch-concurrency`,
      })),
    );
    expect([...responses.values()].map((r) => r.status)).toEqual(Array(10).fill(200));
    // Ten requests of 250 ms, four at a time, take at least three rounds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);

    const logged = emulator.ctx.requests
      .list()
      .filter((r) => r.batchId && r.path.includes('batch-concurrency'));
    expect(logged).toHaveLength(10);
    const spans = logged.map((r) => ({ end: Date.parse(r.at), start: Date.parse(r.at) - r.durationMs }));
    const maxOverlap = Math.max(
      ...spans.map((s) => spans.filter((o) => o.start <= s.start && o.end > s.start).length),
    );
    expect(maxOverlap).toBeLessThanOrEqual(4);
    expect(maxOverlap).toBeGreaterThanOrEqual(2);
  });

  it('returns 429 with Retry-After for a throttled sub-request inside a 200 batch', async () => {
    const token = await tokenFor(emulator, 'adele');
    await addFault({ kind: 'slow', delayMs: 400, count: 4, pathPattern: 'hold-the-mailbox' });
    const held = Array.from({ length: 4 }, () =>
      fetch(`${emulator.url}/v1.0/me/mailFolders/inbox?x=hold-the-mailbox`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await fetch(`${emulator.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/me' }] }),
    });
    expect(response.status).toBe(200);
    const [sub] = (await response.json()).responses as SubResponse[];
    expect(sub?.status).toBe(429);
    expect(sub?.headers['Retry-After']).toMatch(/^\d+$/);
    expect(sub?.body?.error?.code).toBe('ApplicationThrottled');
    await Promise.all(held);
  });
});
