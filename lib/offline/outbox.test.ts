import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteAllMirrors, type MirrorDb, mirrorFor } from './mirror-db';
import { enqueue, MAX_ATTEMPTS, replayOutbox } from './outbox';

/*
 * The outbox's replay against a scripted server: what it asks, in what order, and what it does with each
 * kind of answer. IndexedDB is fake-indexeddb's, in memory.
 */

interface Call {
  method: string;
  url: string;
  key: string | null;
  body: unknown;
}

let calls: Call[];
let answer: (call: Call) => Response | 'network';

function json(status: number, body: unknown = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

let db: MirrorDb;

beforeEach(() => {
  calls = [];
  answer = () => json(200, {});
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const call = {
      method: init.method ?? 'GET',
      url,
      key: headers.get('idempotency-key'),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const result = answer(call);
    if (result === 'network') throw new TypeError('fetch failed');
    return result;
  });
  db = mirrorFor(`test-${crypto.randomUUID()}`);
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await deleteAllMirrors();
});

describe('replaying the outbox', () => {
  it('does every action in the order it was done, and empties the outbox', async () => {
    await enqueue(db, { kind: 'patch', messageId: 'a', body: { flagStatus: 'flagged' } }, 'flag A');
    await enqueue(db, { kind: 'patch', messageId: 'a', body: { flagStatus: 'notFlagged' } }, 'unflag A');
    await enqueue(db, { kind: 'move', messageId: 'b', body: { destination: 'archive' } }, 'archive B');
    await enqueue(db, { kind: 'delete', messageId: 'c' }, 'delete C');
    const result = await replayOutbox(db);
    expect(result).toEqual({ done: 4, failed: [], stopped: false });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH /api/messages/a',
      'PATCH /api/messages/a',
      'POST /api/messages/b/move',
      'DELETE /api/messages/c',
    ]);
    expect(calls[1]?.body).toEqual({ flagStatus: 'notFlagged' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('reports an action on a message that vanished, drops it, and goes on with the rest', async () => {
    await enqueue(db, { kind: 'patch', messageId: 'gone', body: { isRead: true } }, 'mark “Gone” as read');
    await enqueue(db, { kind: 'delete', messageId: 'here' }, 'delete “Here”');
    answer = (call) =>
      call.url.includes('gone')
        ? json(404, { error: { code: 'graph_not-found', message: 'Not found.' } })
        : json(200, {});
    const result = await replayOutbox(db);
    expect(result.done).toBe(1);
    expect(result.failed).toEqual([
      { label: 'mark “Gone” as read', message: expect.stringContaining('no longer there') },
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('stops at a network failure or a server error with that action still first in line', async () => {
    await enqueue(db, { kind: 'delete', messageId: 'x' }, 'delete X');
    await enqueue(db, { kind: 'delete', messageId: 'y' }, 'delete Y');
    answer = () => 'network';
    expect(await replayOutbox(db)).toEqual({ done: 0, failed: [], stopped: true });
    answer = () =>
      json(503, { error: { code: 'graph_unavailable', message: 'Microsoft 365 is not reachable.' } });
    expect((await replayOutbox(db)).stopped).toBe(true);
    const left = await db.outbox.orderBy('seq').toArray();
    expect(left.map((item) => item.label)).toEqual(['delete X', 'delete Y']);
    expect(left[0]?.attempts).toBe(2);
    answer = () => json(200, {});
    expect(await replayOutbox(db)).toEqual({ done: 2, failed: [], stopped: false });
  });

  it('keeps everything when the session ended (401) and retries a send still being carried out (409)', async () => {
    await enqueue(db, { kind: 'delete', messageId: 'x' }, 'delete X');
    answer = () => json(401, { error: { code: 'unauthorized', message: 'Sign in again.' } });
    expect(await replayOutbox(db)).toEqual({ done: 0, failed: [], stopped: true, signedOut: true });
    answer = () => json(409, { error: { code: 'request_in_progress', message: 'Try again in a moment.' } });
    expect((await replayOutbox(db)).stopped).toBe(true);
    expect(await db.outbox.count()).toBe(1);
    // A refusal that is final (another 409) is reported and dropped.
    answer = () =>
      json(409, { error: { code: 'already_sent', message: 'That message has already been sent.' } });
    expect((await replayOutbox(db)).failed).toEqual([
      { label: 'delete X', message: 'That message has already been sent.' },
    ]);
  });

  it(`gives up on an item after ${MAX_ATTEMPTS} failed tries, reports it, and goes on with the rest`, async () => {
    await enqueue(db, { kind: 'delete', messageId: 'stuck' }, 'delete “Stuck”');
    await enqueue(db, { kind: 'delete', messageId: 'fine' }, 'delete “Fine”');
    answer = (call) =>
      call.url.includes('stuck')
        ? json(500, { error: { code: 'internal', message: 'Something broke.' } })
        : json(200, {});
    for (let i = 1; i < MAX_ATTEMPTS; i++) expect((await replayOutbox(db)).stopped).toBe(true);
    const last = await replayOutbox(db);
    expect(last).toMatchObject({ done: 1, stopped: false });
    expect(last.failed).toEqual([
      { label: 'delete “Stuck”', message: `it still failed after ${MAX_ATTEMPTS} tries: Something broke.` },
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends a mail written offline once: the draft is made under its local id, the send under its own key, and a replay after a lost answer only repeats the send', async () => {
    const fields = { to: ['megan@contoso.test'], cc: [], bcc: [], subject: 'Offline', bodyHtml: '<p>Hi</p>' };
    await db.drafts.put({
      localId: 'local-1',
      draftId: null,
      typed: { to: 'megan@contoso.test', cc: '', bcc: '', subject: 'Offline', bodyHtml: '<p>Hi</p>' },
      updatedAt: 2,
      savedAt: 0,
    });
    await enqueue(
      db,
      { kind: 'send', localId: 'local-1', draftId: null, fields },
      'send “Offline”',
      'send-key-1',
    );
    let sends = 0;
    answer = (call) => {
      if (call.url === '/api/drafts') return json(201, { id: 'draft-9' });
      if (call.url.endsWith('/send')) {
        sends += 1;
        // The first send reaches the server; its answer is lost on the way back.
        return sends === 1 ? 'network' : json(202);
      }
      return json(200, {});
    };
    expect((await replayOutbox(db)).stopped).toBe(true);
    expect(await replayOutbox(db)).toEqual({ done: 1, failed: [], stopped: false });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.key}`)).toEqual([
      'POST /api/drafts local-1',
      'POST /api/drafts/draft-9/send send-key-1',
      // The retry neither makes another draft nor touches the (maybe sent) one: it asks to send, same key.
      'POST /api/drafts/draft-9/send send-key-1',
    ]);
    expect(calls[0]?.body).toEqual(fields);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.drafts.count()).toBe(0);
  });

  it('saves newer words into an existing draft before sending it', async () => {
    const fields = { to: ['alex@contoso.test'], cc: [], bcc: [], subject: 'Later', bodyHtml: '<p>More</p>' };
    await enqueue(db, { kind: 'send', localId: 'local-2', draftId: 'draft-3', fields }, 'send “Later”');
    answer = () => json(200, {});
    await replayOutbox(db);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH /api/drafts/draft-3',
      'POST /api/drafts/draft-3/send',
    ]);
  });
});
