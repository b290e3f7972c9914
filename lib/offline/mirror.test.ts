import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderDto, MessagePageDto, MessageSummaryDto, SearchResultDto } from '@/lib/mail/types';
import {
  findByDraftId,
  holdDraft,
  keepLocally,
  markSaved,
  saveWaitingDrafts,
  unsavedDrafts,
} from './local-drafts';
import { deleteAllMirrors, deleteOtherMirrors, type MirrorDb, mirrorFor } from './mirror-db';
import { loadMirroredCache, mirroredFetcher, responseKind } from './mirrored-cache';
import { enqueue } from './outbox';
import { FILLED_AT, fillMirror, mirrorUsage, trimBodies } from './prefetch';

/* The mirror: what SWR's cache writes to it, what comes back on a new page, what offline reads get. */

let routes: Map<string, () => Response | 'network'>;
let requested: string[];

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let db: MirrorDb;

beforeEach(() => {
  routes = new Map();
  requested = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    requested.push(`${init.method ?? 'GET'} ${url}`);
    const route = routes.get(url);
    const result = route ? route() : 'network';
    if (result === 'network') throw new TypeError('fetch failed');
    return result;
  });
  db = mirrorFor(`test-${crypto.randomUUID()}`);
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await deleteAllMirrors();
});

const summary = (id: string, isRead: boolean, receivedAt = '2026-11-30T10:00:00Z'): MessageSummaryDto => ({
  id,
  folderId: 'f-inbox',
  conversationId: `c-${id}`,
  subject: `Subject ${id}`,
  preview: 'preview',
  from: { name: 'Megan Bowen', address: 'megan@contoso.test' },
  receivedAt,
  isRead,
  isDraft: false,
  flagStatus: 'notFlagged',
  hasAttachments: false,
  importance: 'normal',
  categories: [],
  inferenceClassification: 'focused',
});

