import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import type { FolderDto } from './types';

/* Folder changes against the emulator's Graph, on a real (PGlite) cache. */

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let lib: typeof import('./folders') & typeof import('./messages') & typeof import('./sync');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./folders')), ...(await import('./messages')), ...(await import('./sync')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  await Promise.all([lib.syncMailbox(adele), lib.syncMailbox(alex)]);
});
afterAll(() => emulator.close());

interface MailboxState {
  folders: { id: string; displayName: string; parentFolderId: string | null; wellKnownName: string | null }[];
  messages: { id: string; parentFolderId: string }[];
}

const mailbox = async (alias: string) =>
  (await (await fetch(`${emulator.url}/_emulator/mailboxes/${alias}`)).json()) as MailboxState;

const graphFolder = async (id: string) => (await mailbox('adele')).folders.find((f) => f.id === id);

const cachedFolder = async (id: string) => (await lib.getFolders(adele)).find((f) => f.id === id);

/** The folder list as the cache shows it, in a form two lists can be compared by. */
const shape = (folders: FolderDto[]) =>
  folders.map((f) => `${f.parentId ?? '-'}/${f.id}:${f.name}:${f.totalCount}`).sort();

describe('creating', () => {
  it('creates a folder at the top and a subfolder, on Graph and in the cache', async () => {
    const top = await lib.createFolder(adele, { displayName: '  Receipts ' });
    expect(top).toMatchObject({ name: 'Receipts', parentId: null, wellKnownName: null, totalCount: 0 });
    const sub = await lib.createFolder(adele, { displayName: '2031', parentId: top.id });
    expect(sub.parentId).toBe(top.id);
    expect(await graphFolder(sub.id)).toMatchObject({ displayName: '2031', parentFolderId: top.id });
    expect(await cachedFolder(sub.id)).toEqual(sub);
  });

  it('creates a subfolder of a well-known folder, named by its well-known name', async () => {
    const inbox = (await lib.getFolders(adele)).find((f) => f.wellKnownName === 'inbox');
    const sub = await lib.createFolder(adele, { displayName: 'Newsletters', parentId: 'inbox' });
    expect(sub.parentId).toBe(inbox?.id);
  });

  it('says so when the name is taken, in any case, and where', async () => {
    await lib.createFolder(adele, { displayName: 'Invoices' });
    const error = await lib.createFolder(adele, { displayName: 'INVOICES' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'folder_exists' });
    expect((error as Error).message).toBe(
      'There’s already a folder called “INVOICES” at the top of your mailbox. Choose another name.',
    );
  });

  it('refuses a parent that is not the person’s', async () => {
    const theirs = (await lib.getFolders(alex)).find((f) => f.wellKnownName === null);
    await expect(
      lib.createFolder(adele, { displayName: 'X', parentId: theirs?.id ?? '' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('renaming', () => {
  it('renames on Graph and in the cache', async () => {
    const folder = await lib.createFolder(adele, { displayName: 'Trips' });
    const renamed = await lib.renameFolder(adele, folder.id, 'Travel');
    expect(renamed).toMatchObject({ id: folder.id, name: 'Travel' });
    expect((await graphFolder(folder.id))?.displayName).toBe('Travel');
    expect((await cachedFolder(folder.id))?.name).toBe('Travel');
  });

  it('refuses a sibling’s name, Outlook’s own folders and folders that are not the person’s', async () => {
    const folder = await lib.createFolder(adele, { displayName: 'Taxes' });
    await expect(lib.renameFolder(adele, folder.id, 'invoices')).rejects.toMatchObject({
      status: 409,
      message: 'There’s already a folder called “invoices” at the top of your mailbox. Choose another name.',
    });
    expect((await cachedFolder(folder.id))?.name).toBe('Taxes');
    await expect(lib.renameFolder(adele, 'inbox', 'Mail')).rejects.toMatchObject({
      status: 400,
      code: 'well_known_folder',
      message: 'Inbox is one of Outlook’s own folders, so it can’t be renamed.',
    });
    const theirs = (await lib.getFolders(alex)).find((f) => f.wellKnownName === null);
    await expect(lib.renameFolder(adele, theirs?.id ?? '', 'Mine')).rejects.toMatchObject({ status: 404 });
    expect((await lib.getFolders(alex)).find((f) => f.id === theirs?.id)?.name).toBe(theirs?.name);
  });
});

describe('deleting', () => {
  it('moves the folder with subfolders and mail into Deleted Items, then removes it for good from there', async () => {
    const folder = await lib.createFolder(adele, { displayName: 'Old plans' });
    const sub = await lib.createFolder(adele, { displayName: 'Sketches', parentId: folder.id });
    const [one, two, three] = (await lib.getMessagePage(adele, 'inbox', null, 3)).messages;
    await lib.moveToFolder(adele, one?.id ?? '', folder.id);
    await lib.moveToFolder(adele, two?.id ?? '', folder.id);
    await lib.moveToFolder(adele, three?.id ?? '', sub.id);
    const deletedItems = (await lib.getFolders(adele)).find((f) => f.wellKnownName === 'deleteditems');

    const first = await lib.deleteFolder(adele, folder.id);
    expect(first).toMatchObject({
      permanently: false,
      folder: { id: folder.id, parentId: deletedItems?.id },
    });
    expect((await graphFolder(folder.id))?.parentFolderId).toBe(deletedItems?.id);
    expect((await cachedFolder(sub.id))?.parentId).toBe(folder.id);
    const inFolder = await lib.getMessagePage(adele, folder.id, null, 50);
    expect(inFolder.messages.map((m) => m.id).sort()).toEqual([one?.id, two?.id].sort());

    // The cache says what Graph says: a full sync round changes nothing in the folder list.
    const before = shape(await lib.getFolders(adele));
    await lib.syncMailbox(adele);
    expect(shape(await lib.getFolders(adele))).toEqual(before);

    const second = await lib.deleteFolder(adele, folder.id);
    expect(second).toEqual({ permanently: true, folder: null });
    const state = await mailbox('adele');
    expect(state.folders.map((f) => f.id)).not.toContain(folder.id);
    expect(state.folders.map((f) => f.id)).not.toContain(sub.id);
    expect(state.messages.map((m) => m.id)).not.toContain(one?.id);
    expect(await cachedFolder(folder.id)).toBeUndefined();
    expect(await cachedFolder(sub.id)).toBeUndefined();
    await expect(lib.getMessageDetail(adele, three?.id ?? '')).rejects.toMatchObject({ status: 404 });
  });

  it('keeps Exchange’s usual outcome when Graph does not say where the folder went, and a sync agrees', async () => {
    const folder = await lib.createFolder(adele, { displayName: 'Unasked' });
    const deletedItems = (await lib.getFolders(adele)).find((f) => f.wellKnownName === 'deleteditems');
    // Only the read-back after the delete fails (the DELETE itself carries no $select).
    await emulatorControl(emulator, '/faults', {
      kind: 'status',
      status: 503,
      count: 50,
      pathPattern: '$select=id,displayName',
    });
    try {
      const result = await lib.deleteFolder(adele, folder.id);
      expect(result).toMatchObject({
        permanently: false,
        folder: { id: folder.id, parentId: deletedItems?.id },
      });
    } finally {
      await emulatorControl(emulator, '/faults');
    }
    expect((await graphFolder(folder.id))?.parentFolderId).toBe(deletedItems?.id);
    await lib.syncMailbox(adele);
    expect((await cachedFolder(folder.id))?.parentId).toBe(deletedItems?.id);
  });

  it('refuses Outlook’s own folders and says what to do when Deleted Items has the name', async () => {
    await expect(lib.deleteFolder(adele, 'deleteditems')).rejects.toMatchObject({
      status: 400,
      message: 'Deleted Items is one of Outlook’s own folders, so it can’t be deleted.',
    });
    const first = await lib.createFolder(adele, { displayName: 'Scratch' });
    await lib.deleteFolder(adele, first.id);
    const second = await lib.createFolder(adele, { displayName: 'Scratch' });
    await expect(lib.deleteFolder(adele, second.id)).rejects.toMatchObject({
      status: 409,
      message:
        'Deleted Items already has a folder called “Scratch”. Delete or rename that one first, then try again.',
    });
    expect((await cachedFolder(second.id))?.parentId).toBeNull();
  });
});

describe('a sync round while a folder goes', () => {
  it('forgets a folder deleted for good after the round read the folder list, and goes on', async () => {
    const folder = await lib.createFolder(adele, { displayName: 'Gone mid-round' });
    const [message] = (await lib.getMessagePage(adele, 'inbox', null, 1)).messages;
    await lib.moveToFolder(adele, message?.id ?? '', folder.id);
    const inbox = (await lib.getFolders(adele)).find((f) => f.wellKnownName === 'inbox');
    // The round's first delta (the Inbox's) is held; meanwhile the folder is deleted for good on Graph.
    const pathPattern = `/mailFolders/${inbox?.id}/messages/delta`;
    await emulatorControl(emulator, '/faults', { kind: 'slow', delayMs: 5_000, count: 1, pathPattern });
    const round = lib.syncMailbox(adele);
    for (;;) {
      const { faults } = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as {
        faults: { pathPattern?: string; remaining: number }[];
      };
      if (!faults.some((f) => f.pathPattern === pathPattern && f.remaining > 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const person = emulator.ctx.store.findUser('adele')?.id ?? '';
    expect(emulator.ctx.store.removeFolder(person, folder.id)).toBe(true);
    await round;
    expect((await lib.getSyncStatus(adele)).state).toBe('idle');
    expect(await cachedFolder(folder.id)).toBeUndefined();
    await expect(lib.getMessageDetail(adele, message?.id ?? '')).rejects.toMatchObject({ status: 404 });
  });
});
