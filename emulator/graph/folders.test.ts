import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { buildMessage, recipient } from '../store/message-factory';
import type { MailChange } from '../store/types';
import { graphClient, graphErrorOf, startTestEmulator } from '../testing';

/* Creating, renaming and deleting mail folders over real HTTP, as Graph answers them. */

let emulator: RunningEmulator;
let client: Client;
let userId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = await graphClient(emulator, { alias: 'adele' });
  userId = emulator.ctx.store.findUser('adele')?.id ?? '';
});
afterAll(() => emulator.close());

interface GraphFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  childFolderCount: number;
  totalItemCount: number;
  isHidden: boolean;
}

const create = (displayName: string, parentId?: string): Promise<GraphFolder> =>
  client.api(parentId ? `/me/mailFolders/${parentId}/childFolders` : '/me/mailFolders').post({ displayName });

const get = (id: string): Promise<GraphFolder> => client.api(`/me/mailFolders/${id}`).get();

function fill(folderId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    emulator.ctx.store.insertMessage(
      buildMessage({
        userId,
        parentFolderId: folderId,
        subject: `Filed ${i}`,
        body: { contentType: 'text', content: `Filed message ${i}` },
        from: recipient('someone@fabrikam.test'),
      }),
    ),
  ).map((m) => m.id);
}

/** The store's change events (what subscriptions are fed) while `run` runs. */
async function changesDuring(run: () => Promise<unknown>): Promise<MailChange[]> {
  const changes: MailChange[] = [];
  const listen = (change: MailChange) => changes.push(change);
  emulator.ctx.store.on('change', listen);
  try {
    await run();
  } finally {
    emulator.ctx.store.off('change', listen);
  }
  return changes;
}

describe('creating folders', () => {
  it('refuses a sibling with the same name in any case, but allows it under another parent', async () => {
    const top = await create('Receipts');
    const clash = await graphErrorOf(create('RECEIPTS'));
    expect(clash.statusCode).toBe(409);
    expect(clash.code).toBe('ErrorFolderExists');
    const child = await create('Receipts', top.id);
    expect(child.parentFolderId).toBe(top.id);
  });

  it('creates a hidden folder that lists only with includeHiddenFolders and still holds its name', async () => {
    const hidden: GraphFolder = await client
      .api('/me/mailFolders')
      .post({ displayName: 'Quiet', isHidden: true });
    expect(hidden.isHidden).toBe(true);
    const names = async (query: string) =>
      (await client.api(`/me/mailFolders${query}`).top(100).get()).value.map((f: GraphFolder) => f.id);
    expect(await names('')).not.toContain(hidden.id);
    expect(await names('?includeHiddenFolders=true')).toContain(hidden.id);
    expect((await graphErrorOf(create('quiet'))).code).toBe('ErrorFolderExists');
  });

  it('refuses a blank name, naming the field', async () => {
    const error = await graphErrorOf(create('   '));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^displayName:/);
  });
});

describe('renaming folders', () => {
  it('renames with PATCH, answering the folder, also through the childFolders and /users paths', async () => {
    const parent = await create('Clients');
    const child = await create('Fabrikam', parent.id);
    const renamed: GraphFolder = await client.api(`/me/mailFolders/${parent.id}`).patch({
      displayName: 'Customers',
      '@odata.etag': 'W/"ignored"',
    });
    expect(renamed).toMatchObject({ id: parent.id, displayName: 'Customers', childFolderCount: 1 });
    const viaChild: GraphFolder = await client
      .api(`/me/mailFolders/${parent.id}/childFolders/${child.id}`)
      .patch({ displayName: 'Fabrikam Ltd' });
    expect(viaChild.displayName).toBe('Fabrikam Ltd');
    const viaUser: GraphFolder = await client
      .api(`/users/adele@contoso.test/mailFolders/${child.id}`)
      .patch({ displayName: 'Fabrikam Inc' });
    expect((await get(child.id)).displayName).toBe(viaUser.displayName);
  });

  it('refuses a name a sibling has (any case) but lets a folder change its own name’s case', async () => {
    const a = await create('Travel');
    await create('Expenses');
    const clash = await graphErrorOf(
      client.api(`/me/mailFolders/${a.id}`).patch({ displayName: 'EXPENSES' }),
    );
    expect(clash.statusCode).toBe(409);
    expect(clash.code).toBe('ErrorFolderExists');
    const recased: GraphFolder = await client.api(`/me/mailFolders/${a.id}`).patch({ displayName: 'TRAVEL' });
    expect(recased.displayName).toBe('TRAVEL');
  });

  it('refuses renaming a well-known folder, and any property but displayName', async () => {
    const inbox = await graphErrorOf(client.api('/me/mailFolders/inbox').patch({ displayName: 'In' }));
    expect(inbox.statusCode).toBe(400);
    expect((await get('inbox')).displayName).toBe('Inbox');
    const folder = await create('Fixed');
    const hidden = await graphErrorOf(client.api(`/me/mailFolders/${folder.id}`).patch({ isHidden: true }));
    expect(hidden.statusCode).toBe(400);
  });

  it('answers another user’s folder with 404 and a child path that is not its parent’s with 404', async () => {
    const alex = emulator.ctx.store.findUser('alex')?.id ?? '';
    const theirs = emulator.ctx.store.addFolder(alex, emulator.ctx.store.rootFolder(alex).id, 'Theirs');
    const error = await graphErrorOf(
      client.api(`/me/mailFolders/${theirs.id}`).patch({ displayName: 'Mine' }),
    );
    expect(error.statusCode).toBe(404);
    expect(theirs.displayName).toBe('Theirs');
    const stray = await create('Stray');
    const wrongParent = await graphErrorOf(
      client.api(`/me/mailFolders/inbox/childFolders/${stray.id}`).get(),
    );
    expect(wrongParent.statusCode).toBe(404);
  });
});

