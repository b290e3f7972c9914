import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';

/*
 * The emulator's mailboxSettings (automatic replies) and deferred send, through the official Graph client.
 * The clock runs 600 times faster here: a scheduled minute passes in a tenth of a second.
 */

let emulator: RunningEmulator;
let client: Client;
let readOnly: Client;

beforeAll(async () => {
  emulator = await startTestEmulator({ timeScale: 600 });
  client = await graphClient(emulator, {
    token: await tokenFor(emulator, 'adele', {
      scopes: ['Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.ReadWrite'],
    }),
  });
  readOnly = await graphClient(emulator, {
    token: await tokenFor(emulator, 'adele', { scopes: ['Mail.ReadWrite', 'MailboxSettings.Read'] }),
  });
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const alex = () => store().findUser('alex')?.id ?? '';
const alexInbox = (subject: string) =>
  store()
    .messagesOf(alex(), store().getFolder(alex(), 'inbox')?.id)
    .filter((m) => m.subject === subject);

describe('mailboxSettings', () => {
  it('reads and patches automaticRepliesSetting as Graph shapes it', async () => {
    const settings = await client.api('/me/mailboxSettings').get();
    expect(settings.automaticRepliesSetting).toMatchObject({ status: 'disabled', externalAudience: 'all' });
    expect(settings.automaticRepliesSetting.scheduledStartDateTime).toEqual({
      dateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/),
      timeZone: 'UTC',
    });

    const patched = await client.api('/me/mailboxSettings').patch({
      '@odata.context': 'ignored',
      automaticRepliesSetting: {
        status: 'Scheduled',
        scheduledStartDateTime: { dateTime: '2030-01-01T09:00:00', timeZone: 'Europe/Paris' },
        scheduledEndDateTime: { dateTime: '2030-01-02T17:00:00', timeZone: 'Europe/Paris' },
        internalReplyMessage: '<p>Away</p>',
      },
    });
    expect(patched.automaticRepliesSetting).toMatchObject({
      status: 'scheduled',
      internalReplyMessage: '<p>Away</p>',
      externalAudience: 'all',
    });
    const read = await readOnly.api('/me/mailboxSettings/automaticRepliesSetting').get();
    expect(read.scheduledStartDateTime).toEqual({
      dateTime: '2030-01-01T09:00:00',
      timeZone: 'Europe/Paris',
    });
  });

  it('refuses an end before the start, an unknown status, and writes without MailboxSettings.ReadWrite', async () => {
    const backwards = await graphErrorOf(
      client.api('/me/mailboxSettings').patch({
        automaticRepliesSetting: {
          status: 'scheduled',
          scheduledStartDateTime: { dateTime: '2030-01-02T09:00:00', timeZone: 'UTC' },
          scheduledEndDateTime: { dateTime: '2030-01-01T09:00:00', timeZone: 'UTC' },
        },
      }),
    );
    expect(backwards.statusCode).toBe(400);
    const unknown = await graphErrorOf(
      client.api('/me/mailboxSettings').patch({ automaticRepliesSetting: { status: 'sometimes' } }),
    );
    expect(unknown.statusCode).toBe(400);
    const denied = await graphErrorOf(
      readOnly.api('/me/mailboxSettings').patch({ automaticRepliesSetting: { status: 'disabled' } }),
    );
    expect(denied.statusCode).toBe(403);
  });
});

describe('deferred send (PidTagDeferredSendTime)', () => {
  it('holds the message in the Outbox until its time on the scaled clock, then delivers it', async () => {
    const at = new Date(emulator.ctx.clock.now() + 10 * 60_000).toISOString();
    const draft = await client.api('/me/messages').post({
      subject: 'Deferred through Graph',
      toRecipients: [{ emailAddress: { address: 'alex@contoso.test' } }],
      singleValueExtendedProperties: [{ id: 'SystemTime 0x3FEF', value: at }],
    });
    await client.api(`/me/messages/${draft.id}/send`).post(null);
    const outbox = await client
      .api('/me/mailFolders/outbox/messages')
      .expand("singleValueExtendedProperties($filter=id eq 'SystemTime 0x3FEF')")
      .get();
    const waiting = outbox.value.find((m: { id: string }) => m.id === draft.id);
    expect(waiting.isDraft).toBe(true);
    expect(waiting.singleValueExtendedProperties).toEqual([
      { id: 'SystemTime 0x3FEF', value: at.replace(/\.\d{3}Z$/, 'Z') },
    ]);
    expect(alexInbox('Deferred through Graph')).toHaveLength(0);
    // Ten scaled minutes are one real second at 600×.
    await expect.poll(() => alexInbox('Deferred through Graph').length, { timeout: 20_000 }).toBe(1);
    const sent = await client.api(`/me/messages/${draft.id}`).get();
    expect(sent.isDraft).toBe(false);
    expect(sent.parentFolderId).toBe(store().getFolder(store().findUser('adele')?.id ?? '', 'sentitems')?.id);
  });

  it('a time already past sends at once; an expand of another form is refused', async () => {
    await client.api('/me/sendMail').post({
      message: {
        subject: 'Deferred to the past',
        toRecipients: [{ emailAddress: { address: 'alex@contoso.test' } }],
        singleValueExtendedProperties: [{ id: 'SystemTime 0x3FEF', value: '2001-01-01T00:00:00Z' }],
      },
    });
    expect(alexInbox('Deferred to the past')).toHaveLength(1);
    const refused = await graphErrorOf(
      client.api('/me/messages').expand('singleValueExtendedProperties').get(),
    );
    expect(refused.statusCode).toBe(400);
  });
});
