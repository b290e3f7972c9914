import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import type { SearchHitDto } from './types';

/*
 * Search a page at a time against the emulator (real HTTP, Graph's KQL $search and its paging) on the
 * database the tests run on: the cache's full-text search, Microsoft 365's merged with it, where each
 * result was found, and cursors.
 */

let emulator: RunningEmulator;
let adele: string;
let lib: typeof import('./search') & typeof import('./sync') & typeof import('./messages');
let ApiError: typeof import('../api/api-error').ApiError;

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./search')), ...(await import('./sync')), ...(await import('./messages')) };
  ({ ApiError } = await import('../api/api-error'));
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  await lib.syncMailbox(adele);
});
afterAll(() => emulator.close());

/** Delivers a mail from outside to Adele's Inbox; its id. */
async function deliver(mail: Record<string, unknown>): Promise<string> {
  const response = await emulatorControl(emulator, '/mail', {
    to: 'adele',
    from: 'megan@contoso.test',
    ...mail,
  });
  return ((await response.json()) as { id: string }).id;
}

async function graphCall(method: string, path: string, body?: unknown) {
  const token = (await (await emulatorControl(emulator, '/tokens', { user: 'adele' })).json()) as {
    access_token: string;
  };
  const response = await fetch(`${emulator.url}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
}

/** Every page of a search, following the cursors; the page sizes too. */
async function allPages(text: string, source: 'cache' | 'graph') {
  const hits: SearchHitDto[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const result = await lib.search(adele, text, source, cursor);
    hits.push(...result.messages);
    sizes.push(result.messages.length);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return { hits, sizes, ids: hits.map((h) => h.id) };
}

const newestFirst = (hits: SearchHitDto[]) =>
  hits.every((h, i) => i === 0 || (hits[i - 1]?.receivedAt ?? '') >= h.receivedAt);

// Long enough that the word after it is beyond the preview: only in the body, which is never opened here.
const filler = 'The agenda for the planning day is below, with rooms and times for each session. '.repeat(6);

describe('search', () => {
  it('marks where each result was found: both, Microsoft 365 only, or the cache only', async () => {
    const token = `pz${crypto.randomUUID().slice(0, 8)}`;
    const inSubject = await deliver({ subject: `${token} in the subject` });
    const inBody = await deliver({ subject: 'Planning day', body: `${filler} ${token}` });
    const gone = await deliver({ subject: `${token} deleted on another device` });
    await lib.syncMailbox(adele);
    const notSynced = await deliver({ subject: `${token} arrived a moment ago` });
    // Deleted in Microsoft 365 after the cache had it (the sync that would notice has not run yet).
    await graphCall('DELETE', `/me/messages/${gone}`);

    const cached = await lib.search(adele, token, 'cache');
    expect(cached.messages.map((m) => [m.id, m.source]).sort()).toEqual(
      [
        [inSubject, 'cache'],
        [gone, 'cache'],
      ].sort(),
    );
    const merged = await lib.search(adele, token, 'graph');
    expect(Object.fromEntries(merged.messages.map((m) => [m.id, m.source]))).toEqual({
      [inSubject]: 'both',
      [inBody]: 'graph',
      [notSynced]: 'graph',
      [gone]: 'cache',
    });
    expect(newestFirst(merged.messages)).toBe(true);
    expect(merged.nextCursor).toBeNull();
    // A result only Microsoft 365 knew opens like any other.
    expect((await lib.getMessageDetail(adele, notSynced)).subject).toBe(`${token} arrived a moment ago`);
  });

  it('pages past 25, each result once and newest first, in the cache and merged with Microsoft 365', async () => {
    const token = `pg${crypto.randomUUID().slice(0, 8)}`;
    const synced: string[] = [];
    for (let i = 0; i < 28; i += 1) synced.push(await deliver({ subject: `${token} cached ${i}` }));
    await lib.syncMailbox(adele);
    const fresh: string[] = [];
    for (let i = 0; i < 6; i += 1) fresh.push(await deliver({ subject: `${token} fresh ${i}` }));

    const cache = await allPages(token, 'cache');
    expect(cache.sizes).toEqual([25, 3]);
    expect([...cache.ids].sort()).toEqual([...synced].sort());
    expect(newestFirst(cache.hits)).toBe(true);

    const merged = await allPages(token, 'graph');
    expect(merged.sizes[0]).toBe(25);
    expect(merged.ids.length).toBe(34);
    expect(new Set(merged.ids).size).toBe(34);
    expect([...merged.ids].sort()).toEqual([...synced, ...fresh].sort());
    expect(newestFirst(merged.hits)).toBe(true);
    expect(
      merged.hits
        .filter((h) => h.source === 'graph')
        .map((h) => h.id)
        .sort(),
    ).toEqual([...fresh].sort());

    // Read on another device: Microsoft 365's results are filtered on is:unread as the cache's are.
    for (const id of synced.slice(0, 10)) await graphCall('PATCH', `/me/messages/${id}`, { isRead: true });
    const unread = await allPages(`${token} is:unread`, 'graph');
    expect([...unread.ids].sort()).toEqual([...synced.slice(10), ...fresh].sort());
  });

  it('sends a query with & and # to Microsoft 365 whole', async () => {
    const token = `amp${crypto.randomUUID().slice(0, 8)}`;
    const id = await deliver({ subject: `R&D #7 ${token}` });
    const found = await lib.search(adele, `r&d #7 ${token}`, 'graph');
    expect(found.messages.map((m) => m.id)).toEqual([id]);
  });

  it('refuses a cursor it did not hand out', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"a":["x","y"]}').toString('base64url')]) {
      const error = await lib.search(adele, 'budget', 'graph', cursor).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 400 });
    }
  });
});