describe('deleting folders', () => {
  it('moves the folder with its subfolders and messages into Deleted Items, sending no message changes', async () => {
    const folder = await create('Old project');
    const sub = await create('Drafts of plans', folder.id);
    const messages = [...fill(folder.id, 3), ...fill(sub.id, 2)];
    const deletedItems = await get('deleteditems');

    const changes = await changesDuring(() => client.api(`/me/mailFolders/${folder.id}`).delete());
    // The messages did not change: they are in the same folder, which moved.
    expect(changes).toEqual([]);

    const moved = await get(folder.id);
    expect(moved).toMatchObject({ parentFolderId: deletedItems.id, totalItemCount: 3, childFolderCount: 1 });
    expect((await get(sub.id)).parentFolderId).toBe(folder.id);
    const underDeleted = await client.api(`/me/mailFolders/${deletedItems.id}/childFolders`).get();
    expect(underDeleted.value.map((f: GraphFolder) => f.id)).toContain(folder.id);
    const top = await client.api('/me/mailFolders').top(100).get();
    expect(top.value.map((f: GraphFolder) => f.id)).not.toContain(folder.id);
    for (const id of messages) expect((await client.api(`/me/messages/${id}`).get()).id).toBe(id);
  });

  it('keeps a folder’s message delta going after the folder was deleted into Deleted Items', async () => {
    const folder = await create('Delta keeps');
    fill(folder.id, 1);
    const first = await client.api(`/me/mailFolders/${folder.id}/messages/delta`).get();
    await client.api(`/me/mailFolders/${folder.id}`).delete();
    const [late] = fill(folder.id, 1);
    const link = String(first['@odata.deltaLink']).replace(`${emulator.url}/v1.0`, '');
    const next = await client.api(link).get();
    expect(next.value.map((m: { id: string }) => m.id)).toEqual([late]);
  });

  it('deletes a folder already in Deleted Items for good, each message announced as deleted', async () => {
    const folder = await create('Twice deleted');
    const sub = await create('Inner', folder.id);
    const messages = [...fill(folder.id, 2), ...fill(sub.id, 1)];
    await client.api(`/me/mailFolders/${folder.id}`).delete();

    const changes = await changesDuring(() => client.api(`/me/mailFolders/${folder.id}`).delete());
    expect(changes.map((c) => [c.changeType, c.messageId]).sort()).toEqual(
      messages.map((id) => ['deleted', id]).sort(),
    );
    expect((await graphErrorOf(get(folder.id))).statusCode).toBe(404);
    expect((await graphErrorOf(get(sub.id))).statusCode).toBe(404);
    for (const id of messages) {
      expect((await graphErrorOf(client.api(`/me/messages/${id}`).get())).statusCode).toBe(404);
    }
  });

  it('refuses deleting a well-known folder', async () => {
    for (const name of ['inbox', 'deleteditems', 'msgfolderroot']) {
      const error = await graphErrorOf(client.api(`/me/mailFolders/${name}`).delete());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('ErrorDeleteDistinguishedFolder');
    }
    expect((await get('inbox')).displayName).toBe('Inbox');
  });

  it('refuses when Deleted Items already holds a folder of that name, leaving the folder in place', async () => {
    const first = await create('Archive 2020');
    await client.api(`/me/mailFolders/${first.id}`).delete();
    const second = await create('archive 2020');
    const error = await graphErrorOf(client.api(`/me/mailFolders/${second.id}`).delete());
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('ErrorFolderExists');
    expect((await get(second.id)).parentFolderId).toBe(emulator.ctx.store.rootFolder(userId).id);
  });

  it('deletes through /users/{upn} and the childFolders path; another mailbox is 403', async () => {
    const parent = await create('Nest');
    const child = await create('Egg', parent.id);
    await client.api(`/users/adele@contoso.test/mailFolders/${parent.id}/childFolders/${child.id}`).delete();
    expect((await get(child.id)).parentFolderId).toBe((await get('deleteditems')).id);
    const denied = await graphErrorOf(
      client.api(`/users/alex@contoso.test/mailFolders/${parent.id}`).delete(),
    );
    expect(denied.statusCode).toBe(403);
  });
});