describe('the SWR cache kept in the mirror', () => {
  it('keeps mail reads, not searches or the sync status', () => {
    expect(responseKind('/api/folders')).toBe('folders');
    expect(responseKind('$inf$/api/messages?folder=inbox&limit=50')).toBe('list');
    expect(responseKind('/api/messages?folder=inbox&limit=50&cursor=x')).toBe('list');
    expect(responseKind('/api/conversations/c1')).toBe('conversation');
    expect(responseKind('/api/messages/m1')).toBe('message');
    expect(responseKind('/api/search?q=x&source=cache')).toBeNull();
    expect(responseKind('/api/sync')).toBeNull();
  });

  it('writes what lands in the cache to the mirror, and a new page gets folders and first list pages back before any request', async () => {
    const cache = await loadMirroredCache(db);
    const folders = { folders: [{ id: 'f-inbox', name: 'Inbox' }] };
    const pages: MessagePageDto[] = [
      { messages: [summary('1', false)], nextCursor: 'p2' },
      { messages: [summary('2', true)], nextCursor: null },
    ];
    cache.set('/api/folders', { data: folders });
    cache.set('$inf$/api/messages?folder=inbox&limit=50', { data: pages });
    cache.set('/api/conversations/c-1', { data: { conversationId: 'c-1', messages: [] } });
    cache.set('/api/search?q=x&source=cache', { data: { source: 'cache', messages: [] } });
    await vi.waitFor(async () => expect(await db.responses.count()).toBe(3));

    cache.set('/api/messages?folder=inbox&limit=50&cursor=p2', { data: pages[1] });
    await vi.waitFor(async () => expect(await db.responses.count()).toBe(4));

    const fresh = await loadMirroredCache(db);
    // A later page is never read again by the list once it holds data: it stays in IndexedDB only.
    expect(fresh.get('/api/messages?folder=inbox&limit=50&cursor=p2')).toBeUndefined();
    expect(fresh.get('/api/folders')?.data).toEqual(folders);
    // Only the first page comes back: the list reads it again at once, later pages would be stale.
    expect(fresh.get('$inf$/api/messages?folder=inbox&limit=50')).toMatchObject({ data: [pages[0]], _l: 1 });
    // Bodies stay in IndexedDB until asked for.
    expect(fresh.get('/api/conversations/c-1')).toBeUndefined();
    expect(requested).toEqual([]);
  });

  it('answers from the mirror when the network fails, searches the saved lists offline, and fails without a copy', async () => {
    const fetcher = mirroredFetcher(db);
    routes.set('/api/conversations/c-1', () => json({ conversationId: 'c-1', messages: [{ id: '1' }] }));
    await db.responses.put({
      url: '/api/conversations/c-1',
      kind: 'conversation',
      data: { conversationId: 'c-1', messages: [{ id: 'old' }] },
      savedAt: 1,
      bytes: 10,
    });
    // Online: the network's answer.
    expect(await fetcher('/api/conversations/c-1')).toEqual({
      conversationId: 'c-1',
      messages: [{ id: '1' }],
    });
    routes.clear();
    // Offline: the mirror's.
    expect(await fetcher('/api/conversations/c-1')).toEqual({
      conversationId: 'c-1',
      messages: [{ id: 'old' }],
    });
    await db.responses.put({
      url: '/api/messages?folder=inbox&limit=50',
      kind: 'list',
      data: { messages: [summary('1', false), summary('2', true)], nextCursor: null },
      savedAt: 1,
      bytes: 10,
    });
    const found = await fetcher<SearchResultDto>('/api/search?q=subject%202&source=graph');
    expect(found).toMatchObject({ offline: true, messages: [{ id: '2' }] });
    await expect(fetcher('/api/conversations/never-saved')).rejects.toMatchObject({ status: 0 });
  });

  it('does not write back what the mirror answered, so old mail is not dated as new', async () => {
    await db.responses.put({
      url: '/api/folders',
      kind: 'folders',
      data: { folders: [] },
      savedAt: 1,
      bytes: 2,
    });
    const cache = await loadMirroredCache(db);
    const offline = await mirroredFetcher(db)('/api/folders');
    cache.set('/api/folders', { data: offline });
    cache.set('/api/messages/m1', { data: { id: 'm1' } });
    await vi.waitFor(async () => expect(await db.responses.get('/api/messages/m1')).toBeDefined());
    expect((await db.responses.get('/api/folders'))?.savedAt).toBe(1);
  });
});

