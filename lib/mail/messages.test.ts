import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let lib: typeof import('./messages') & typeof import('./sync') & typeof import('./search');
let ApiError: typeof import('../api/api-error').ApiError;

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./messages')), ...(await import('./sync')), ...(await import('./search')) };
  ({ ApiError } = await import('../api/api-error'));
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  await Promise.all([lib.syncMailbox(adele), lib.syncMailbox(alex)]);
});
afterAll(() => emulator.close());

const control = (path: string, body?: unknown) => emulatorControl(emulator, path, body);

async function emulatorMessage(alias: string, id: string) {
  const state = (await (await fetch(`${emulator.url}/_emulator/mailboxes/${alias}`)).json()) as {
    folders: { id: string; wellKnownName: string | null }[];
    messages: { id: string; parentFolderId: string; isRead: boolean; flagStatus: string }[];
  };
  const message = state.messages.find((m) => m.id === id);
  return { ...message, folder: state.folders.find((f) => f.id === message?.parentFolderId)?.wellKnownName };
}

/** Delivers a mail from outside to Alex's Inbox; its id. */
async function deliverToAlex(mail: Record<string, unknown>): Promise<string> {
  const response = await control('/mail', { to: 'alex', ...mail });
  return ((await response.json()) as { id: string }).id;
}

