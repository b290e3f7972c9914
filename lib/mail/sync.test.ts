import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { buildMessage, recipient } from '../../emulator/store/message-factory';
import { signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let userId: string;
let lib: typeof import('./sync') & typeof import('./cache') & { db: typeof import('../db').db };

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./sync')), ...(await import('./cache')), ...(await import('../db')) };
  ({ userId } = await signInUser(emulator, 'adele'));
});
afterAll(() => emulator.close());

/** The emulator's own view of Adele's mailbox: folder counts and message ids per folder. */
async function mailboxState() {
  const state = (await (await fetch(`${emulator.url}/_emulator/mailboxes/adele`)).json()) as {
    folders: {
      id: string;
      displayName: string;
      wellKnownName: string | null;
      totalItemCount: number;
      unreadItemCount: number;
    }[];
    messages: { id: string; parentFolderId: string; isRead: boolean }[];
  };
  return state;
}

async function cachedMessages() {
  return lib.db.mailMessage.findMany({
    where: { userId },
    select: { graphId: true, folderGraphId: true, isRead: true },
  });
}

describe('first sync and delta rounds', () => {
  it('fills the cache with every folder and message, counts equal to the mailbox', async () => {
    const started = performance.now();
    await lib.syncMailbox(userId);
    const ms = performance.now() - started;
    const state = await mailboxState();
    const folders = await lib.listFolders(userId);
    const visible = state.folders.filter((f) => f.wellKnownName !== 'msgfolderroot');
    expect(folders.map((f) => f.graphId).sort()).toEqual(visible.map((f) => f.id).sort());
    for (const folder of visible) {
      const cached = folders.find((f) => f.graphId === folder.id);
      expect([cached?.displayName, cached?.totalCount, cached?.unreadCount]).toEqual([
        folder.displayName,
        folder.totalItemCount,
        folder.unreadItemCount,
      ]);
    }
    expect(
      folders.find((f) => f.graphId === visible.find((v) => v.wellKnownName === 'inbox')?.id)?.wellKnownName,
    ).toBe('inbox');
    const cached = await cachedMessages();
    expect(cached.map((m) => `${m.graphId}|${m.folderGraphId}|${m.isRead}`).sort()).toEqual(
      state.messages.map((m) => `${m.id}|${m.parentFolderId}|${m.isRead}`).sort(),
    );
    expect(await lib.getSyncStatus(userId)).toMatchObject({ state: 'idle', graphReachable: true });
    // The first round counted what it had to fetch (the progress bar shows it); a catch-up round has
    // nothing to count, so the screen stays quiet while it runs.
    expect((await lib.getSyncStatus(userId)).total).toBe(cached.length);
    await lib.syncMailbox(userId);
    expect(await lib.getSyncStatus(userId)).toMatchObject({ state: 'idle', total: 0 });
    console.log(`first sync of ${cached.length} messages in ${folders.length} folders: ${Math.round(ms)} ms`);
  });

  it('pages a folder by keyset, newest first, each message exactly once', async () => {
    const inbox = await lib.findFolder(userId, 'inbox');
    const seen: string[] = [];
    let cursor: { receivedAt: string; graphId: string } | null = null;
    let previous = Number.POSITIVE_INFINITY;
    for (let pages = 0; pages < 100; pages++) {
      const page = await lib.listMessages(userId, inbox?.graphId ?? '', 40, cursor);
      for (const row of page.rows) {
        expect(row.receivedAt.getTime()).toBeLessThanOrEqual(previous);
        previous = row.receivedAt.getTime();
        seen.push(row.graphId);
      }
      if (!page.nextCursor) break;
      cursor = lib.decodeCursor(page.nextCursor);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(inbox?.totalCount ?? -1);
  });

  it('picks up new, changed, moved and deleted mail in the next round from the stored delta links', async () => {
    const delivered = (await (
      await fetch(`${emulator.url}/_emulator/mail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'adele', from: 'news@fabrikam.test', subject: 'Delta newcomer' }),
      })
    ).json()) as { id: string };
    const adele = emulator.ctx.store.findUser('adele')?.id ?? '';
    const [first, second] = emulator.ctx.store
      .messagesOf(adele, emulator.ctx.store.getFolder(adele, 'inbox')?.id)
      .filter((m) => m.id !== delivered.id);
    emulator.ctx.store.updateMessage(adele, first?.id ?? '', { isRead: !first?.isRead });
    emulator.ctx.store.moveMessage(
      adele,
      second?.id ?? '',
      emulator.ctx.store.getFolder(adele, 'archive')?.id ?? '',
    );
    const doomed = emulator.ctx.store.messagesOf(
      adele,
      emulator.ctx.store.getFolder(adele, 'sentitems')?.id,
    )[0];
    emulator.ctx.store.deleteMessage(adele, doomed?.id ?? '');

    await fetch(`${emulator.url}/_emulator/requests`, { method: 'DELETE' });
    await lib.syncMailbox(userId);
    const state = await mailboxState();
    const cached = await cachedMessages();
    expect(cached.map((m) => `${m.graphId}|${m.folderGraphId}|${m.isRead}`).sort()).toEqual(
      state.messages.map((m) => `${m.id}|${m.parentFolderId}|${m.isRead}`).sort(),
    );
    // Incremental: a handful of requests, not a full re-download.
    const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as {
      requests: unknown[];
    };
    expect(requests.length).toBeLessThan(30);
  });

  it('keeps a message moved into a folder that is read before the one it left', async () => {
    // Inbox's delta is read before Archive's: the message arrives in Inbox first, then Archive's delta
    // says it left Archive; that must not take it out of Inbox.
    const adele = emulator.ctx.store.findUser('adele')?.id ?? '';
    const store = emulator.ctx.store;
    const archived = store.messagesOf(adele, store.getFolder(adele, 'archive')?.id).slice(0, 3);
    expect(archived).toHaveLength(3);
    for (const message of archived)
      store.moveMessage(adele, message.id, store.getFolder(adele, 'inbox')?.id ?? '');
    await lib.syncMailbox(userId);
    const cached = await cachedMessages();
    const state = await mailboxState();
    expect(cached.map((m) => `${m.graphId}|${m.folderGraphId}|${m.isRead}`).sort()).toEqual(
      state.messages.map((m) => `${m.id}|${m.parentFolderId}|${m.isRead}`).sort(),
    );
    for (const message of archived)
      expect(cached.find((m) => m.graphId === message.id)?.folderGraphId).toBe(
        store.getFolder(adele, 'inbox')?.id,
      );
  });

  it('runs one more round after the running one when asked meanwhile, which sees what changed after it', async () => {
    const adele = emulator.ctx.store.findUser('adele')?.id ?? '';
    const inbox = emulator.ctx.store.getFolder(adele, 'inbox')?.id ?? '';
    let lateId = '';
    const first = lib.syncMailbox(userId);
    // Lands in the mailbox the moment the first round has ended: only a round after it can see it.
    void first.then(() => {
      lateId = emulator.ctx.store.insertMessage(
        buildMessage({
          userId: adele,
          parentFolderId: inbox,
          subject: 'After the first round',
          body: { contentType: 'text', content: 'late' },
          from: recipient('late@fabrikam.test'),
        }),
      ).id;
    });
    const second = lib.syncMailbox(userId);
    const third = lib.syncMailbox(userId);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    await second;
    expect(lateId).not.toBe('');
    expect((await cachedMessages()).map((m) => m.graphId)).toContain(lateId);
  });
});
