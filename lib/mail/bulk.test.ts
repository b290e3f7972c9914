import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let megan: string;
let lib: typeof import('./bulk') & typeof import('./messages') & typeof import('./sync');
let ApiError: typeof import('../api/api-error').ApiError;

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./bulk')), ...(await import('./messages')), ...(await import('./sync')) };
  ({ ApiError } = await import('../api/api-error'));
  ({ userId: megan } = await signInUser(emulator, 'megan'));
  await emulatorControl(emulator, '/mail/bulk', { to: 'megan', count: 45, subjectPrefix: 'Bulk test' });
  await lib.syncMailbox(megan);
});
afterAll(() => emulator.close());

interface EmulatorMessage {
  id: string;
  parentFolderId: string;
  isRead: boolean;
  flagStatus: string;
  categories: string[];
}

async function mailbox() {
  const state = (await (await fetch(`${emulator.url}/_emulator/mailboxes/megan`)).json()) as {
    folders: { id: string; wellKnownName: string | null; displayName: string }[];
    messages: EmulatorMessage[];
  };
  const folderName = (id: string) => state.folders.find((f) => f.id === id)?.wellKnownName ?? id;
  return new Map(state.messages.map((m) => [m.id, { ...m, folder: folderName(m.parentFolderId) }]));
}