describe('filling the mirror', () => {
  const folders: FolderDto[] = [
    { id: 'f-inbox', parentId: null, name: 'Inbox', wellKnownName: 'inbox', unreadCount: 2, totalCount: 120 },
    {
      id: 'f-arch',
      parentId: null,
      name: 'Archive',
      wellKnownName: 'archive',
      unreadCount: 0,
      totalCount: 3,
    },
    { id: 'f-empty', parentId: null, name: 'Empty', wellKnownName: null, unreadCount: 0, totalCount: 0 },
  ];

  it('keeps the newest messages of every folder and the bodies of the newest and the unread, up to the limits', async () => {
    const inbox = Array.from({ length: 120 }, (_, i) => summary(`m${i}`, i !== 3 && i !== 70));
    routes.set('/api/folders', () => json({ folders }));
    routes.set('/api/messages?folder=inbox&limit=50', () =>
      json({ messages: inbox.slice(0, 50), nextCursor: 'c50' }),
    );
    routes.set('/api/messages?folder=inbox&limit=50&cursor=c50', () =>
      json({ messages: inbox.slice(50, 100), nextCursor: 'c100' }),
    );
    for (const view of ['focused', 'other'])
      routes.set(`/api/messages?folder=inbox&limit=50&view=${view}`, () =>
        json({ messages: inbox.slice(0, 10), nextCursor: 'more' }),
      );
    routes.set('/api/messages?folder=archive&limit=50', () =>
      json({ messages: [summary('a1', true)], nextCursor: null }),
    );
    for (const m of inbox)
      routes.set(`/api/conversations/c-${m.id}`, () => json({ conversationId: `c-${m.id}`, messages: [] }));

    await fillMirror(db, { inboxMessages: 100, folderMessages: 50, bodies: 22, bodySpaceBytes: 10_000_000 });

    expect(requested.filter((r) => r.includes('/api/messages?'))).toEqual([
      'GET /api/messages?folder=inbox&limit=50',
      'GET /api/messages?folder=inbox&limit=50&cursor=c50',
      'GET /api/messages?folder=inbox&limit=50&view=focused',
      'GET /api/messages?folder=inbox&limit=50&view=other',
      'GET /api/messages?folder=archive&limit=50',
    ]);
    const bodies = requested.filter((r) => r.includes('/api/conversations/'));
    // The 20 newest (unread m3 among them), then the older unread m70; 22 allowed, 21 wanted.
    expect(bodies).toHaveLength(21);
    expect(bodies).toContain('GET /api/conversations/c-m70');
    expect(bodies).not.toContain('GET /api/conversations/c-m20');
    expect((await db.meta.get(FILLED_AT))?.value).toEqual(expect.any(Number));
    const usage = await mirrorUsage(db);
    expect(usage).toMatchObject({ messages: 101, bodies: 21 });
    expect(usage.bytes).toBeGreaterThan(0);

    // A second fill asks only for the lists: the bodies are kept.
    requested = [];
    await fillMirror(db, { inboxMessages: 100, folderMessages: 50, bodies: 22, bodySpaceBytes: 10_000_000 });
    expect(requested.filter((r) => r.includes('/api/conversations/'))).toEqual([]);
  });

  it('evicts the bodies saved longest ago once they pass the space budget', async () => {
    for (const [index, url] of [
      '/api/conversations/old',
      '/api/conversations/mid',
      '/api/conversations/new',
    ].entries()) {
      await db.responses.put({ url, kind: 'conversation', data: {}, savedAt: index, bytes: 400 });
    }
    await trimBodies(db, 900);
    expect((await db.responses.toArray()).map((r) => r.url).sort()).toEqual([
      '/api/conversations/mid',
      '/api/conversations/new',
    ]);
  });
});

describe('drafts kept on this device', () => {
  const typed = { to: 'megan@contoso.test', cc: '', bcc: '', subject: 'Kept', bodyHtml: '<p>Words</p>' };
  const toInput = (t: typeof typed) => ({
    to: [t.to],
    cc: [],
    bcc: [],
    subject: t.subject,
    bodyHtml: t.bodyHtml,
  });

  it('saves the words Microsoft 365 does not have yet on reconnect, once per local id, and not those queued to be sent', async () => {
    await keepLocally(db, 'local-a', null, typed);
    await keepLocally(db, 'local-b', null, { ...typed, subject: 'Queued' });
    await enqueue(db, { kind: 'send', localId: 'local-b', draftId: null, fields: null }, 'send “Queued”');
    const keys: (string | null)[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      requested.push(`${init.method} ${url}`);
      return json({ id: 'draft-a' }, 201);
    });
    await saveWaitingDrafts(db, toInput);
    expect(requested).toEqual(['POST /api/drafts']);
    expect(keys).toEqual(['local-a']);
    expect(await findByDraftId(db, 'draft-a')).toMatchObject({ localId: 'local-a' });
    // Saved now: nothing left to save.
    requested = [];
    await saveWaitingDrafts(db, toInput);
    expect(requested).toEqual([]);
  });

  it('leaves a draft open in a compose pane to the pane, recreates one deleted meanwhile, and goes on past a refusal', async () => {
    await keepLocally(db, 'open', 'draft-open', typed);
    await keepLocally(db, 'deleted', 'draft-gone', { ...typed, subject: 'Gone' });
    await keepLocally(db, 'refused', null, { ...typed, subject: 'Refused' });
    await keepLocally(db, 'fine', null, { ...typed, subject: 'Fine' });
    const release = holdDraft('open');
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const key = new Headers(init.headers).get('idempotency-key');
      requested.push(`${init.method} ${url} ${key ?? ''}`.trim());
      if (url === '/api/drafts/draft-gone')
        return json({ error: { code: 'graph_not-found', message: 'Gone.' } }, 404);
      if (key === 'refused') return json({ error: { code: 'invalid_request', message: 'No.' } }, 400);
      return json({ id: `made-${key}` }, 201);
    });
    await saveWaitingDrafts(db, toInput);
    expect(requested[0]).toBe('PATCH /api/drafts/draft-gone');
    expect(requested[1]).toMatch(/^POST \/api\/drafts deleted-again-\d+$/);
    expect(requested.slice(2).sort()).toEqual(['POST /api/drafts fine', 'POST /api/drafts refused']);
    expect((await db.drafts.get('deleted'))?.draftId).toMatch(/^made-deleted-again-/);
    expect(await unsavedDrafts(db)).toBe(2); // the open one (its pane saves it) and the refused one
    release();
    requested = [];
    await saveWaitingDrafts(db, toInput);
    expect(requested).toContain('PATCH /api/drafts/draft-open');
  });

  it('a change made while a save was on its way stays waiting', async () => {
    await keepLocally(db, 'local-c', 'draft-c', typed);
    const changed = (await db.drafts.get('local-c'))?.updatedAt ?? 0;
    await keepLocally(db, 'local-c', 'draft-c', { ...typed, bodyHtml: '<p>More words</p>' });
    // The save that went out carried the first change only.
    await markSaved(db, 'local-c', 'draft-c', changed - 1);
    const row = await db.drafts.get('local-c');
    expect(row && row.updatedAt > row.savedAt).toBe(true);
  });
});

