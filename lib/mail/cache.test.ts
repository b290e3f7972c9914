import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphMessage } from './graph-mail';

/*
 * Writing messages to the cache in statements of a few hundred rows: what one Prisma upsert per message
 * did, field for field, on the database the tests run on (PGlite, or PostgreSQL in CI's second pass).
 */

let lib: typeof import('./cache') & { db: typeof import('../db').db };
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = { ...(await import('./cache')), ...(await import('../db')) };
  userId = (await lib.db.user.create({ data: { email: `cache-${crypto.randomUUID()}@contoso.test` } })).id;
});

const message = (id: string, overrides: Partial<GraphMessage> = {}): GraphMessage => ({
  id,
  parentFolderId: 'inbox-id',
  conversationId: `conv-${id}`,
  subject: `Subject ${id}`,
  bodyPreview: `Preview ${id}`,
  from: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } },
  toRecipients: [{ emailAddress: { name: 'Adele', address: 'adele@contoso.test' } }],
  ccRecipients: [],
  receivedDateTime: '2026-11-30T09:15:42.123Z',
  isRead: false,
  isDraft: false,
  flag: { flagStatus: 'notFlagged' },
  hasAttachments: false,
  importance: 'normal',
  changeKey: 'ck-1',
  ...overrides,
});

const row = (graphId: string) =>
  lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId, graphId } } });

describe('upsertMessages', () => {
  it('stores every field as Graph gave it, dates to the millisecond', async () => {
    await lib.upsertMessages(userId, [
      message('m-1', { subject: 'Budget\u0000 review', importance: 'high' }),
    ]);
    expect(await row('m-1')).toMatchObject({
      folderGraphId: 'inbox-id',
      conversationId: 'conv-m-1',
      subject: 'Budget\uFFFD review',
      preview: 'Preview m-1',
      fromName: 'Megan Bowen',
      fromAddress: 'megan@contoso.test',
      toRecipients: [{ name: 'Adele', address: 'adele@contoso.test' }],
      ccRecipients: [],
      receivedAt: new Date('2026-11-30T09:15:42.123Z'),
      isRead: false,
      isDraft: false,
      flagStatus: 'notFlagged',
      importance: 'high',
      changeKey: 'ck-1',
    });
  });

  it('updates a cached message in place, keeping its body unless it is a draft', async () => {
    await lib.upsertMessages(userId, [message('m-2'), message('d-1', { isDraft: true })]);
    const fetchedAt = new Date('2026-11-30T10:00:00.000Z');
    await lib.db.mailMessage.updateMany({
      where: { userId, graphId: { in: ['m-2', 'd-1'] } },
      data: { bodyFetchedAt: fetchedAt, bodyContent: 'kept', bodyType: 'text' },
    });
    const before = await row('m-2');
    await lib.upsertMessages(userId, [
      message('m-2', {
        isRead: true,
        flag: { flagStatus: 'flagged' },
        parentFolderId: 'archive-id',
        changeKey: 'ck-2',
      }),
      message('d-1', { isDraft: true, subject: 'Edited draft' }),
    ]);
    const after = await row('m-2');
    expect(after).toMatchObject({
      id: before?.id,
      isRead: true,
      flagStatus: 'flagged',
      folderGraphId: 'archive-id',
      changeKey: 'ck-2',
      bodyFetchedAt: fetchedAt,
      bodyContent: 'kept',
    });
    expect(await row('d-1')).toMatchObject({ subject: 'Edited draft', bodyFetchedAt: null });
  });

  it('writes a batch larger than one statement, and the last of two versions of a message wins', async () => {
    const batch = Array.from({ length: 450 }, (_, i) => message(`bulk-${i}`));
    batch.push(message('bulk-7', { subject: 'Second version' }));
    await lib.upsertMessages(userId, batch);
    expect(await lib.db.mailMessage.count({ where: { userId, graphId: { startsWith: 'bulk-' } } })).toBe(450);
    expect((await row('bulk-7'))?.subject).toBe('Second version');
  });

  it('pages messages received at the same instant across page boundaries, each exactly once, newest id first', async () => {
    const same = '2026-11-29T08:00:00.000Z';
    const ids = Array.from({ length: 7 }, (_, i) => `tie-${i}`);
    await lib.upsertMessages(
      userId,
      ids.map((id) => message(id, { parentFolderId: 'ties-folder', receivedDateTime: same })),
    );
    const seen: string[] = [];
    let cursor: ReturnType<typeof lib.decodeCursor> = null;
    for (let page = 0; page < 10; page++) {
      const { rows, nextCursor } = await lib.listMessages(userId, 'ties-folder', 3, cursor);
      seen.push(...rows.map((r) => r.graphId));
      if (!nextCursor) break;
      cursor = lib.decodeCursor(nextCursor);
    }
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('skips a message it cannot store, logs it, and stores the rest of the batch', async () => {
    const before = lib.skippedMessageCount();
    await lib.upsertMessages(userId, [
      message('fine-1'),
      message('broken', { receivedDateTime: 'not a date' }),
      message('fine-2'),
    ]);
    expect(await row('fine-1')).not.toBeNull();
    expect(await row('fine-2')).not.toBeNull();
    expect(await row('broken')).toBeNull();
    expect(lib.skippedMessageCount()).toBe(before + 1);
  });

  it('never goes backwards: an older version of a message does not overwrite a newer one', async () => {
    await lib.upsertMessages(userId, [
      message('versioned', {
        isRead: true,
        lastModifiedDateTime: '2026-11-30T10:00:02.000Z',
        changeKey: 'v2',
      }),
    ]);
    // A fetch that started before the change and finished after it.
    await lib.upsertMessages(userId, [
      message('versioned', {
        isRead: false,
        lastModifiedDateTime: '2026-11-30T10:00:01.000Z',
        changeKey: 'v1',
      }),
    ]);
    expect(await row('versioned')).toMatchObject({ isRead: true, changeKey: 'v2' });
    await lib.upsertMessages(userId, [
      message('versioned', {
        isRead: false,
        lastModifiedDateTime: '2026-11-30T10:00:03.000Z',
        changeKey: 'v3',
      }),
    ]);
    expect(await row('versioned')).toMatchObject({ isRead: false, changeKey: 'v3' });
  });
});

describe('saving the folder list', () => {
  it('drops a folder gone from the mailbox together with its cached mail, and keeps the rest', async () => {
    const folder = (id: string) => ({
      id,
      displayName: id,
      parentFolderId: null,
      childFolderCount: 0,
      unreadItemCount: 0,
      totalItemCount: 1,
      wellKnownName: null,
    });
    await lib.saveFolders(userId, [folder('kept-folder'), folder('gone-folder')]);
    await lib.upsertMessages(userId, [
      message('in-kept', { parentFolderId: 'kept-folder' }),
      message('in-gone', { parentFolderId: 'gone-folder' }),
    ]);
    await lib.saveFolders(userId, [folder('kept-folder')]);
    expect(await row('in-kept')).not.toBeNull();
    expect(await row('in-gone')).toBeNull();
    expect((await lib.listFolders(userId)).map((f) => f.graphId)).toEqual(['kept-folder']);
  });
});