async function batchCalls(): Promise<{ path: string }[]> {
  const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=megan`)).json()) as {
    requests: { method: string; path: string }[];
  };
  return requests.filter((r) => r.method === 'POST' && r.path.includes('$batch'));
}

/** The ids of the bulk test mails, newest first, from the cache. */
async function bulkMailIds(count: number): Promise<string[]> {
  const { messages } = await lib.getMessagePage(megan, 'inbox', null, 200);
  const ids = messages.filter((m) => m.subject.startsWith('Bulk test')).map((m) => m.id);
  expect(ids.length).toBeGreaterThanOrEqual(count);
  return ids.slice(0, count);
}

describe('bulk changes', () => {
  it('moves 45 messages in $batch calls of at most 20, says what each was before, and undo puts them back', async () => {
    const ids = await bulkMailIds(45);
    await emulatorControl(emulator, '/requests');
    const moved = await lib.applyBulk(
      megan,
      ids.map((id) => ({ id, folderId: 'archive' })),
    );
    expect(moved.every((r) => r.ok)).toBe(true);
    // 45 moves need at least three batches of 20; none was sent one by one.
    expect((await batchCalls()).length).toBeGreaterThanOrEqual(3);
    let state = await mailbox();
    for (const id of ids) expect(state.get(id)?.folder).toBe('archive');
    const archive = (await lib.getMessagePage(megan, 'archive', null, 200)).messages.map((m) => m.id);
    expect(archive).toEqual(expect.arrayContaining(ids));

    const undo = moved.flatMap((r) => (r.ok ? [{ id: r.message.id, ...r.before }] : []));
    expect(undo.every((u) => u.folderId !== 'archive' && u.folderId.length > 10)).toBe(true);
    const restored = await lib.applyBulk(megan, undo);
    expect(restored.every((r) => r.ok)).toBe(true);
    state = await mailbox();
    for (const id of ids) expect(state.get(id)?.folder).toBe('inbox');
    const inbox = (await lib.getMessagePage(megan, 'inbox', null, 200)).messages.map((m) => m.id);
    expect(inbox).toEqual(expect.arrayContaining(ids));
  });

  it('marks, flags and categorizes, and undo restores each message’s own former state', async () => {
    const ids = await bulkMailIds(6);
    // Start from mixed states: the first three read and flagged.
    await lib.applyBulk(
      megan,
      ids.slice(0, 3).map((id) => ({ id, isRead: true, flagStatus: 'flagged' as const })),
    );
    const changed = await lib.applyBulk(
      megan,
      ids.map((id) => ({
        id,
        isRead: false,
        flagStatus: 'notFlagged' as const,
        categories: ['Blue category'],
      })),
    );
    let state = await mailbox();
    for (const id of ids)
      expect(state.get(id)).toMatchObject({
        isRead: false,
        flagStatus: 'notFlagged',
        categories: ['Blue category'],
      });

    await lib.applyBulk(
      megan,
      changed.flatMap((r) => (r.ok ? [{ id: r.id, ...r.before }] : [])),
    );
    state = await mailbox();
    ids.forEach((id, n) => {
      expect(state.get(id)).toMatchObject({
        isRead: n < 3,
        flagStatus: n < 3 ? 'flagged' : 'notFlagged',
        categories: [],
      });
    });
  });

  it('gives and takes categories, each message keeping its others, and undo restores each one’s own', async () => {
    const ids = await bulkMailIds(3);
    const [first, ...rest] = ids as [string, ...string[]];
    await lib.applyBulk(megan, [{ id: first, categories: ['Red category'] }]);
    const given = await lib.applyBulk(
      megan,
      ids.map((id) => ({ id, addCategories: ['Green category'] })),
    );
    let state = await mailbox();
    expect(state.get(first)?.categories).toEqual(['Red category', 'Green category']);
    for (const id of rest) expect(state.get(id)?.categories).toEqual(['Green category']);
    await lib.applyBulk(
      megan,
      ids.map((id) => ({ id, removeCategories: ['Red category'] })),
    );
    expect((await mailbox()).get(first)?.categories).toEqual(['Green category']);
    await lib.applyBulk(
      megan,
      given.flatMap((r) => (r.ok ? [{ id: r.id, categories: r.before.categories }] : [])),
    );
    state = await mailbox();
    expect(state.get(first)?.categories).toEqual(['Red category']);
    for (const id of rest) expect(state.get(id)?.categories).toEqual([]);
  });

  it('reports exactly the messages it could not change, and why, while the others are done', async () => {
    const ids = await bulkMailIds(4);
    const [gone, ...others] = ids as [string, ...string[]];
    // Deleted in Outlook behind the cache's back: Graph answers 404 for it inside the batch.
    emulator.ctx.store.deleteMessage(emulator.ctx.store.findUser('megan')?.id ?? '', gone);
    const results = await lib.applyBulk(megan, [
      ...ids.map((id) => ({ id, folderId: 'archive' })),
      { id: 'AAMk-never-existed', folderId: 'archive' },
    ]);
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => r.id).sort()).toEqual([gone, 'AAMk-never-existed'].sort());
    for (const failure of failed) if (!failure.ok) expect(failure.error).toMatch(/no longer/);
    const state = await mailbox();
    for (const id of others) expect(state.get(id)?.folder).toBe('archive');
  });

  it('refuses an unknown folder, a repeated id or too many changes at once, changing nothing', async () => {
    const [id] = await bulkMailIds(1);
    const before = (await mailbox()).get(id ?? '');
    for (const changes of [
      [{ id: id ?? '', folderId: 'no-such-folder' }],
      [
        { id: id ?? '', isRead: true },
        { id: id ?? '', isRead: false },
      ],
      Array.from({ length: 101 }, (_, n) => ({ id: `x${n}`, isRead: true })),
    ]) {
      const error = await lib.applyBulk(megan, changes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 400 });
    }
    expect((await mailbox()).get(id ?? '')).toEqual(before);
  });

  it('select all covers the folder’s mail up to the moment chosen, minus the rows unticked', async () => {
    const { messages } = await lib.getMessagePage(megan, 'inbox', null, 200);
    // The browser chooses "all" as of the newest row it shows.
    const chosenAt = new Date(messages[0]?.receivedAt ?? 0);
    const except = messages.slice(0, 2).map((m) => m.id);
    const arrival = (await (
      await emulatorControl(emulator, '/mail', { to: 'megan', subject: 'Arrived after select all' })
    ).json()) as { id: string };
    await lib.syncMailbox(megan);
    const { ids, truncated } = await lib.messageIdsInFolder(megan, 'inbox', chosenAt, except);
    expect(truncated).toBe(false);
    expect(ids).toEqual(expect.arrayContaining(messages.slice(2).map((m) => m.id)));
    for (const left of [...except, arrival.id]) expect(ids).not.toContain(left);
    expect(new Set(ids).size).toBe(ids.length);
    // In the Other tab "all" is the Other tab's mail only.
    const other = await lib.messageIdsInFolder(megan, 'inbox', chosenAt, [], { view: 'other' });
    const classified = (await (await fetch(`${emulator.url}/_emulator/mailboxes/megan`)).json()) as {
      messages: { id: string; inferenceClassification: string }[];
    };
    const otherIds = new Set(
      classified.messages.filter((m) => m.inferenceClassification === 'other').map((m) => m.id),
    );
    expect(other.ids.length).toBeGreaterThan(0);
    for (const id of other.ids) expect(otherIds.has(id)).toBe(true);
    const error = await lib
      .messageIdsInFolder(megan, 'no-such-folder', chosenAt, [])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404 });
  });
});