describe('whose mirror', () => {
  it('opening the app as someone else deletes every other person’s mirror', async () => {
    const other = mirrorFor('someone-else');
    await other.responses.put({ url: '/api/folders', kind: 'folders', data: {}, savedAt: 1, bytes: 2 });
    other.close();
    const mine = mirrorFor('me');
    await mine.responses.put({ url: '/api/folders', kind: 'folders', data: {}, savedAt: 1, bytes: 2 });
    await deleteOtherMirrors('me');
    const { default: Dexie } = await import('dexie');
    const names = await Dexie.getDatabaseNames();
    expect(names).toContain('tidings-me');
    expect(names).not.toContain('tidings-someone-else');
  });

  it('says whether this person has a mirror yet, so a first visit starts from an empty cache at once', async () => {
    const userId = `first-${crypto.randomUUID()}`;
    expect(await deleteOtherMirrors(userId)).toEqual({ hasOwn: false });
    const db = mirrorFor(userId);
    const cache = await loadMirroredCache(db, { empty: true });
    expect([...cache.keys()]).toEqual([]);
    // The empty cache still writes through: the database opens with that first write.
    cache.set('/api/folders', { data: { folders: [] } });
    await expect.poll(async () => (await db.responses.get('/api/folders'))?.kind).toBe('folders');
    expect(await deleteOtherMirrors(userId)).toEqual({ hasOwn: true });
  });
});

describe('a mirror saved by an older build', () => {
  it('drops its saved answers (their shape changed) and keeps drafts and the outbox', async () => {
    const { default: Dexie } = await import('dexie');
    const userId = `upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(`tidings-${userId}`);
    old.version(1).stores({
      responses: 'url, kind, savedAt',
      drafts: 'localId, draftId, updatedAt',
      outbox: '++seq',
      meta: 'key',
    });
    await old.table('responses').put({ url: '/api/folders', kind: 'folders', savedAt: 1, data: {}, size: 2 });
    await old.table('drafts').put({ localId: 'local-1', draftId: null, updatedAt: 1 });
    await old.table('outbox').add({ action: { kind: 'delete', messageId: 'm1' }, label: 'x', attempts: 0 });
    await old.table('meta').put({ key: FILLED_AT, value: 1 });
    old.close();

    const upgraded = mirrorFor(userId);
    expect(await upgraded.responses.count()).toBe(0);
    expect(await upgraded.meta.count()).toBe(0);
    expect(await upgraded.drafts.count()).toBe(1);
    expect(await upgraded.outbox.count()).toBe(1);
  });
});
