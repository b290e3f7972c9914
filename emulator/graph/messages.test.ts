import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { buildMessage, newAttachment, recipient } from '../store/message-factory';
import type { StoredFolder, StoredMessage } from '../store/types';
import { graphClient, graphErrorOf, startTestEmulator } from '../testing';

let emulator: RunningEmulator;
let client: Client;
let userId: string;
let folder: StoredFolder;
const BASE = Date.parse('2030-01-01T00:00:00Z');

function addMessage(index: number, fields: Partial<StoredMessage> = {}): StoredMessage {
  return emulator.ctx.store.insertMessage(
    buildMessage({
      userId,
      parentFolderId: folder.id,
      subject: `Message ${index}`,
      body: { contentType: 'html', content: `<p>Body of <b>message</b> ${index}</p>` },
      receivedDateTime: new Date(BASE + index * 60_000).toISOString(),
      from: recipient(`sender${index % 3}@fabrikam.test`, `Sender ${index % 3}`),
      ...fields,
    }),
  );
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = await graphClient(emulator, { alias: 'adele' });
  userId = emulator.ctx.store.findUser('adele')?.id ?? '';
  folder = emulator.ctx.store.addFolder(userId, emulator.ctx.store.rootFolder(userId).id, 'Paging test');
  for (let i = 0; i < 25; i += 1) {
    addMessage(i, { isRead: i % 2 === 0, flag: { flagStatus: i % 5 === 0 ? 'flagged' : 'notFlagged' } });
  }
});
afterAll(() => emulator.close());

/**
 * The official client treats only https URLs as absolute, and the emulator speaks http on loopback, so a
 * nextLink is followed by its path after the version segment.
 */
const follow = (link: string) => client.api(link.replace(`${emulator.url}/v1.0`, '')).get();

const messagesPath = () => `/me/mailFolders/${folder.id}/messages`;

describe('mail folders', () => {
  it('lists the top-level folders with counts', async () => {
    const page = await client.api('/me/mailFolders').top(50).get();
    const names = page.value.map((f: { displayName: string }) => f.displayName);
    expect(names).toEqual(expect.arrayContaining(['Inbox', 'Drafts', 'Sent Items', 'Paging test']));
    const test = page.value.find((f: { id: string }) => f.id === folder.id);
    expect(test).toMatchObject({ totalItemCount: 25, unreadItemCount: 12, childFolderCount: 0 });
    expect(page['@odata.context']).toMatch(/\/\$metadata#users\('.+'\)\/mailFolders$/);
  });

  it('finds well-known folders by name, case-insensitively', async () => {
    const inbox = await client.api('/me/mailFolders/Inbox').get();
    const again = await client.api('/me/mailFolders/inbox').get();
    expect(inbox.displayName).toBe('Inbox');
    expect(again.id).toBe(inbox.id);
  });

  it('creates a child folder and lists it', async () => {
    const created = await client
      .api(`/me/mailFolders/${folder.id}/childFolders`)
      .post({ displayName: 'Sub' });
    expect(created).toMatchObject({ displayName: 'Sub', parentFolderId: folder.id, totalItemCount: 0 });
    const children = await client.api(`/me/mailFolders/${folder.id}/childFolders`).get();
    expect(children.value.map((f: { id: string }) => f.id)).toEqual([created.id]);
    const parent = await client.api(`/me/mailFolders/${folder.id}`).get();
    expect(parent.childFolderCount).toBe(1);
  });

  it('refuses a folder without a displayName, naming the field', async () => {
    const error = await graphErrorOf(client.api('/me/mailFolders').post({}));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^displayName:/);
  });

  it('answers another user’s folder with 404 and another user’s mailbox with 403', async () => {
    const alex = emulator.ctx.store.findUser('alex')?.id ?? '';
    const alexInbox = emulator.ctx.store.getFolder(alex, 'inbox')?.id ?? '';
    expect((await graphErrorOf(client.api(`/me/mailFolders/${alexInbox}`).get())).statusCode).toBe(404);
    const denied = await graphErrorOf(client.api('/users/alex@contoso.test/mailFolders').get());
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('ErrorAccessDenied');
    const own = await client.api(`/users/adele@contoso.test/mailFolders/${folder.id}`).get();
    expect(own.id).toBe(folder.id);
  });
});

