import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import type { MailChange } from '../store/types';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';

let emulator: RunningEmulator;
let alex: Client;
let megan: Client;
let alexId: string;
let folderIds: Record<string, string>;

const SCOPES = ['Mail.ReadWrite', 'Mail.Send', 'User.Read', 'MailboxSettings.ReadWrite'];
const RULES = '/me/mailFolders/inbox/messageRules';

beforeAll(async () => {
  emulator = await startTestEmulator();
  alex = await graphClient(emulator, { token: await tokenFor(emulator, 'alex', { scopes: SCOPES }) });
  megan = await graphClient(emulator, { token: await tokenFor(emulator, 'megan', { scopes: SCOPES }) });
  alexId = emulator.ctx.store.findUser('alex')?.id ?? '';
  const folders = [...emulator.ctx.store.folders.values()].filter((f) => f.userId === alexId);
  folderIds = Object.fromEntries(folders.map((f) => [f.wellKnownName ?? f.displayName, f.id]));
});
afterAll(() => emulator.close());

beforeEach(async () => {
  const { value } = await alex.api(RULES).get();
  for (const rule of value as { id: string }[])
    await alex.api(`${RULES}/${encodeURIComponent(rule.id)}`).delete();
});

const deliver = async (body: Record<string, unknown>) => {
  const response = await fetch(`${emulator.url}/_emulator/mail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'alex', from: 'someone@fabrikam.test', subject: 'Hello', ...body }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; folderId: string };
};

const stored = (id: string) => emulator.ctx.store.getMessage(alexId, id);

describe('messageRules CRUD', () => {
  it('creates, reads, lists in sequence order, updates and deletes a rule, as Graph answers', async () => {
    const second = await alex.api(RULES).post({
      displayName: 'From partner',
      sequence: 2,
      isEnabled: true,
      conditions: { senderContains: ['adele'] },
      actions: {
        forwardTo: [{ emailAddress: { name: 'Megan', address: 'megan@contoso.test' } }],
        stopProcessingRules: true,
      },
    });
    expect(second).toMatchObject({
      displayName: 'From partner',
      sequence: 2,
      isEnabled: true,
      hasError: false,
      isReadOnly: false,
      conditions: { senderContains: ['adele'] },
      actions: { stopProcessingRules: true },
    });
    expect(second.id).toEqual(expect.any(String));
    const first = await alex
      .api(RULES)
      .post({ displayName: 'Read receipts', sequence: 1, actions: { markAsRead: true } });
    expect(first.isEnabled).toBe(true);

    const { value } = await alex.api(RULES).get();
    expect(value.map((r: { displayName: string }) => r.displayName)).toEqual([
      'Read receipts',
      'From partner',
    ]);

    // Graph's own example: a complex property given replaces the whole value.
    const updated = await alex
      .api(`${RULES}/${encodeURIComponent(second.id)}`)
      .patch({ displayName: 'Important from partner', actions: { markImportance: 'high' } });
    expect(updated).toMatchObject({
      displayName: 'Important from partner',
      sequence: 2,
      conditions: { senderContains: ['adele'] },
      actions: { markImportance: 'high' },
    });
    expect(updated.actions.forwardTo).toBeUndefined();
    expect(await alex.api(`${RULES}/${encodeURIComponent(second.id)}`).get()).toMatchObject({
      displayName: 'Important from partner',
    });

    await alex.api(`${RULES}/${encodeURIComponent(second.id)}`).delete();
    const error = await graphErrorOf(alex.api(`${RULES}/${encodeURIComponent(second.id)}`).get());
    expect(error.statusCode).toBe(404);
  });

  it('works through /users/{upn}/… for the caller and by the Inbox’s id, not on another folder', async () => {
    await alex.api('/users/alex@contoso.test/mailFolders/inbox/messageRules').post({
      displayName: 'By UPN',
      sequence: 1,
      actions: { markAsRead: true },
    });
    const { value } = await alex.api(`/me/mailFolders/${folderIds.inbox}/messageRules`).get();
    expect(value).toHaveLength(1);
    const elsewhere = await graphErrorOf(alex.api(`/me/mailFolders/${folderIds.archive}/messageRules`).get());
    expect(elsewhere.statusCode).toBe(400);
  });

  it('refuses what Graph refuses: missing fields, no action, a folder that is not there, unknown predicates', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ sequence: 1, actions: { markAsRead: true } }, /displayName/],
      [{ displayName: 'x', actions: { markAsRead: true } }, /sequence/],
      [{ displayName: 'x', sequence: 1 }, /actions/],
      [{ displayName: 'x', sequence: 1, actions: { stopProcessingRules: true } }, /at least one action/],
      [{ displayName: 'x', sequence: 1, actions: { moveToFolder: 'nope' } }, /no folder with the id 'nope'/],
      [{ displayName: 'x', sequence: 1, actions: { moveToFolder: 'junkemail' } }, /no folder/],
      [
        { displayName: 'x', sequence: 1, conditions: { isVoicemail: true }, actions: { markAsRead: true } },
        /isVoicemail/,
      ],
      [
        { displayName: 'x', sequence: 1, actions: { forwardTo: [{ emailAddress: { address: 'no' } }] } },
        /forwardTo/,
      ],
    ];
    for (const [body, message] of cases) {
      const error = await graphErrorOf(alex.api(RULES).post(body));
      expect(error.statusCode, JSON.stringify(body)).toBe(400);
      expect(error.message, JSON.stringify(body)).toMatch(message);
    }
    // Another mailbox's folder id is not a folder of this one.
    const meganJunk = emulator.ctx.store.getFolder(
      emulator.ctx.store.findUser('megan')?.id ?? '',
      'junkemail',
    );
    const error = await graphErrorOf(
      alex.api(RULES).post({ displayName: 'x', sequence: 1, actions: { moveToFolder: meganJunk?.id } }),
    );
    expect(error.statusCode).toBe(400);
    expect((await alex.api(RULES).get()).value).toHaveLength(0);
  });

  it('needs MailboxSettings permissions', async () => {
    const mailOnly = await graphClient(emulator, {
      token: await tokenFor(emulator, 'alex', { scopes: ['Mail.ReadWrite'] }),
    });
    expect((await graphErrorOf(mailOnly.api(RULES).get())).statusCode).toBe(403);
  });
});

describe('rules at delivery', () => {
  it('move matching mail before it is announced, so the notification names the final folder', async () => {
    await alex.api(RULES).post({
      displayName: 'Block spam@fabrikam.test',
      sequence: 1,
      conditions: { fromAddresses: [{ emailAddress: { address: 'Spam@Fabrikam.test' } }] },
      actions: { moveToFolder: folderIds.junkemail },
    });
    const seen: MailChange[] = [];
    const listen = (change: MailChange) => seen.push(change);
    emulator.ctx.store.on('change', listen);
    const blocked = await deliver({ from: 'spam@fabrikam.test', subject: 'Buy now' });
    const other = await deliver({ from: 'friend@fabrikam.test', subject: 'Lunch?' });
    emulator.ctx.store.off('change', listen);
    expect(blocked.folderId).toBe(folderIds.junkemail);
    expect(stored(blocked.id)?.parentFolderId).toBe(folderIds.junkemail);
    expect(stored(other.id)?.parentFolderId).toBe(folderIds.inbox);
    expect(seen.filter((c) => c.messageId === blocked.id)).toEqual([
      expect.objectContaining({ changeType: 'created', folderId: folderIds.junkemail }),
    ]);
  });

  it('run in sequence order, with stopProcessingRules, and skip disabled rules', async () => {
    await alex.api(RULES).post({
      displayName: 'Projects',
      sequence: 5,
      conditions: { subjectContains: ['launch'] },
      actions: { moveToFolder: folderIds.Projects, assignCategories: ['Launch'] },
    });
    await alex.api(RULES).post({
      displayName: 'Urgent first',
      sequence: 1,
      conditions: { subjectContains: ['URGENT'] },
      actions: { markAsRead: true, markImportance: 'high', stopProcessingRules: true },
    });
    await alex.api(RULES).post({
      displayName: 'Off',
      sequence: 2,
      isEnabled: false,
      conditions: { subjectContains: ['launch'] },
      actions: { delete: true },
    });
    const urgent = await deliver({ subject: 'Urgent: launch slides' });
    expect(stored(urgent.id)).toMatchObject({
      parentFolderId: folderIds.inbox,
      isRead: true,
      importance: 'high',
      categories: [],
    });
    const launch = await deliver({ subject: 'The launch plan', categories: ['Finance'] });
    expect(stored(launch.id)).toMatchObject({
      parentFolderId: folderIds.Projects,
      isRead: false,
      categories: ['Finance', 'Launch'],
    });
  });

  it('evaluate sent to me, attachments, exceptions; delete and permanent delete', async () => {
    await alex.api(RULES).post({
      displayName: 'Attachments to me',
      sequence: 1,
      conditions: { sentToMe: true, hasAttachments: true },
      exceptions: { senderContains: ['boss'] },
      actions: { delete: true },
    });
    await alex.api(RULES).post({
      displayName: 'Drop noise',
      sequence: 2,
      conditions: { headerContains: ['X-Noise: yes'] },
      actions: { permanentDelete: true },
    });
    const file = [{ name: 'a.txt', contentType: 'text/plain', contentBase64: 'aGk=' }];
    const deleted = await deliver({ subject: 'File', attachments: file });
    const fromBoss = await deliver({ from: 'boss@fabrikam.test', subject: 'File', attachments: file });
    const plain = await deliver({ subject: 'No file' });
    expect(stored(deleted.id)?.parentFolderId).toBe(folderIds.deleteditems);
    expect(stored(fromBoss.id)?.parentFolderId).toBe(folderIds.inbox);
    expect(stored(plain.id)?.parentFolderId).toBe(folderIds.inbox);
    const noise = await deliver({ subject: 'Noise', headers: [{ name: 'X-Noise', value: 'yes' }] });
    expect(stored(noise.id)).toBeUndefined();
  });

  it('apply to mail sent by another user of the tenant, and forward without looping', async () => {
    await alex.api(RULES).post({
      displayName: 'Forward reports',
      sequence: 1,
      conditions: { subjectContains: ['report'] },
      actions: { forwardTo: [{ emailAddress: { address: 'megan@contoso.test' } }] },
    });
    const meganId = emulator.ctx.store.findUser('megan')?.id ?? '';
    // Megan forwards reports back to Alex: Exchange's loop guard stops the ping-pong.
    await megan.api(RULES).post({
      displayName: 'Back to Alex',
      sequence: 1,
      conditions: { subjectContains: ['report'] },
      actions: { forwardTo: [{ emailAddress: { address: 'alex@contoso.test' } }] },
    });
    await megan.api('/me/sendMail').post({
      message: {
        subject: 'Weekly report',
        body: { contentType: 'text', content: 'Numbers inside.' },
        toRecipients: [{ emailAddress: { address: 'alex@contoso.test' } }],
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const alexReports = emulator.ctx.store
      .messagesOf(alexId)
      .filter((m) => m.subject.includes('Weekly report'));
    const meganReports = emulator.ctx.store
      .messagesOf(meganId, emulator.ctx.store.getFolder(meganId, 'inbox')?.id)
      .filter((m) => m.subject.includes('Weekly report'));
    // Alex: the original and Megan's forward of his forward; Megan: Alex's forward only (she forwarded once).
    expect(alexReports.map((m) => m.subject).sort()).toEqual(['FW: FW: Weekly report', 'Weekly report']);
    expect(meganReports.map((m) => m.subject)).toEqual(['FW: Weekly report']);
    await megan
      .api(RULES)
      .get()
      .then(async ({ value }) => {
        for (const rule of value as { id: string }[])
          await megan.api(`${RULES}/${encodeURIComponent(rule.id)}`).delete();
      });
  });

  it('leave copied mail alone, and mark a rule whose folder was deleted as in error', async () => {
    const folder = await alex.api('/me/mailFolders').post({ displayName: 'Short-lived' });
    const rule = await alex.api(RULES).post({
      displayName: 'To a folder',
      sequence: 1,
      actions: { moveToFolder: folder.id },
    });
    const first = await deliver({ subject: 'One' });
    expect(stored(first.id)?.parentFolderId).toBe(folder.id);
    await alex.api(`/me/messages/${first.id}/copy`).post({ destinationId: 'inbox' });
    expect(emulator.ctx.store.messagesOf(alexId, folderIds.inbox).some((m) => m.subject === 'One')).toBe(
      true,
    );

    emulator.ctx.store.removeFolder(alexId, folder.id);
    const second = await deliver({ subject: 'Two' });
    expect(stored(second.id)?.parentFolderId).toBe(folderIds.inbox);
    expect((await alex.api(`${RULES}/${encodeURIComponent(rule.id)}`).get()).hasError).toBe(true);
  });
});

describe('internetMessageHeaders', () => {
  it('are returned only when $selected', async () => {
    const headers = [
      { name: 'List-Unsubscribe', value: '<https://news.example.com/u?id=1>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ];
    const { id } = await deliver({ subject: 'News', headers });
    const plain = await alex.api(`/me/messages/${id}`).get();
    expect(plain.internetMessageHeaders).toBeUndefined();
    const selected = await alex.api(`/me/messages/${id}`).select('internetMessageHeaders').get();
    expect(selected.internetMessageHeaders).toEqual(headers);
  });

  it('are seeded on newsletters: a one-click https unsubscribe and a mailto one', async () => {
    const newsletter = emulator.ctx.store
      .messagesOf(alexId)
      .find((m) => m.internetMessageHeaders?.some((h) => h.name === 'List-Unsubscribe'));
    expect(newsletter, 'a seeded newsletter').toBeDefined();
    const message = await alex.api(`/me/messages/${newsletter?.id}`).select('internetMessageHeaders').get();
    expect(message.internetMessageHeaders).toEqual([
      {
        name: 'List-Unsubscribe',
        value: expect.stringMatching(
          /^<https:\/\/[^>]+\/unsubscribe\?u=[^>]+>, <mailto:unsubscribe@[^>?]+\?subject=unsubscribe>$/,
        ),
      },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
  });
});