const requestCount = async () =>
  ((await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as { requests: unknown[] })
    .requests.length;

async function inboxPage(userId: string) {
  return lib.getMessagePage(userId, 'inbox', null, 50);
}

describe('reading', () => {
  it('opens a message with a safe body, fetched once and then served from the cache', async () => {
    const { messages } = await lib.search(adele, 'newsletter', 'cache');
    const newsletter = messages.find((m) => m.hasAttachments === false) ?? messages[0];
    expect(newsletter).toBeDefined();
    const first = await lib.getMessageDetail(adele, newsletter?.id ?? '');
    expect(first.bodyDocument).toMatch(/^<!doctype html>/i);
    expect(first.bodyDocument).toContain('Content-Security-Policy');
    expect(first.bodyDocument).not.toMatch(/<script/i);
    const before = await requestCount();
    await lib.getMessageDetail(adele, newsletter?.id ?? '');
    expect(await requestCount()).toBe(before);
  });

  it('answers 404 for an unknown id and for another person’s message', async () => {
    const theirs = (await inboxPage(alex)).messages[0];
    for (const id of ['AAMknotamessage', theirs?.id ?? '']) {
      const error = await lib.getMessageDetail(adele, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404 });
    }
  });

  it('shows a conversation oldest first across folders', async () => {
    const { messages } = await lib.search(adele, 'Contoso Launch: store display timeline', 'cache');
    const conversation = await lib.getConversation(adele, messages[0]?.conversationId ?? '');
    expect(conversation.messages.length).toBeGreaterThan(1);
    const times = conversation.messages.map((m) => Date.parse(m.receivedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(conversation.messages.map((m) => m.folderId)).size).toBeGreaterThan(1);
  });

  it('finds mail by a word of its subject in the cache and through Graph', async () => {
    const cached = await lib.search(adele, 'budget', 'cache');
    expect(cached.messages.some((m) => /budget/i.test(m.subject))).toBe(true);
    const graph = await lib.search(adele, 'budget', 'graph');
    expect(graph.source).toBe('graph');
    expect(graph.messages.some((m) => /budget/i.test(m.subject))).toBe(true);
  });
});

describe('changing', () => {
  it('marks read and unread, flags, archives, moves and deletes in Graph and in the cache', async () => {
    const [one, two, three] = (await inboxPage(adele)).messages;
    expect((await lib.updateMessage(adele, one?.id ?? '', { isRead: false })).isRead).toBe(false);
    expect(await emulatorMessage('adele', one?.id ?? '')).toMatchObject({ isRead: false });
    expect((await lib.updateMessage(adele, one?.id ?? '', { flagStatus: 'flagged' })).flagStatus).toBe(
      'flagged',
    );
    expect(await emulatorMessage('adele', one?.id ?? '')).toMatchObject({ flagStatus: 'flagged' });

    const archived = await lib.moveToFolder(adele, one?.id ?? '', 'archive');
    expect(archived.id).toBe(one?.id);
    expect(await emulatorMessage('adele', one?.id ?? '')).toMatchObject({ folder: 'archive' });
    const projects = (await lib.getFolders(adele)).find((f) => f.name === 'Projects');
    await lib.moveToFolder(adele, two?.id ?? '', projects?.id ?? '');
    expect((await emulatorMessage('adele', two?.id ?? '')).parentFolderId).toBe(projects?.id);
    await lib.moveToFolder(adele, three?.id ?? '', 'deleteditems');
    expect(await emulatorMessage('adele', three?.id ?? '')).toMatchObject({ folder: 'deleteditems' });

    const inboxIds = (await inboxPage(adele)).messages.map((m) => m.id);
    expect(inboxIds).not.toContain(one?.id);
    expect(inboxIds).not.toContain(two?.id);
  });

  it('keeps the cache unchanged when Graph refuses, and says why', async () => {
    const message = (await inboxPage(adele)).messages[0];
    await control('/faults', { kind: 'status', status: 503, count: 10, pathPattern: '/messages/' });
    try {
      const error = await lib.moveToFolder(adele, message?.id ?? '', 'archive').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unavailable' });
      expect((await inboxPage(adele)).messages[0]?.id).toBe(message?.id);
    } finally {
      await control('/faults');
    }
  });

  it('refuses a move to a folder that does not exist', async () => {
    const message = (await inboxPage(adele)).messages[0];
    await expect(lib.moveToFolder(adele, message?.id ?? '', 'nowhere')).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('header fields written by strangers', () => {
  it('lose their bidi controls in the list, the conversation, search and attachment names', async () => {
    const id = await deliverToAlex({
      from: 'billing@fabrikam.test',
      fromName: 'Billing \u202EecnaniF',
      subject: 'Your invoice\u202Efdp.exe',
      body: 'Attached.',
      attachments: [
        {
          name: 'invoice\u202Efdp.exe',
          contentType: 'application/octet-stream',
          contentBase64: Buffer.from('MZ').toString('base64'),
        },
      ],
    });
    await lib.syncMailbox(alex);
    const bidi = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;

    const row = (await inboxPage(alex)).messages.find((m) => m.id === id);
    expect(row?.subject).toBe('Your invoicefdp.exe');
    expect(row?.from?.name).toBe('Billing ecnaniF');
    const detail = await lib.getMessageDetail(alex, id);
    expect(detail.attachments.map((a) => a.name)).toEqual(['invoicefdp.exe']);
    const found = await lib.search(alex, 'invoice', 'cache');
    expect(found.messages.some((m) => m.id === id)).toBe(true);
    for (const text of [
      ...found.messages.flatMap((m) => [m.subject, m.from?.name ?? '', m.preview]),
      detail.subject,
      detail.from?.name ?? '',
    ]) {
      expect(text).not.toMatch(bidi);
    }
  });
});

describe('a mail carrying U+0000', () => {
  it('is cached and opens, and mail after it still arrives', async () => {
    const id = await deliverToAlex({
      from: 'odd@fabrikam.test',
      subject: 'Null\u0000byte',
      body: '<p>a\u0000b</p><a href="java\u0000script:alert(1)">x</a>',
      bodyType: 'html',
    });
    await lib.syncMailbox(alex);
    const detail = await lib.getMessageDetail(alex, id);
    expect(detail.subject).toBe('Null\uFFFDbyte');
    expect(detail.bodyDocument).not.toMatch(/javascript/i);
    const next = await deliverToAlex({ from: 'odd@fabrikam.test', subject: 'After the null' });
    await lib.syncMailbox(alex);
    expect((await inboxPage(alex)).messages.map((m) => m.id)).toContain(next);
  });
});

describe('with Microsoft 365 unreachable', () => {
  it('still lists folders and opens cached messages', async () => {
    const page = await inboxPage(alex);
    const opened = await lib.getMessageDetail(alex, page.messages[0]?.id ?? '');
    await emulator.close();
    expect((await lib.getFolders(alex)).length).toBeGreaterThan(5);
    expect((await inboxPage(alex)).messages.map((m) => m.id)).toEqual(page.messages.map((m) => m.id));
    expect((await lib.getMessageDetail(alex, opened.id)).subject).toBe(opened.subject);
    // A sync round fails, and the status says Graph cannot be reached.
    await expect(lib.syncMailbox(alex)).rejects.toBeDefined();
    expect(await lib.getSyncStatus(alex)).toMatchObject({ state: 'failed', graphReachable: false });
  });
});