describe('listing messages', () => {
  it('pages with nextLink, returning each message exactly once, newest first', async () => {
    const seen: string[] = [];
    let page = await client.api(messagesPath()).top(7).get();
    let pages = 1;
    seen.push(...page.value.map((m: { subject: string }) => m.subject));
    while (page['@odata.nextLink']) {
      expect(page['@odata.nextLink']).toMatch(new RegExp(`^${emulator.url}/v1.0/`));
      page = await follow(page['@odata.nextLink']);
      pages += 1;
      seen.push(...page.value.map((m: { subject: string }) => m.subject));
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('Message 24');
    expect(seen.at(-1)).toBe('Message 0');
  });

  it('defaults to 10 per page', async () => {
    const page = await client.api(messagesPath()).get();
    expect(page.value).toHaveLength(10);
    expect(page['@odata.nextLink']).toContain('%24skip=10');
  });

  it('orders ascending on request', async () => {
    const page = await client.api(messagesPath()).orderby('receivedDateTime asc').top(3).get();
    expect(page.value.map((m: { subject: string }) => m.subject)).toEqual([
      'Message 0',
      'Message 1',
      'Message 2',
    ]);
  });

  it('trims to $select but keeps id and @odata.etag', async () => {
    const page = await client.api(messagesPath()).select(['subject', 'isRead']).top(2).get();
    for (const message of page.value) {
      expect(Object.keys(message).sort()).toEqual(['@odata.etag', 'id', 'isRead', 'subject']);
    }
    expect(page['@odata.context']).toMatch(/messages\(subject,isRead\)$/);
  });

  it('filters by isRead, flag, dates and combinations, and counts with $count', async () => {
    const unread = await client.api(messagesPath()).filter('isRead eq false').top(100).count(true).get();
    expect(unread['@odata.count']).toBe(12);
    expect(unread.value.every((m: { isRead: boolean }) => !m.isRead)).toBe(true);

    const flagged = await client.api(messagesPath()).filter("flag/flagStatus eq 'flagged'").top(100).get();
    expect(flagged.value.map((m: { subject: string }) => m.subject).sort()).toEqual(
      ['Message 0', 'Message 10', 'Message 15', 'Message 20', 'Message 5'].sort(),
    );

    const since = new Date(BASE + 20 * 60_000).toISOString();
    const recentUnread = await client
      .api(messagesPath())
      .filter(`receivedDateTime ge ${since} and isRead eq false`)
      .top(100)
      .get();
    expect(recentUnread.value.map((m: { subject: string }) => m.subject)).toEqual([
      'Message 23',
      'Message 21',
    ]);
  });

  it('filters by conversationId and hasAttachments', async () => {
    const message = addMessage(100, {
      conversationId: 'AAQkconv-filter',
      attachments: [
        newAttachment({ name: 'a.txt', contentType: 'text/plain', contentBytes: Buffer.from('x') }),
      ],
    });
    const byConversation = await client
      .api('/me/messages')
      .filter("conversationId eq 'AAQkconv-filter'")
      .get();
    expect(byConversation.value.map((m: { id: string }) => m.id)).toEqual([message.id]);
    const withFiles = await client.api(messagesPath()).filter('hasAttachments eq true').get();
    expect(withFiles.value.map((m: { id: string }) => m.id)).toEqual([message.id]);
    emulator.ctx.store.deleteMessage(userId, message.id);
  });

  it('refuses an unsupported filter with ErrorInvalidUrlQueryFilter', async () => {
    const error = await graphErrorOf(client.api(messagesPath()).filter("startswith(subject, 'x')").get());
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('ErrorInvalidUrlQueryFilter');
  });

  it('searches subject, preview and sender, and refuses $orderby with $search', async () => {
    const hit = addMessage(101, { subject: 'Quarterly zebra report' });
    const bySubject = await client.api('/me/messages').search('"zebra"').get();
    expect(bySubject.value.map((m: { id: string }) => m.id)).toEqual([hit.id]);
    const bySender = await client.api(messagesPath()).search('"sender1@fabrikam.test"').top(100).get();
    expect(bySender.value).toHaveLength(8);
    const error = await graphErrorOf(
      client.api('/me/messages').search('"zebra"').orderby('receivedDateTime desc').get(),
    );
    expect(error.statusCode).toBe(400);
    emulator.ctx.store.deleteMessage(userId, hit.id);
  });

  it('understands the KQL Outlook takes: properties, phrases, dates, AND; refuses OR', async () => {
    const hit = addMessage(102, { subject: 'Budget review for the walrus project' });
    const other = addMessage(103, { subject: 'Budget walrus' });
    const ids = async (kql: string) =>
      ((await client.api('/me/messages').search(kql).top(100).get()).value as { id: string }[]).map(
        (m) => m.id,
      );
    expect(await ids('"subject:\\"review for the walrus\\""')).toEqual([hit.id]);
    expect((await ids('"walrus AND budget"')).sort()).toEqual([hit.id, other.id].sort());
    expect(await ids('"subject:walrus AND hasAttachments:true"')).toEqual([]);
    expect((await ids('"subject:walrus AND hasAttachments:false"')).sort()).toEqual(
      [hit.id, other.id].sort(),
    );
    expect(await ids('"subject:walrus AND received<2000-01-01"')).toEqual([]);
    expect((await ids('"subject:walrus AND received>=2000-01-01"')).length).toBe(2);
    const refused = await graphErrorOf(client.api('/me/messages').search('"walrus OR budget"').get());
    expect(refused.statusCode).toBe(400);
    emulator.ctx.store.deleteMessage(userId, hit.id);
    emulator.ctx.store.deleteMessage(userId, other.id);
  });

  it('pages search results with a $skiptoken', async () => {
    const first = await client.api(messagesPath()).search('"message"').top(20).get();
    expect(first['@odata.nextLink']).toContain('skiptoken');
    const second = await follow(first['@odata.nextLink']);
    expect(first.value.length + second.value.length).toBe(25);
  });
});

describe('one message', () => {
  it('returns the HTML body, or text when preferred, saying so in Preference-Applied', async () => {
    const message = addMessage(200);
    const html = await client.api(`/me/messages/${message.id}`).get();
    expect(html.body).toEqual({ contentType: 'html', content: message.body.content });
    const response = await fetch(`${emulator.url}/v1.0/me/messages/${message.id}`, {
      headers: {
        authorization: `Bearer ${await emulator.ctx.tokens.mint({ userId, appId: 'test', ttlSeconds: 60 })}`,
        prefer: 'outlook.body-content-type="text"',
      },
    });
    expect(response.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
    expect((await response.json()).body).toEqual({ contentType: 'text', content: 'Body of message 200' });
    const viaClient = await client
      .api(`/me/messages/${message.id}`)
      .header('Prefer', 'outlook.body-content-type="text"')
      .get();
    expect(viaClient.body.contentType).toBe('text');
  });

  it('answers another user’s message with 404 ErrorItemNotFound', async () => {
    const alex = emulator.ctx.store.findUser('alex')?.id ?? '';
    const theirs = emulator.ctx.store.insertMessage(
      buildMessage({
        userId: alex,
        parentFolderId: emulator.ctx.store.rootFolder(alex).id,
        subject: 'x',
        body: { contentType: 'text', content: 'x' },
      }),
    );
    const error = await graphErrorOf(client.api(`/me/messages/${theirs.id}`).get());
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('ErrorItemNotFound');
  });

  it('PATCHes isRead, flag, categories and importance and returns the update', async () => {
    const message = addMessage(201);
    const etagBefore = `W/"${message.changeKey}"`;
    const updated = await client.api(`/me/messages/${message.id}`).patch({
      isRead: true,
      flag: { flagStatus: 'flagged' },
      categories: ['Red category'],
      importance: 'high',
    });
    expect(updated).toMatchObject({
      id: message.id,
      isRead: true,
      flag: { flagStatus: 'flagged' },
      categories: ['Red category'],
      importance: 'high',
    });
    expect(updated['@odata.etag']).not.toBe(etagBefore);
    const fetched = await client.api(`/me/messages/${message.id}`).select('isRead').get();
    expect(fetched.isRead).toBe(true);
  });

  it('refuses to change the subject of a received message', async () => {
    const message = addMessage(202);
    const error = await graphErrorOf(client.api(`/me/messages/${message.id}`).patch({ subject: 'New' }));
    expect(error.statusCode).toBe(400);
    expect(emulator.ctx.store.getMessage(userId, message.id)?.subject).toBe('Message 202');
  });

  it('moves a message keeping its id, and the folder counts follow', async () => {
    const message = addMessage(203);
    const before = await client.api('/me/mailFolders/archive').get();
    const moved = await client.api(`/me/messages/${message.id}/move`).post({ destinationId: 'archive' });
    expect(moved.id).toBe(message.id);
    expect(moved.parentFolderId).toBe(before.id);
    const after = await client.api('/me/mailFolders/archive').get();
    expect(after.totalItemCount).toBe(before.totalItemCount + 1);
    expect(after.unreadItemCount).toBe(before.unreadItemCount + 1);
    const error = await graphErrorOf(client.api(`${messagesPath()}/${message.id}`).get());
    expect(error.statusCode).toBe(404);
  });

  it('copies a message under a new id', async () => {
    const message = addMessage(204);
    const copy = await client.api(`/me/messages/${message.id}/copy`).post({ destinationId: 'drafts' });
    expect(copy.id).not.toBe(message.id);
    expect(copy.subject).toBe('Message 204');
    expect(emulator.ctx.store.getMessage(userId, message.id)?.parentFolderId).toBe(folder.id);
  });

  it('deletes a message, after which it is 404', async () => {
    const message = addMessage(205);
    const response = await client
      .api(`/me/messages/${message.id}`)
      .responseType('raw' as never)
      .delete();
    expect((response as Response).status).toBe(204);
    const error = await graphErrorOf(client.api(`/me/messages/${message.id}`).get());
    expect(error.statusCode).toBe(404);
  });
});

describe('attachments', () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80, 0x7f]);
  let message: StoredMessage;
  beforeAll(() => {
    message = addMessage(300, {
      attachments: [
        newAttachment({ name: 'report.pdf', contentType: 'application/pdf', contentBytes: bytes }),
      ],
    });
  });

  it('lists attachments and returns one with contentBytes', async () => {
    const list = await client.api(`/me/messages/${message.id}/attachments`).get();
    expect(list.value).toHaveLength(1);
    const id = list.value[0].id;
    const one = await client.api(`/me/messages/${message.id}/attachments/${id}`).get();
    expect(one).toMatchObject({ name: 'report.pdf', contentType: 'application/pdf', size: bytes.length });
    expect(Buffer.from(one.contentBytes, 'base64').equals(bytes)).toBe(true);
  });

  it('serves the raw bytes at $value with the attachment’s content type', async () => {
    const id = message.attachments[0]?.id ?? '';
    const response = (await client
      .api(`/me/messages/${message.id}/attachments/${id}/$value`)
      .responseType('raw' as never)
      .get()) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('expands attachments on a message GET', async () => {
    const expanded = await client.api(`/me/messages/${message.id}`).expand('attachments').get();
    expect(expanded.attachments.map((a: { name: string }) => a.name)).toEqual(['report.pdf']);
    expect(expanded.hasAttachments).toBe(true);
  });
});
