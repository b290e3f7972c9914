import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import { until } from '../testing/until';

let emulator: RunningEmulator;
let lib: typeof import('./messages') &
  typeof import('./cache') &
  typeof import('./graph-mail') &
  typeof import('./sync') & { db: typeof import('../db').db };

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./messages')),
    ...(await import('./cache')),
    ...(await import('./graph-mail')),
    ...(await import('./sync')),
    db: (await import('../db')).db,
  };
});
afterAll(() => emulator.close());

/** The alias's Inbox on Microsoft 365, newest first. */
const inboxOnGraph = (alias: string) => {
  const store = emulator.ctx.store;
  const person = store.findUser(alias)?.id ?? '';
  return store
    .messagesOf(person, store.getFolder(person, 'inbox')?.id)
    .sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime));
};

/** Graph requests the emulator logged since `since` for the message list of a folder. */
const folderReads = (since: string) =>
  emulator.ctx.requests.list({ since }).filter((r) => /\/mailFolders\/[^/]+\/messages(\?|$)/.test(r.path));

describe('a folder the first sync has not reached', () => {
  it('shows its newest page straight from Graph, once for reads at the same time, into the cache', async () => {
    const { userId } = await signInUser(emulator, 'adele');
    // The folder list is in (the first thing a sync stores), no folder's messages yet.
    await lib.saveFolders(userId, await lib.fetchFolders(userId));
    const since = new Date().toISOString();
    const pages = await Promise.all([1, 2, 3].map(() => lib.getMessagePage(userId, 'inbox', null, 20)));
    const newest = inboxOnGraph('adele')
      .slice(0, 20)
      .map((m) => m.id);
    for (const page of pages) expect(page.messages.map((m) => m.id)).toEqual(newest);
    expect(folderReads(since)).toHaveLength(1);
    // The cache holds that page, once each.
    const inbox = await lib.findFolder(userId, 'inbox');
    expect(await lib.db.mailMessage.count({ where: { userId, folderGraphId: inbox?.graphId } })).toBe(20);

    // Once something is cached, the list reads the cache alone.
    const later = new Date().toISOString();
    await lib.getMessagePage(userId, 'inbox', null, 50);
    expect(folderReads(later)).toHaveLength(0);

    // The first sync then completes the folder around what is there: each message once, all of them.
    await lib.syncMailbox(userId);
    const cached = await lib.db.mailMessage.findMany({
      where: { userId, folderGraphId: inbox?.graphId },
      select: { graphId: true },
    });
    expect(cached.map((m) => m.graphId).sort()).toEqual(
      inboxOnGraph('adele')
        .map((m) => m.id)
        .sort(),
    );
  });

  it('reads the folder list from Graph when a read comes before the sync has stored it', async () => {
    const { userId } = await signInUser(emulator, 'megan');
    expect(await lib.listFolders(userId)).toEqual([]);
    const since = new Date().toISOString();
    // The folder pane and the Inbox's list ask at once, before any sync round.
    const [folders, page] = await Promise.all([
      lib.getFolders(userId),
      lib.getMessagePage(userId, 'inbox', null, 20),
    ]);
    expect(folders.map((f) => f.wellKnownName)).toContain('inbox');
    expect(page.messages.map((m) => m.id)).toEqual(
      inboxOnGraph('megan')
        .slice(0, 20)
        .map((m) => m.id),
    );
    // One folder-list read for both.
    const listReads = emulator.ctx.requests
      .list({ since })
      .filter((r) => /\/mailFolders(\?|$)/.test(r.path) || /\/mailFolders\/delta/.test(r.path));
    expect(listReads).toHaveLength(1);
  });

  it('signing in reads the Inbox’s newest page before the screen asks for it', async () => {
    const { userId } = await signInUser(emulator, 'alex');
    const { prefillInbox } = await import('./first-page');
    await prefillInbox(userId);
    const since = new Date().toISOString();
    const page = await lib.getMessagePage(userId, 'inbox', null, 50);
    expect(page.messages.map((m) => m.id)).toEqual(
      inboxOnGraph('alex')
        .slice(0, 50)
        .map((m) => m.id),
    );
    // The screen's read is answered without asking Graph again.
    expect(emulator.ctx.requests.list({ since })).toEqual([]);
  });

  it('a list read while the sign-in’s read is out joins it: one folder list, one Inbox page', async () => {
    const { userId } = await signInUser(emulator, 'adele');
    await lib.db.mailMessage.deleteMany({ where: { userId } });
    await lib.db.mailFolder.deleteMany({ where: { userId } });
    const { prefillInbox } = await import('./first-page');
    const since = new Date().toISOString();
    const signingIn = prefillInbox(userId);
    const page = await lib.getMessagePage(userId, 'inbox', null, 50);
    await signingIn;
    expect(page.messages.map((m) => m.id)).toEqual(
      inboxOnGraph('adele')
        .slice(0, 50)
        .map((m) => m.id),
    );
    expect(folderReads(since)).toHaveLength(1);
    const listReads = emulator.ctx.requests.list({ since }).filter((r) => /\/mailFolders(\?|$)/.test(r.path));
    expect(listReads).toHaveLength(1);
  });

  it('answers the screen’s first Inbox read from the sign-in’s Graph read, and writes it once the screen has it', async () => {
    const { userId } = await signInUser(emulator, 'adele');
    await lib.db.mailMessage.deleteMany({ where: { userId } });
    await lib.db.mailFolder.deleteMany({ where: { userId } });
    // Graph is slow with the folder list (several requests on a real mailbox); the Inbox's page is not.
    await emulatorControl(emulator, '/faults', {
      kind: 'slow',
      delayMs: 8_000,
      count: 1,
      pathPattern: '/me/mailFolders?',
    });
    const { prefillInbox } = await import('./first-page');
    const signingIn = prefillInbox(userId);
    const focused = await lib.getMessagePage(userId, 'inbox', null, 50, { view: 'focused' });
    // Answered with no folder known yet: the screen did not wait for the list.
    expect(await lib.listFolders(userId)).toEqual([]);
    const newest = inboxOnGraph('adele').slice(0, 50);
    const focusedOnGraph = newest.filter((m) => m.inferenceClassification === 'focused').map((m) => m.id);
    expect(focusedOnGraph.length).toBeGreaterThan(0);
    expect(focusedOnGraph.length).toBeLessThan(50);
    expect(focused.messages.map((m) => m.id)).toEqual(focusedOnGraph);
    expect(focused.messages[0]).toMatchObject({ folderId: newest[0]?.parentFolderId, isDraft: false });
    await signingIn;
    // The page is not written while the screen is coming up (its write would hold the server)…
    expect(await lib.db.mailMessage.count({ where: { userId } })).toBe(0);
    const { screenHasList } = await import('./first-page');
    screenHasList(userId);

    // … but once it has its list. The cache then gives the same rows; the next page starts after the last.
    const inboxId = newest[0]?.parentFolderId ?? '';
    await until(async () => (await lib.db.mailMessage.count({ where: { userId } })) === 50);
    const cached = await lib.listMessages(userId, inboxId, 50, null, { view: 'focused' });
    expect(cached.rows.map((r) => r.graphId)).toEqual(focusedOnGraph);
    const last = focused.messages.at(-1);
    expect(lib.decodeCursor(focused.nextCursor ?? '')).toEqual({
      receivedAt: last?.receivedAt,
      graphId: last?.id,
    });
    // The held folder list lands before the next test reads adele's mailbox.
    await until(async () => (await lib.listFolders(userId)).length > 0, 30_000);
  });

  it('answers an empty list when neither the cache nor Graph can give the folders', async () => {
    const user = await lib.db.user.create({ data: { email: `${crypto.randomUUID()}@contoso.test` } });
    expect(await lib.getMessagePage(user.id, 'inbox', null, 50)).toEqual({ messages: [], nextCursor: null });
    expect(await lib.getFolders(user.id)).toEqual([]);
  });

  it('never goes to Graph for a folder the sync has finished, even an empty one', async () => {
    const { userId } = await signInUser(emulator, 'alex');
    await lib.syncMailbox(userId);
    const emptyFolder = (await lib.db.mailFolder.findMany({ where: { userId } })).find(
      (f) => f.totalCount === 0,
    );
    expect(emptyFolder?.deltaLink).toBeTruthy();
    const since = new Date().toISOString();
    const page = await lib.getMessagePage(userId, emptyFolder?.graphId ?? '', null, 50);
    expect(page.messages).toEqual([]);
    expect(folderReads(since)).toHaveLength(0);
  });

  it('answers from the cache when Graph cannot be asked (no sign-in to ask with)', async () => {
    const user = await lib.db.user.create({ data: { email: `${crypto.randomUUID()}@contoso.test` } });
    await lib.db.mailFolder.create({
      data: { userId: user.id, graphId: `inbox-${user.id}`, displayName: 'Inbox', wellKnownName: 'inbox' },
    });
    const page = await lib.getMessagePage(user.id, 'inbox', null, 50);
    expect(page).toEqual({ messages: [], nextCursor: null });
  });
});
